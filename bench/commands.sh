#!/usr/bin/env bash
# Benchmark, not a test: commands per second and p50/p99 latency over HTTP against one command-service, at 1, 8
# and 64 clients, on distinct aggregates (OpenIncident) and on one shared aggregate (PostUpdate), on the embedded
# H2 and on PostgreSQL; beside each, the baseline measured in the same run on the same database: raw JDBC inserts
# of a row the size of the stored events, one commit each, at the same thread counts.
#
#   bench/commands.sh [seconds per measurement, default 10]
#
# Builds the jars and the system-tests classes if needed. PostgreSQL is a throwaway local server (Debian's
# binaries, run as an unprivileged user when we are root), as in the system tests. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bench/java-bench.sh CommandThroughput "${1:-10}"
