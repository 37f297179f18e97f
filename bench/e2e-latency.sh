#!/usr/bin/env bash
# Benchmark, not a test: from a command's 2xx to its change in /api/v2/summary.json on each of two query-service
# instances, p50/p99, at steady offered rates (default 10 and 500 commands/s, 10 s each), on H2 and PostgreSQL.
# Baseline in the same run: one summary.json round trip, the floor of what the watchers can observe.
# Usage: bench/e2e-latency.sh [seconds per rate] [rates, comma-separated]. Needs Java, the built jars and Maven;
# PostgreSQL's server binaries (Debian's postgresql) for the second half.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bench/java-bench.sh EndToEndLatency "${1:-10}" "${2:-10,500}"
