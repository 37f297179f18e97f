#!/usr/bin/env bash
# Starts Incident Ledger on the embedded default: command-service and query-service sharing one H2 file
# database under ./data (or $INCIDENT_LEDGER_DATA_DIR). Builds the jars first when they are missing or older
# than the sources. Prints the URLs; Ctrl-C stops both.
#
#   ./start.sh            # start
#   ./start.sh --demo     # ... and load the demo incident (Heroku, 29 June 2012) through the command API
#
# Environment: COMMAND_PORT (8080), QUERY_PORT (8081), INCIDENT_LEDGER_DATA_DIR (./data), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

demo=false
for arg in "$@"; do
  case "$arg" in
    --demo) demo=true ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "start.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

command_port=${COMMAND_PORT:-8080}
query_port=${QUERY_PORT:-8081}
data_dir=${INCIDENT_LEDGER_DATA_DIR:-$PWD/data}
logs_dir="$data_dir/logs"
jars=(command-service/target/command-service.jar query-service/target/query-service.jar)

stale=false
for jar in "${jars[@]}"; do
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml shared-events ledger-store command-service query-service \
        -path '*/target' -prune -o -type f -newer "$jar" -print -quit)" ]; then
    stale=true
  fi
done
if $stale; then
  echo "Building the services (tests skipped; ./mvnw -B verify runs them)..."
  ./mvnw -B -q package -DskipTests -pl command-service,query-service -am
fi

command -v java >/dev/null || { echo "start.sh needs Java 17 or newer on the PATH" >&2; exit 1; }
command -v curl >/dev/null || { echo "start.sh needs curl (to wait for the services' health)" >&2; exit 1; }
mkdir -p "$logs_dir"
pids=()
stopping=false
stop() {
  stopping=true
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "Stopping..."
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop INT TERM EXIT

# start <name> <jar> <port> [args...]: runs it in the background, logging to $logs_dir/<name>.log
start() {
  local name=$1 jar=$2 port=$3; shift 3
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -Daxoniq.update-checker.disabled=true -jar "$jar" --server.port="$port" \
    --incident-ledger.data-dir="$data_dir" "$@" >"$logs_dir/$name.log" 2>&1 &
  pids+=($!)
}

# await_health <name> <port>: until /actuator/health says UP, or the process dies, or 120 s pass.
await_health() {
  local name=$1 port=$2 pid=${pids[-1]}
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name stopped while starting; the end of $logs_dir/$name.log:" >&2
      tail -n 40 "$logs_dir/$name.log" >&2
      exit 1
    fi
    if curl -fsS "http://localhost:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
      return 0
    fi
    sleep 0.5
  done
  echo "$name did not become healthy in 120 s; see $logs_dir/$name.log" >&2
  exit 1
}

echo "Starting command-service on :$command_port and query-service on :$query_port (data: $data_dir)..."
# command-service first: with AUTO_SERVER the first process to open the H2 file serves it to the other.
start command-service "${jars[0]}" "$command_port" --incident-ledger.demo="$demo"
await_health command-service "$command_port"
start query-service "${jars[1]}" "$query_port"
await_health query-service "$query_port"

cat <<TEXT

Incident Ledger is running.
  Commands   http://localhost:$command_port/api/...     API docs http://localhost:$command_port/swagger-ui.html
  Queries    http://localhost:$query_port/api/status    API docs http://localhost:$query_port/swagger-ui.html
  Health     http://localhost:$command_port/actuator/health   http://localhost:$query_port/actuator/health
  Logs       $logs_dir/
TEXT
if $demo; then
  echo "  Demo       http://localhost:$query_port/api/incidents/heroku-2012-06-29/downtime"
fi
echo "Press Ctrl-C to stop both."
wait -n "${pids[@]}" || true
$stopping || echo "A service stopped on its own; see $logs_dir/. Stopping the other." >&2
