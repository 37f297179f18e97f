#!/usr/bin/env bash
# Starts Incident Ledger on the embedded default: command-service and query-service sharing one H2 file
# database under ./data (or $INCIDENT_LEDGER_DATA_DIR). Builds the jars first when they are missing or older
# than the sources. Prints the URLs; Ctrl-C stops both.
#
#   ./start.sh            # start
#   ./start.sh --demo     # ... and load the demo through the command API: the last 90 days of incidents
#                         # (relative to now, one still open) and Heroku's outage of 29 June 2012
#   ./start.sh --new-token <name> <roles>   # add an API token (roles: commander,admin,auditor), print it, exit
#   ./start.sh --prepare  # build if needed and make the start-up archives (see below), then exit
#   ./start.sh --prepare-archives  # only make the start-up archives of the jars as they are (no build), then exit
#   ./start.sh --print-launch <service>  # print what start.sh would run that service with after java and
#                         # JAVA_OPTS, one argument a line (no build, no archive made), then exit
#
# On first run it creates an API token with every role, prints it once and keeps only its SHA-256 in
# <data dir>/tokens. The first start after a build also makes each service's start-up archive (<module>/target/cds:
# an AOT cache on Java 25+, a class data sharing archive before; about 20 s, once), which shortens every later
# start; without it the jars run as they are.
# Environment: COMMAND_PORT (8080), QUERY_PORT (8081), INCIDENT_LEDGER_DATA_DIR (./data), JAVA_OPTS, JAVA_HOME
# (the Java to run; else java on the PATH).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

demo=false
prepare_only=false
archives_only=false
print_launch=""
new_token=()
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=true ;;
    --prepare) prepare_only=true ;;
    --prepare-archives) prepare_only=true; archives_only=true ;;
    --print-launch)
      [[ $# -ge 2 && "$2" =~ ^(command-service|query-service)$ ]] \
        || { echo "start.sh: --print-launch needs command-service or query-service" >&2; exit 2; }
      print_launch=$2; prepare_only=true; archives_only=true; shift ;;
    --new-token)
      [ $# -ge 3 ] || { echo "start.sh: --new-token needs <name> <roles>" >&2; exit 2; }
      new_token=("$2" "$3"); shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "start.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

command_port=${COMMAND_PORT:-8080}
query_port=${QUERY_PORT:-8081}
data_dir=${INCIDENT_LEDGER_DATA_DIR:-$PWD/data}
logs_dir="$data_dir/logs"
jars=(command-service/target/command-service.jar query-service/target/query-service.jar)
tokens_file="$data_dir/tokens"

# add_token <name> <roles>: appends the token's hash to the tokens file and prints the token (never stored).
add_token() {
  local name=$1 roles=$2 token hash
  [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$ ]] || { echo "start.sh: bad token name '$name'" >&2; exit 2; }
  [[ "$roles" =~ ^(commander|admin|auditor)(,(commander|admin|auditor))*$ ]] \
    || { echo "start.sh: roles must be a comma-separated list of commander, admin, auditor" >&2; exit 2; }
  mkdir -p "$data_dir"
  token="il_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  if [ ! -f "$tokens_file" ]; then
    (umask 077 && printf '# Incident Ledger API tokens, read at start-up: <name> <roles> sha256:<SHA-256 of the token>\n' \
      >"$tokens_file")
  fi
  printf '%s %s sha256:%s\n' "$name" "$roles" "$hash" >>"$tokens_file"
  printf '%s' "$token"
}

if [ ${#new_token[@]} -gt 0 ]; then
  token=$(add_token "${new_token[0]}" "${new_token[1]}")
  echo "API token '${new_token[0]}' ($(echo "${new_token[1]}" | tr ',' ' ')): $token"
  echo "Shown once; only its SHA-256 is kept in $tokens_file. Restart the services to load it."
  exit 0
fi

# First run on the embedded default: one token with every role, so the operator can act at all. There is no
# default password anywhere; tokens provisioned through the environment count as set up already.
first_token=""
if ! $prepare_only && [ ! -f "$tokens_file" ] && [ -z "${INCIDENT_LEDGER_SECURITY_TOKENS_0_HASH:-}" ]; then
  first_token=$(add_token operator commander,admin,auditor)
fi

stale=false
for jar in "${jars[@]}"; do
  $archives_only && break # the jars as they are
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml shared-events ledger-store ledger-web command-service query-service \
        -path '*/target' -prune -o -type f -newer "$jar" -print -quit)" ]; then
    stale=true
  fi
done
if $stale; then
  echo "Building the services (tests skipped; ./mvnw -B verify runs them)..."
  ./mvnw -B -q package -DskipTests -pl command-service,query-service -am
fi

# The java that runs the services: $JAVA_HOME's when it is set (as ./mvnw does), else the one on the PATH.
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"; else java_bin=java; fi
command -v "$java_bin" >/dev/null || { echo "start.sh needs Java 17 or newer (JAVA_HOME or java on the PATH)" >&2; exit 1; }
java_version=$("$java_bin" -version 2>&1 | head -n 1)
java_feature=$(printf '%s' "$java_version" | sed -n 's/^[^"]*"\([0-9][0-9]*\).*/\1/p')

# Start-up archives: most of a start is finding, loading, verifying and linking classes from the nested jars,
# and every start does it again. A training run (the context refreshed, then exit: spring.context.exit=onRefresh)
# of the extracted jar records that work in an archive which later starts map instead:
# - on Java 25 and newer, an AOT cache (JEP 483/514, -XX:AOTCacheOutput): the classes loaded and linked, and
#   the method profiles of the training run; a start takes about 40% of the plain jar's time;
# - on Java 17 to 24, a class data sharing archive (Java 17's -XX:ArchiveClassesAtExit, not 19's
#   AutoCreateSharedArchive): the classes only; about 75%.
# It is remade when the jar or the Java version changes. Anything failing here only costs the speed-up: the
# service then runs from its jar as before, and a JVM that refuses an archive runs without it, silently.
if [ "${java_feature:-0}" -ge 25 ]; then archive_file=app.aot; else archive_file=app.jsa; fi
cds_stamp() { printf '%s %s' "$(stat -c '%s %Y' "$1")" "$java_version"; }
cds_fresh() {
  local dir; dir="$(dirname "$1")/cds"
  [ -f "$dir/$archive_file" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$(cds_stamp "$1")" ]
}
# cds_prepare <jar>: makes <jar's dir>/cds/{app/<jar>, app.aot or app.jsa, stamp} unless fresh; never fails. The
# archive names the extracted jars by path, so it is trained where it will be used; the stamp, written last,
# marks it done.
cds_prepare() {
  local jar=$1 dir training record
  cds_fresh "$jar" && return 0
  dir="$(dirname "$jar")/cds"
  training=$(mktemp -d)
  rm -rf "$dir" && mkdir -p "$dir"
  if [ "$archive_file" = app.aot ]; then
    record=(-XX:AOTCacheOutput="$dir/training.out")
  else
    record=(-XX:ArchiveClassesAtExit="$dir/training.out")
  fi
  # shellcheck disable=SC2086
  if "$java_bin" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >"$dir/extract.log" 2>&1 \
      && "$java_bin" ${JAVA_OPTS:-} "${record[@]}" -Dspring.context.exit=onRefresh \
        -Daxoniq.update-checker.disabled=true -jar "$dir/app/$(basename "$jar")" --server.port=0 \
        --incident-ledger.data-dir="$training" >"$dir/training.log" 2>&1 \
      && [ -s "$dir/training.out" ]; then
    mv "$dir/training.out" "$dir/$archive_file" && cds_stamp "$jar" >"$dir/stamp"
  else
    rm -rf "$dir"
  fi
  rm -rf "$training"
}
# java_launch <jar>: sets launch to what follows java and JAVA_OPTS on the command line that runs <jar>: from its
# start-up archive when that is fresh; -Xshare:auto and -XX:AOTMode=auto (the defaults) make a JVM that refuses
# the archive after all run without it, silently. start() runs it; --print-launch prints it for bench/startup.sh
# and the system tests, so that all three start the services alike.
java_launch() {
  local jar=$1
  launch=()
  if cds_fresh "$jar"; then
    if [ "$archive_file" = app.aot ]; then
      launch=(-XX:AOTCache="$(dirname "$jar")/cds/app.aot" -Xlog:aot=off -Xlog:cds=off)
    else
      launch=(-XX:SharedArchiveFile="$(dirname "$jar")/cds/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
    jar="$(dirname "$jar")/cds/app/$(basename "$jar")"
  fi
  launch+=(-Daxoniq.update-checker.disabled=true -jar "$jar")
}
if [ -n "$print_launch" ]; then
  java_launch "$PWD/$print_launch/target/$print_launch.jar"
  printf '%s\n' "${launch[@]}"
  exit 0
fi

cds_needed=false
for jar in "${jars[@]}"; do cds_fresh "$jar" || cds_needed=true; done
if $cds_needed; then
  echo "Preparing faster start-ups (a training run of each service, once per build)..."
  for jar in "${jars[@]}"; do cds_prepare "$jar" & done
  wait
fi
$prepare_only && exit 0

command -v curl >/dev/null || { echo "start.sh needs curl (to wait for the services' health)" >&2; exit 1; }
mkdir -p "$logs_dir"
pids=()
stopping=false
stop() {
  stopping=true
  trap - INT TERM HUP EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    # The services are told first: with the terminal or the reading end of the output gone, printing could end
    # this script (SIGPIPE) and leave them running.
    kill "${pids[@]}" 2>/dev/null || true
    { echo; echo "Stopping..."; } 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop INT TERM HUP EXIT

# start <name> <jar> <port> [args...]: runs it in the background, logging to $logs_dir/<name>.log
start() {
  local name=$1 jar=$2 port=$3 launch; shift 3
  java_launch "$jar"
  # shellcheck disable=SC2086
  "$java_bin" ${JAVA_OPTS:-} "${launch[@]}" --server.port="$port" --incident-ledger.data-dir="$data_dir" "$@" \
    >"$logs_dir/$name.log" 2>&1 &
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

Incident Ledger is running. The status page:

    http://localhost:$query_port/

TEXT
if $demo; then
  cat <<TEXT
  Demo       the last 90 days of incidents (demo-recent-1..7, one still open) and Heroku, 29 June 2012:
             http://localhost:$query_port/incidents/heroku-2012-06-29   (loading takes a few seconds; see the log)
TEXT
fi
cat <<TEXT
  Commands   http://localhost:$command_port/api/...     API docs http://localhost:$command_port/swagger-ui.html
  Queries    http://localhost:$query_port/api/status    API docs http://localhost:$query_port/swagger-ui.html
  Statuspage http://localhost:$query_port/api/v2/summary.json   Atom http://localhost:$query_port/history.atom
  Health     http://localhost:$command_port/actuator/health   http://localhost:$query_port/actuator/health
  Logs       $logs_dir/
TEXT
if [ -n "$first_token" ]; then
  cat <<TEXT

  First run: your API token (roles commander, admin, auditor). It is shown this once; only its SHA-256
  is kept, in $tokens_file. Send it as 'Authorization: Bearer <token>'.
    $first_token
  More tokens: ./start.sh --new-token <name> <roles>   (see the README, "Credentials")
TEXT
fi
echo "Press Ctrl-C to stop both."
wait -n "${pids[@]}" || true
$stopping || echo "A service stopped on its own; see $logs_dir/. Stopping the other." >&2
