#!/usr/bin/env bash
# End-to-end benchmark: the same scenarios against the fake upstream directly, through a bare nginx proxy and
# through Prism, in one run, with the same pinning. Run on demand (./prism bench e2e), never by the tests.
#
#   bench/e2e/run.sh [--duration SECONDS] [--warmup SECONDS] [--jvm-warmup SECONDS] [--connections N] [--scenarios a,b,c]
#
# Environment: TARGET_CPU (default 0: fake upstream, nginx and Prism), LOAD_CPU (default 1: the load generator),
# PRISM_JAVA_OPTS (JVM options for Prism), E2E_PORT_BASE (default 18081; four ports from it are used),
# E2E_LEDGER (default true; false runs Prism without its usage ledger, to see what the ledger costs),
# E2E_RATE_LIMIT (default false; true gives the bench key rate limits that never refuse, to see what limiting costs),
# E2E_ACCESS_LOG (default true; false turns the access log off, to see what it costs),
# E2E_OTLP (default false; true traces every request and exports spans and metrics to a stand-in collector).
# Everything listens on and is addressed at 127.0.0.1 only; every load loop ends at its deadline.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION=10; WARMUP=2; JVM_WARMUP=40; CONNECTIONS=16; SCENARIOS=all
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --jvm-warmup) JVM_WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done

TARGET_CPU="${TARGET_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
BASE="${E2E_PORT_BASE:-18081}"
FAKE_PORT=$BASE; NGINX_PORT=$((BASE + 1)); PRISM_PORT=$((BASE + 2)); PRISM_CACHE_PORT=$((BASE + 3))

log() { echo "e2e: $*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  log "installing nginx (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >&2
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
command -v taskset >/dev/null 2>&1 || { log "taskset missing (apt-get install util-linux)"; exit 1; }
command -v curl >/dev/null 2>&1 || { log "curl missing (apt-get install curl)"; exit 1; }

# The launcher finds a JDK >= 21 and builds Prism when its sources changed; --help exits right after.
log "building Prism when needed"
"$ROOT/prism" run --help >/dev/null
JDK="$("$ROOT/prism" run --help 2>&1 >/dev/null | sed -n 's/^prism: using JDK [0-9]* at //p' | head -n1)"
[ -x "$JDK/bin/javac" ] || { log "could not find the JDK the launcher uses"; exit 1; }
log "compiling the fake upstream and the load generator"
rm -rf "$HERE/target/classes" && mkdir -p "$HERE/target/classes"
"$JDK/bin/javac" -d "$HERE/target/classes" "$HERE"/src/*.java

WORK="$(mktemp -d /tmp/prism-e2e.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() { # url, seconds[, pid]: polls until the URL answers at all (and gives up when the process died)
  local deadline=$((SECONDS + $2))
  until curl -s -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { log "nothing answers at $1 after $2 s"; return 1; }
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then log "the process for $1 exited"; return 1; fi
    sleep 0.05
  done
}

# --- fake upstream -----------------------------------------------------------------------------------------------
taskset -c "$TARGET_CPU" "$JDK/bin/java" -Xmx512m -cp "$HERE/target/classes" FakeUpstream --port "$FAKE_PORT" \
  >"$WORK/fake.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAKE_PORT/v1/models" 20

# --- bare nginx hop ----------------------------------------------------------------------------------------------
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
user root;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  client_max_body_size 30m;
  upstream fake { server 127.0.0.1:$FAKE_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 120s;
    }
  }
}
CONF
taskset -c "$TARGET_CPU" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' \
  >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$NGINX_PORT/v1/models" 20

# --- Prism -------------------------------------------------------------------------------------------------------
KEY_LIMITS=""
if [ "${E2E_RATE_LIMIT:-false}" = true ]; then
  KEY_LIMITS=", rate_limit: { requests_per_minute: 1000000000, characters_per_minute: 50000000000, audio_seconds_per_hour: 1000000000, images_per_minute: 1000000000, max_concurrent: 100000 }"
fi
TELEMETRY=""
if [ "${E2E_OTLP:-false}" = true ]; then
  TELEMETRY="telemetry: { otlp_endpoint: \"http://127.0.0.1:$FAKE_PORT\", sample_ratio: 1, export_interval: 5s }"
fi
prism_config() { # port, cache section
  cat <<YAML
server: { host: 127.0.0.1, port: $1, spool_dir: $WORK/spool-$1 }
providers:
  fake:
    type: openai
    base_url: http://127.0.0.1:$FAKE_PORT/v1
    api_key: sk-upstream-e2e
    retry: { max_attempts: 1 }
models:
  tts-1: { targets: [ { provider: fake } ] }
  whisper-1: { targets: [ { provider: fake } ] }
  gpt-image-1: { targets: [ { provider: fake } ] }
keys:
  - { name: bench, key: sk-bench-e2e-key$KEY_LIMITS }
ledger: { enabled: ${E2E_LEDGER:-true}, url: "jdbc:h2:file:$WORK/ledger-$1/prism-ledger" }
access_log: { enabled: ${E2E_ACCESS_LOG:-true} }
$TELEMETRY
$2
YAML
}
prism_config "$PRISM_PORT" "cache: { enabled: false }" >"$WORK/prism.yaml"
prism_config "$PRISM_CACHE_PORT" "cache: { enabled: true, provider: ehcache, memory_mb: 64, disk_mb: 0, endpoints: [speech] }" >"$WORK/prism-cache.yaml"

STARTED_PID=""; STARTED_READY_MS=""
start_prism() { # config, port, log; sets STARTED_PID and STARTED_READY_MS (milliseconds until /health answered)
  local started; started=$(date +%s%N)
  PRISM_JAVA_OPTS="${PRISM_JAVA_OPTS:-}" taskset -c "$TARGET_CPU" "$ROOT/prism" run --config "$1" --port "$2" \
    </dev/null >"$3" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_for "http://127.0.0.1:$2/health" 60 "$STARTED_PID" || { cat "$3" >&2; exit 1; }
  STARTED_READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}
start_prism "$WORK/prism.yaml" "$PRISM_PORT" "$WORK/prism.log"
PRISM_PID=$STARTED_PID; PRISM_READY_MS=$STARTED_READY_MS
start_prism "$WORK/prism-cache.yaml" "$PRISM_CACHE_PORT" "$WORK/prism-cache.log"
CACHE_PID=$STARTED_PID
log "Prism ready in ${PRISM_READY_MS} ms (launcher start to /health answering, JVM start included)"

# Prism's used heap (survivors + eden + old), sampled by jstat every 250 ms over the whole run.
"$JDK/bin/jstat" -gc "$PRISM_PID" 250 >"$WORK/jstat.log" 2>&1 &
PIDS+=($!)

# --- load ----------------------------------------------------------------------------------------------------------
RESULTS="$HERE/results"
mkdir -p "$RESULTS"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$RESULTS/$RUN_ID.jsonl"
log "running scenarios=$SCENARIOS duration=${DURATION}s warmup=${WARMUP}s connections=$CONNECTIONS; pinning: targets on CPU $TARGET_CPU, load on CPU $LOAD_CPU"
taskset -c "$LOAD_CPU" "$JDK/bin/java" -Xmx4g -cp "$HERE/target/classes" LoadGen \
  --run "$RUN_ID" --out "$OUT" --duration "$DURATION" --warmup "$WARMUP" --jvm-warmup "$JVM_WARMUP" --connections "$CONNECTIONS" \
  --scenarios "$SCENARIOS" --cache-target "http://127.0.0.1:$PRISM_CACHE_PORT" \
  --target "direct=http://127.0.0.1:$FAKE_PORT" --target "nginx=http://127.0.0.1:$NGINX_PORT" \
  --target "prism=http://127.0.0.1:$PRISM_PORT"

for pid_log in "$PRISM_PID:$WORK/prism.log" "$CACHE_PID:$WORK/prism-cache.log"; do
  if ! kill -0 "${pid_log%%:*}" 2>/dev/null; then
    log "Prism (${pid_log#*:}) exited during the run; its log ends:"; tail -n 30 "${pid_log#*:}" >&2; exit 1
  fi
done
hwm_kib() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
PRISM_HWM=$(hwm_kib "$PRISM_PID"); CACHE_HWM=$(hwm_kib "$CACHE_PID")
PEAK_HEAP_MIB=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $1 ~ /^[0-9.]+$/ { used = ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024; n++; if (used > max) max = used }
  END { if (n == 0) print -1; else printf "%d", max }' "$WORK/jstat.log")
SPOOL_LEFT=$(find "$WORK/spool-$PRISM_PORT" -type f 2>/dev/null | wc -l)
printf '{"run":"%s","scenario":"prism_process","target":"prism","peak_rss_mib":%.1f,"cache_instance_peak_rss_mib":%.1f,"ready_ms":%d,"spool_files_left":%d,"peak_heap_used_mib":%d}\n' \
  "$RUN_ID" "$(awk "BEGIN{print $PRISM_HWM/1024}")" "$(awk "BEGIN{print $CACHE_HWM/1024}")" "$PRISM_READY_MS" "$SPOOL_LEFT" "$PEAK_HEAP_MIB" >>"$OUT"
echo
echo "Prism peak RSS (VmHWM): $((PRISM_HWM / 1024)) MiB; the cache-hit instance: $((CACHE_HWM / 1024)) MiB"
echo "Prism's peak used heap (jstat, sampled every 250 ms): $PEAK_HEAP_MIB MiB"
echo "Prism ready after ${PRISM_READY_MS} ms; files left in the spool: $SPOOL_LEFT"
goal() { if [ "$1" = 1 ]; then echo "  met      $2"; else echo "  NOT MET  $2"; fi; }
goal "$([ $((PRISM_HWM / 1024)) -le 320 ] && echo 1 || echo 0)" "Prism's peak RSS <= 320 MiB ($((PRISM_HWM / 1024)) MiB)"
goal "$([ "$PRISM_READY_MS" -le 1500 ] && echo 1 || echo 0)" "Prism ready within 1.5 s (${PRISM_READY_MS} ms, JVM start included)"
goal "$([ "$SPOOL_LEFT" -eq 0 ] && echo 1 || echo 0)" "nothing left in the spool ($SPOOL_LEFT files)"
# The heap goal: 50 concurrent 25 MB uploads (transcribe_25m_x50) with Prism's heap bounded under 256 MB;
# a bounded heap fills up before it is collected, so what is judged is that Prism never ran out of it.
OOMS=$(grep -c OutOfMemoryError "$WORK/prism.log" || true)
# The launcher bounds the heap (-Xmx112m unless PRISM_JAVA_OPTS says otherwise).
goal "$([ "$OOMS" -eq 0 ] && echo 1 || echo 0)" "no OutOfMemoryError with the heap bounded (${PRISM_JAVA_OPTS:--Xmx112m}) (${OOMS} in the log)"
echo "raw rows: $OUT"
