#!/usr/bin/env bash
# Benchmark, not a test: milliseconds from `java` starting to /actuator/health/readiness answering UP, for
# command-service and query-service on the embedded default (one H2 file database in a fresh temporary data
# directory, with the arguments ./start.sh passes), started together and each alone. N runs, then the median.
#
#   bench/startup.sh [runs, default 3] [variant ...]
#
# Variants (default: plain archive, interleaved run by run so both see the same machine load):
#   plain    java -jar <module>/target/<module>.jar, as ./start.sh ran them before the start-up archives
#   archive  what ./start.sh runs now: the extracted jar with its start-up archive, an AOT cache on Java 25+ and a
#            class data sharing archive before (./start.sh --prepare-archives makes it first if missing or stale)
#   (cds is the old name of archive)
# The Java is ./start.sh's: $JAVA_HOME's, else the one on the PATH; run the script once per JDK to compare them.
# Builds nothing: needs the jars (./mvnw -q -B install -DskipTests). Prints the load average beside each run, as
# the machine may be shared. JAVA_OPTS is passed to every JVM, as ./start.sh does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=${1:-3}
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(plain archive)
for i in "${!variants[@]}"; do [ "${variants[$i]}" = cds ] && variants[$i]=archive; done
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"; else java_bin=java; fi
java_version=$("$java_bin" -version 2>&1 | head -n 1)
command_port=${BENCH_COMMAND_PORT:-28080}
query_port=${BENCH_QUERY_PORT:-28081}
jars=(command-service/target/command-service.jar query-service/target/query-service.jar)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "bench/startup.sh: $jar is missing; build first: ./mvnw -q -B install -DskipTests" >&2; exit 1; }
done
for variant in "${variants[@]}"; do
  case "$variant" in
    plain) ;;
    archive) ./start.sh --prepare-archives >/dev/null ;;
    *) echo "bench/startup.sh: unknown variant $variant (plain, archive)" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d)
pids=()
# The JVMs are not this shell's children (launch runs in a command substitution), so `wait` cannot wait for them:
# poll until they are gone, so that no JVM still writes its files when the data directories go.
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
  done
  pids=()
}
cleanup() {
  stop_all
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# java_command <variant> <service>: the command line up to the arguments. For archive, start.sh's own
# (./start.sh --print-launch), so the benchmark times exactly what start.sh runs.
java_command() {
  local variant=$1 service=$2
  case "$variant" in
    plain) echo "$java_bin ${JAVA_OPTS:-} -Daxoniq.update-checker.disabled=true -jar $service/target/$service.jar" ;;
    archive) echo "$java_bin ${JAVA_OPTS:-} $(./start.sh --print-launch "$service" | tr '\n' ' ')" ;;
  esac
}

# launch <variant> <service> <port> <data dir> <log>: starts it in the background; prints its pid.
launch() {
  local variant=$1 service=$2 port=$3 data=$4 log=$5 extra=()
  [ "$service" = command-service ] && extra=(--incident-ledger.demo=false)
  # shellcheck disable=SC2046
  $(java_command "$variant" "$service") --server.port="$port" --incident-ledger.data-dir="$data" "${extra[@]}" \
    >"$log" 2>&1 &
  echo $!
}

# await_ready <pid> <port> <start ms> <log>: prints the ms from start to readiness UP (or "failed").
await_ready() {
  local pid=$1 port=$2 start=$3 log=$4
  while kill -0 "$pid" 2>/dev/null; do
    if curl -fsS --max-time 1 "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null \
        | grep -q '"status":"UP"'; then
      echo $(($(now_ms) - start))
      return 0
    fi
    if [ $(($(now_ms) - start)) -gt 120000 ]; then break; fi
    sleep 0.05
  done
  # The data directory goes at the end of the run; the log of a failed start is kept.
  local kept; kept=$(mktemp "${TMPDIR:-/tmp}/bench-startup-failed.XXXX.log")
  cp "$log" "$kept"
  echo "bench/startup.sh: not ready, log kept in $kept; it ends with:" >&2
  tail -n 5 "$log" >&2
  echo failed
}

# A data directory as ./start.sh leaves it on first run: a tokens file with one token's hash.
fresh_data_dir() {
  local dir
  dir=$(mktemp -d "$work/data.XXXX")
  printf 'operator commander,admin,auditor sha256:%s\n' \
    "$(head -c 32 /dev/urandom | sha256sum | cut -d' ' -f1)" >"$dir/tokens"
  echo "$dir"
}

declare -A results
load() { cut -d' ' -f1-3 /proc/loadavg; }

printf '%-7s %-4s %-9s %13s %13s  %s\n' variant run start command-ms query-ms "load (1/5/15 min)"
for run in $(seq 1 "$runs"); do
  for variant in "${variants[@]}"; do
    # Together: both JVMs at once on one new database, as two services booting on one machine.
    data=$(fresh_data_dir); before=$(load)
    start=$(now_ms)
    pids+=("$(launch "$variant" command-service "$command_port" "$data" "$data/command.log")")
    pids+=("$(launch "$variant" query-service "$query_port" "$data" "$data/query.log")")
    await_ready "${pids[0]}" "$command_port" "$start" "$data/command.log" >"$data/c_ms" &
    c_wait=$!
    q_ms=$(await_ready "${pids[1]}" "$query_port" "$start" "$data/query.log")
    wait $c_wait || true
    c_ms=$(cat "$data/c_ms" 2>/dev/null || true)
    stop_all
    results[$variant,together,command]+=" $c_ms"; results[$variant,together,query]+=" $q_ms"
    printf '%-7s %-4s %-9s %13s %13s  %s\n' "$variant" "$run" together "$c_ms" "$q_ms" "$before"

    # Alone: one JVM on the machine, each on its own new database.
    data=$(fresh_data_dir); before=$(load)
    start=$(now_ms)
    pids+=("$(launch "$variant" command-service "$command_port" "$data" "$data/command.log")")
    c_ms=$(await_ready "${pids[0]}" "$command_port" "$start" "$data/command.log")
    stop_all
    data=$(fresh_data_dir)
    start=$(now_ms)
    pids+=("$(launch "$variant" query-service "$query_port" "$data" "$data/query.log")")
    q_ms=$(await_ready "${pids[0]}" "$query_port" "$start" "$data/query.log")
    stop_all
    results[$variant,alone,command]+=" $c_ms"; results[$variant,alone,query]+=" $q_ms"
    printf '%-7s %-4s %-9s %13s %13s  %s\n' "$variant" "$run" alone "$c_ms" "$q_ms" "$before"
  done
done

median() { tr ' ' '\n' | grep -E '^[0-9]+$' | sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "median of $runs runs, ms from java starting to readiness UP ($java_version; $(nproc) cores, load now $(load)):"
printf '%-7s %-9s %13s %13s\n' variant start command-ms query-ms
for variant in "${variants[@]}"; do
  for mode in together alone; do
    printf '%-7s %-9s %13s %13s\n' "$variant" "$mode" \
      "$(echo "${results[$variant,$mode,command]}" | median)" "$(echo "${results[$variant,$mode,query]}" | median)"
  done
done
