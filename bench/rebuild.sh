#!/usr/bin/env bash
# Benchmark, not a test: how fast query-service rebuilds its projections from the event store, with the
# processor settings of application.yml beside tuned ones (bigger batches, two segments), on the same generated
# history, in the same run, on the same machine.
#
#   bench/rebuild.sh [events, default 20000] [h2|postgres, default h2]
#
# postgres: a throwaway PostgreSQL (Debian's, installed if missing, as the system tests start it) instead of H2.
# BENCH_REBUILD_SETTINGS=default,batch500x2 runs only those settings (default, batch500, batch500x2, batch1000x2).
#
# Builds query-service (jar and test classes) if missing, writes a generated history of about <events> events
# (40 components, incidents of 20 events each) to a fresh H2 directory, then starts query-service on it once per
# setting and runs the same rebuild as POST /api/admin/rebuild. Prints events/s per setting and the read-model
# digest after each rebuild, which must be the same every time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

events=${1:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f query-service/target/query-service.jar ] \
    || [ ! -f query-service/target/test-classes/io/incidentledger/query/admin/RebuildBenchmark.class ]; then
  ./mvnw -B -q package -DskipTests -pl query-service -am
fi

# The benchmark's main class and its history generator live with the tests; Spring Boot's PropertiesLauncher
# runs them on the application jar's own class path.
benchmark=(java ${BENCH_JAVA_OPTS:-} -Daxoniq.update-checker.disabled=true
  -Dloader.path=query-service/target/test-classes
  -Dloader.main=io.incidentledger.query.admin.RebuildBenchmark
  -cp query-service/target/query-service.jar org.springframework.boot.loader.launch.PropertiesLauncher
  "$events" "$work/data")
case "${2:-h2}" in
  h2) "${benchmark[@]}" ;;
  # The system tests' throwaway server (system-tests' LocalPostgres), the benchmark run beside it.
  postgres) bench/java-bench.sh WithLocalPostgres "${benchmark[@]}" ;;
  *) echo "bench/rebuild.sh: h2 or postgres, not $2" >&2; exit 2 ;;
esac
