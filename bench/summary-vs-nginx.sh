#!/usr/bin/env bash
# Benchmark, not a test: how fast query-service serves /api/v2/summary.json, beside nginx serving the very same
# bytes from disk in the same run on the same machine (the baseline: what "just send these bytes" costs here).
#
#   bench/summary-vs-nginx.sh [duration, default 30s]
#
# Builds the jars if missing, installs Debian's wrk and nginx if missing (as root), starts both services on a
# fresh H2 directory with the demo loaded, then runs `wrk -t2 -c64 -d<duration> --latency` against each.
# Prints requests/s, the ratio, and p50/p99 latency. Both servers and wrk share this machine's cores, so the
# numbers compare the two servers under the same handicap; they are not a capacity plan.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

duration=${1:-30s}
command_port=18080
query_port=18081
nginx_port=18088
work=$(mktemp -d)
pids=()
cleanup() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ ! -f command-service/target/command-service.jar ] || [ ! -f query-service/target/query-service.jar ]; then
  ./mvnw -B -q package -DskipTests -pl command-service,query-service -am
fi

await() { # url
  for _ in $(seq 1 240); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "bench: $1 did not answer" >&2; exit 1
}

java -Daxoniq.update-checker.disabled=true -jar command-service/target/command-service.jar \
  --server.port=$command_port --incident-ledger.data-dir="$work/data" --incident-ledger.demo=true >"$work/command.log" 2>&1 &
pids+=($!)
await "http://localhost:$command_port/actuator/health"
java -Daxoniq.update-checker.disabled=true -jar query-service/target/query-service.jar \
  --server.port=$query_port --incident-ledger.data-dir="$work/data" >"$work/query.log" 2>&1 &
pids+=($!)
await "http://localhost:$query_port/actuator/health"
# The demo is projected once the incident shows up.
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$query_port/api/v2/incidents.json" | grep -q heroku-2012-06-29 && break; sleep 0.5
done

mkdir -p "$work/www/api/v2"
curl -fsS "http://localhost:$query_port/api/v2/summary.json" -o "$work/www/api/v2/summary.json"
cat >"$work/nginx.conf" <<CONF
daemon on;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; etag on; }
}
CONF
mkdir -p "$work/tmp"
# Started as root, nginx's workers drop to www-data: they must be able to read the bytes.
chmod 755 "$work" && chmod -R a+rX "$work/www"
"$nginx_bin" -c "$work/nginx.conf"
await "http://127.0.0.1:$nginx_port/api/v2/summary.json"
cmp -s <(curl -fsS "http://127.0.0.1:$nginx_port/api/v2/summary.json") "$work/www/api/v2/summary.json"

echo "summary.json: $(wc -c <"$work/www/api/v2/summary.json") bytes; wrk -t2 -c64 -d$duration --latency"
# Warm the JIT before measuring.
wrk -t2 -c64 -d5s "http://127.0.0.1:$query_port/api/v2/summary.json" >/dev/null
run() { # name url
  wrk -t2 -c64 -d"$duration" --latency "$2" >"$work/$1.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  printf '%-14s %12s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" >"$work/$1.rps"
}
run nginx "http://127.0.0.1:$nginx_port/api/v2/summary.json"
run query-service "http://127.0.0.1:$query_port/api/v2/summary.json"
awk -v a="$(cat "$work/query-service.rps")" -v b="$(cat "$work/nginx.rps")" \
  'BEGIN { printf "ratio          query-service / nginx = %.2f\n", a / b }'
