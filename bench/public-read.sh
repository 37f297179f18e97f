#!/usr/bin/env bash
# Benchmark, not a test: the public read path beside nginx serving the very same bytes from disk, in the same run
# on the same machine. For each document, its 200 (identity, gzip and brotli) and its 304, at 64 and
# 256 connections (wrk -t2 --latency), then the same again while ~100 commands a second arrive: each changes a
# component's description, which every document shows, without making any of them bigger (updates to one
# incident would grow its timeline by a hundred entries a second, and measure that instead).
#
#   bench/public-read.sh [duration per measurement, default 10s]
#
# Builds the jars if missing; installs Debian's wrk, nginx and its brotli_static module if missing (as root).
# Starts both services on a fresh H2 directory with the demo loaded. Prints a Markdown table: requests/s, p99
# and the ratio to nginx. wrk, nginx and the services share this machine's cores: the numbers compare the two
# servers under the same handicap; they are not a capacity plan. While commands arrive nginx keeps serving the
# bytes captured before (it cannot know about the change), so its column under load is the same baseline,
# measured again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

duration=${1:-10s}
command_port=${BENCH_COMMAND_PORT:-18080}
query_port=${BENCH_QUERY_PORT:-18081}
nginx_port=${BENCH_NGINX_PORT:-18088}
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
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
[ -f "$brotli_module" ] || missing+=(libnginx-mod-http-brotli-static)
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

# A commander's token for the load, stored hashed where both services read tokens from.
mkdir -p "$work/data"
token="il_bench_$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
echo "bench commander,admin sha256:$(printf %s "$token" | sha256sum | cut -d' ' -f1)" >"$work/data/tokens"

java -Daxoniq.update-checker.disabled=true -jar command-service/target/command-service.jar \
  --server.port=$command_port --incident-ledger.data-dir="$work/data" --incident-ledger.demo=true \
  --incident-ledger.limits.write-rate.per-second=200 --incident-ledger.limits.write-rate.burst=400 \
  >"$work/command.log" 2>&1 &
pids+=($!)
await "http://localhost:$command_port/actuator/health"
java -Daxoniq.update-checker.disabled=true -jar query-service/target/query-service.jar \
  --server.port=$query_port --incident-ledger.data-dir="$work/data" >"$work/query.log" 2>&1 &
pids+=($!)
await "http://localhost:$query_port/actuator/health"
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$query_port/api/v2/incidents.json" | grep -q heroku-2012-06-29 && break; sleep 0.5
done

# The documents, as the service serves them now, become nginx's files (gzip_static and brotli_static serve the .gz
# and .br beside). The .br is the service's own brotli answer: the very same bytes.
read -r -a documents <<<"${BENCH_DOCUMENTS:-/ /api/v2/summary.json /api/v2/incidents.json /api/status /history.atom}"
mkdir -p "$work/www/api/v2"
for doc in "${documents[@]}"; do
  file="$work/www${doc}"; [ "$doc" = / ] && file="$work/www/index.html"
  mkdir -p "$(dirname "$file")"
  curl -fsS "http://localhost:$query_port$doc" -o "$file"
  gzip -9 -k -c "$file" >"$file.gz"
  curl -fsS -H "Accept-Encoding: br" "http://localhost:$query_port$doc" -o "$file.br"
done
load_brotli=""; brotli_static=""
if [ -f "$brotli_module" ]; then load_brotli="load_module $brotli_module;"; brotli_static="brotli_static on;"; fi
cat >"$work/nginx.conf" <<CONF
$load_brotli
daemon on;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/octet-stream;
  types { text/html html; application/json json; application/atom+xml atom; }
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; etag on; gzip_static on; $brotli_static location = /api/status { default_type application/json; } }
}
CONF
mkdir -p "$work/tmp"
chmod 755 "$work" && chmod -R a+rX "$work/www"
"$nginx_bin" -c "$work/nginx.conf"
await "http://127.0.0.1:$nginx_port${documents[0]}"

etag() { # url [accept-encoding]
  curl -fsSI ${2:+-H "Accept-Encoding: $2"} "$1" | awk -F': ' 'tolower($1) == "etag" {sub(/\r$/, "", $2); print $2}'
}
# A 304 row revalidates as a browser does: If-None-Match with the ETag its connection was given last (the first
# request sends the one captured before). While commands change the documents, some of those are 200s with the
# new body; the script counts the 304s, printed beside the row.
cat >"$work/revalidate.lua" <<'LUA'
-- Globals: done() reads each thread's counts with thread:get, which sees only globals.
revalidated, answered = 0, 0
local etag = nil
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  if etag then headers["If-None-Match"] = etag end
  return wrk.format(nil, nil, headers)
end
function response(status, headers, body)
  answered = answered + 1
  if status == 304 then revalidated = revalidated + 1 end
  etag = headers["ETag"] or headers["Etag"] or headers["etag"] or etag
end
function done(summary, latency, requests)
  local r, a = 0, 0
  for _, thread in ipairs(threads) do r = r + thread:get("revalidated"); a = a + thread:get("answered") end
  io.write(string.format("revalidated %d of %d\n", r, a))
end
LUA
measure() { # url connections script|- [header ...] -> "rps p99 revalidated errors"
  local url=$1 connections=$2 script=$3; shift 3
  local args=()
  [ "$script" = - ] || args+=(-s "$script")
  for header in "$@"; do args+=(-H "$header"); done
  wrk -t2 -c"$connections" -d"$duration" --latency ${args[@]+"${args[@]}"} "$url" >"$work/wrk.txt" 2>&1 || true
  awk '/Requests\/sec/ {rps=$2} $1 == "99%" {p99=$2} /^revalidated/ {rev=($4 > 0 ? sprintf("%.0f%%", 100 * $2 / $4) : "-")}
       /Non-2xx|Socket errors/ {err=err $0 "; "}
       END {printf "%s %s %s %s", rps, p99, (rev == "" ? "-" : rev), (err == "" ? "none" : err)}' "$work/wrk.txt"
}
row() { # label doc variant connections
  local label=$1 doc=$2 variant=$3 connections=$4
  local ours="http://127.0.0.1:$query_port$doc" theirs="http://127.0.0.1:$nginx_port$doc"
  local headers_ours=() headers_theirs=() script=-
  case "$variant" in 304*) script="$work/revalidate.lua" ;; esac
  case "$variant" in
    gzip) headers_ours=("Accept-Encoding: gzip"); headers_theirs=("Accept-Encoding: gzip") ;;
    br) headers_ours=("Accept-Encoding: br"); headers_theirs=("Accept-Encoding: br") ;;
    304) headers_ours=("If-None-Match: $(etag "$ours")"); headers_theirs=("If-None-Match: $(etag "$theirs")") ;;
    304gzip) headers_ours=("Accept-Encoding: gzip" "If-None-Match: $(etag "$ours" gzip)")
             headers_theirs=("Accept-Encoding: gzip" "If-None-Match: $(etag "$theirs" gzip)") ;;
  esac
  read -r q_rps q_p99 q_rev q_err <<<"$(measure "$ours" "$connections" "$script" "${headers_ours[@]}")"
  read -r n_rps n_p99 n_rev _ <<<"$(measure "$theirs" "$connections" "$script" "${headers_theirs[@]}")"
  awk -v l="$label" -v d="$doc" -v v="$variant" -v c="$connections" -v qr="$q_rps" -v qp="$q_p99" -v nr="$n_rps" \
      -v np="$n_p99" -v e="$q_err" -v qv="$q_rev" -v nv="$n_rev" \
    'BEGIN { printf "| %s | %s | %s | %s | %.0f | %s | %s | %.0f | %s | %s | %.2f | %s |\n", l, d, v, c, qr, qp, qv, nr, np, nv, (nr > 0 ? qr / nr : 0), e }'
}
table() { # label
  for connections in 64 256; do
    for doc in "${documents[@]}"; do
      row "$1" "$doc" identity "$connections"
      row "$1" "$doc" gzip "$connections" # every document is offered gzipped and brotli-coded (EncodedBody)
      row "$1" "$doc" br "$connections"
      row "$1" "$doc" 304 "$connections"
      if [ "$doc" = / ]; then row "$1" "$doc" 304gzip "$connections"; fi
    done
  done
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); wrk -t2 -d$duration"
for doc in "${documents[@]}"; do
  file="$work/www${doc}"; [ "$doc" = / ] && file="$work/www/index.html"
  echo "size of $doc: $(wc -c <"$file") bytes, $(wc -c <"$file.gz") gzipped, $(wc -c <"$file.br") brotli"
done
echo
echo "| load | document | variant | connections | query-service req/s | p99 | 304s | nginx req/s | p99 | 304s | ratio | query-service errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
# Warm the JIT on every document and variant first: with 3 s per document the first rows still measured a
# half-compiled service (summary.json's 304 went 7.7k, 13k, 19k, 27k, 35k req/s in five 5 s runs back to back).
for doc in "${documents[@]}"; do
  url="http://127.0.0.1:$query_port$doc"
  wrk -t2 -c64 -d4s "$url" >/dev/null 2>&1 || true
  wrk -t2 -c64 -d4s -H "Accept-Encoding: gzip" "$url" >/dev/null 2>&1 || true
  wrk -t2 -c64 -d4s -H "Accept-Encoding: br" "$url" >/dev/null 2>&1 || true
  wrk -t2 -c64 -d4s -H "If-None-Match: $(etag "$url")" "$url" >/dev/null 2>&1 || true
done
table idle

# ~100 commands a second from a small Python loop (eight paced senders): a demo component's description,
# alternately one of two texts. They all come from one token, standing in for a crowd of commanders, so
# command-service's per-client write rate (20/s by default) is raised above for this run.
component=$(curl -fsS "http://localhost:$query_port/api/v2/components.json" \
  | python3 -c 'import json, sys; print(next(c["id"] for c in json.load(sys.stdin)["components"] if not c["group"]))')
python3 - "$command_port" "$token" "$component" >"$work/load.txt" 2>&1 <<'PY' &
import json, sys, threading, time, urllib.request
port, token, component = sys.argv[1], sys.argv[2], sys.argv[3]
# Eight senders, each paced to an eighth of the rate: a command's latency under load must not lower the rate.
RATE, SENDERS = 100.0, 8
counts = {"sent": 0, "ok": 0}
lock = threading.Lock()
start = time.monotonic()
def send(index):
    n = 0
    while True:
        due = start + (n * SENDERS + index) / RATE
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        n += 1
        body = json.dumps({"description": "Under load " + ("A" if n % 2 else "B")}).encode()
        ok = False
        try:
            request = urllib.request.Request(f"http://localhost:{port}/api/components/{component}", data=body,
                                             method="PATCH", headers={"Authorization": "Bearer " + token,
                                                                      "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as answer:
                ok = answer.status < 300
        except Exception:
            pass
        with lock:
            counts["sent"] += 1
            counts["ok"] += ok
for i in range(SENDERS):
    threading.Thread(target=send, args=(i,), daemon=True).start()
while True:
    time.sleep(5)
    with lock:
        print(f"{counts['sent']} sent, {counts['ok']} ok, {counts['sent'] / (time.monotonic() - start):.0f}/s", flush=True)
PY
pids+=($!)
sleep 2
table "~100 cmd/s"
echo
echo "commands: $(tail -n 1 "$work/load.txt")"
