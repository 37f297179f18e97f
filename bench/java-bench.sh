#!/usr/bin/env bash
# Runs one of system-tests' benchmark classes (io.incidentledger.systemtest.bench.<Class>) with the test class
# path, building the jars first if they are missing: bench/java-bench.sh <Class> [args...]. The scripts beside it
# (commands.sh, e2e-latency.sh) call it. BENCH_JAVA_OPTS: options for the benchmark JVM, e.g.
# -Dservices.jvm-options=... for the JVMs of the services it starts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

main_class=$1
shift
if [ ! -f command-service/target/command-service.jar ] || [ ! -f query-service/target/query-service.jar ]; then
  ./mvnw -B -q install -DskipTests
fi
./mvnw -B -q test-compile -pl system-tests
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q dependency:build-classpath -pl system-tests -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test

java ${BENCH_JAVA_OPTS:-} -Dincident-ledger.repo-root="$PWD" -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  "io.incidentledger.systemtest.bench.$main_class" "$@"
