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

seconds=${1:-10}
if [ ! -f command-service/target/command-service.jar ]; then
  ./mvnw -B -q install -DskipTests
fi
./mvnw -B -q test-compile -pl system-tests
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q dependency:build-classpath -pl system-tests -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test

java -Dincident-ledger.repo-root="$PWD" -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  io.incidentledger.systemtest.bench.CommandThroughput "$seconds"
