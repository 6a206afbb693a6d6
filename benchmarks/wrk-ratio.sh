#!/usr/bin/env bash
# cortex-load against wrk on the same target: nginx on 127.0.0.1 (one worker, a static 200), the same connections
# and duration, several rounds in turn (wrk, cortex-load, wrk, ...), and each round's ratio of requests per second.
# It is a benchmark, not a test: the figures depend on the machine and on what else runs on it. Each round also
# prints both tools' CPU time per request (cortex-load's includes its start-up and JIT), which a busy machine
# disturbs less than requests per second.
#
#   benchmarks/wrk-ratio.sh                 # 3 rounds of 10 s at 64 connections
#   ROUNDS=5 DURATION=10 CONNECTIONS=64 THREADS=2 benchmarks/wrk-ratio.sh
#   CORTEX_LOAD=/path/to/Cortex.LoadTesting.Cli benchmarks/wrk-ratio.sh   # an already built tool instead of a Release build
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-3}
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
port=${PORT:-18089}

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/html" "$work/logs" "$work/reports"
printf 'ok\n' > "$work/html/index.html"
# nginx's worker drops root for its default user, which must be able to read the page.
chmod 755 "$work" "$work/html"
chmod 644 "$work/html/index.html"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $work/tmp-body;
  proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fastcgi;
  uwsgi_temp_path $work/tmp-uwsgi;
  scgi_temp_path $work/tmp-scgi;
  server {
    listen 127.0.0.1:$port;
    root $work/html;
    location / { try_files /index.html =404; }
  }
}
EOF
"$nginx_bin" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
url="http://127.0.0.1:$port/"
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$url" 2>/dev/null || wrk -t1 -c1 -d1s "$url" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

if [ -n "${CORTEX_LOAD:-}" ]; then
  cortex_load=("$CORTEX_LOAD")
else
  echo "== building cortex-load (Release)"
  dotnet build src/Cortex.LoadTesting.Cli -c Release -nologo -clp:ErrorsOnly -o "$work/cli" >/dev/null
  cortex_load=("$work/cli/Cortex.LoadTesting.Cli")
fi

cat > "$work/test.json" <<EOF
{
  "testName": "wrk-ratio",
  "executor": "constant-vus",
  "concurrentUsers": $connections,
  "duration": $duration,
  "gracefulStop": 5,
  "scenarios": [ { "name": "get", "steps": [ { "name": "get", "type": "http", "parameters": { "url": "$url" } } ] } ]
}
EOF

echo "== target $url (nginx, 1 worker), $connections connections, ${duration} s, $rounds rounds; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
ratios=()
for round in $(seq 1 "$rounds"); do
  wrk_out=$(/usr/bin/time -f 'cpu %U %S' -o "$work/wrk.time" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url")
  wrk_rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$wrk_out")
  wrk_p50=$(awk '$1 == "50%" {print $2}' <<<"$wrk_out")
  wrk_bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$wrk_out")

  rm -f "$work/reports/wrk-ratio.json"
  /usr/bin/time -f 'cpu %U %S' -o "$work/cl.time" "${cortex_load[@]}" run --config "$work/test.json" --quiet --format json --out "$work/reports" >/dev/null || true
  wrk_requests=$(awk '/requests in/ {print $1}' <<<"$wrk_out")
  wrk_cpu=$(python3 -c "import sys; u,s=open('$work/wrk.time').read().split()[-2:]; print(f'{(float(u)+float(s))/$wrk_requests*1e6:.1f}')")
  read -r cl_rps cl_p50 cl_errors cl_cpu < <(python3 - "$work/reports/wrk-ratio.json" "$work/cl.time" <<'PY'
import json, sys
u, s = open(sys.argv[2]).read().split()[-2:]
doc = json.load(open(sys.argv[1]))
r = doc["requests"]
top = max(doc["errors"], key=lambda e: e["count"])["errorType"] if doc["errors"] else "-"
print(f'{r["throughput"]:.0f} {r["latency"]["p50"]:.3f}ms {r["errors"]}({top}) {(float(u) + float(s)) / max(1, r["count"]) * 1e6:.1f}')
PY
)
  ratio=$(python3 -c "print(f'{$cl_rps / $wrk_rps:.2f}')")
  ratios+=("$ratio")
  printf 'round %d: wrk %6.0f req/s (p50 %s, %s non-2xx, %s µs CPU/req)   cortex-load %6.0f req/s (p50 %s, %s errors, %s µs CPU/req)   ratio %s\n' \
    "$round" "$wrk_rps" "$wrk_p50" "${wrk_bad:-0}" "$wrk_cpu" "$cl_rps" "$cl_p50" "$cl_errors" "$cl_cpu" "$ratio"
done

median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "cortex-load / wrk: median $median over $rounds rounds (each: ${ratios[*]}); load average after $(cut -d' ' -f1-3 /proc/loadavg)"
