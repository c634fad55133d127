#!/usr/bin/env bash
# HTTP load benchmark on loopback with keep-alive (wrk, from Debian's package):
#   1. the bare Undertow baseline (reads the body, answers 200), with Undertow's receiveFullBytes
#      and with the receiver's own bulk body reader,
#   2. falco-correlator serve, single-alert POSTs (what Falco's http_output sends),
#   3. falco-correlator serve, NDJSON batches of 100 alerts;
#   4. serve with crash-safe state, and with fsync: the noise stream, and a stream where every
#      alert evidences a group (each is journaled);
#   5. side by side: the bare handler and serve both running, measured in turns of ROUND (5 s),
#      ROUNDS (6) times, each round's ratio printed, then the median. This VM's speed drifts by
#      15-25% between runs a minute apart, which sections 1 and 2 (a minute apart) take as a
#      difference between the servers; turns a few seconds apart see the same drift.
# Usage: bench/http-bench.sh [duration, default 20s] [connections, default 64]   (WARMUP=15s by default)
#        PIN=1 bench/http-bench.sh ...   # server on CPU 0, wrk on CPU 1 (taskset), one thread each
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
CONNECTIONS=${2:-64}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
# The bare baseline server is a test class (io.falcocorrelator.ingest.BareServer), not in the product jar:
# `package -DskipTests` still compiles it into target/test-classes.
[ -f target/falco-correlator.jar ] && [ -f target/test-classes/io/falcocorrelator/ingest/BareServer.class ] \
  || mvn -B -q package -DskipTests
BARE="java $JAVA_OPTS -cp target/test-classes:target/falco-correlator.jar io.falcocorrelator.ingest.BareServer"
if [ "${PIN:-0}" = 1 ]; then
  SERVER_CPU="taskset -c 0"; WRK="taskset -c 1 wrk -t1"; IO_THREADS=1
else
  SERVER_CPU=""; WRK="wrk -t2"; IO_THREADS=2
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }

run() { # name port script
  echo "== $1"
  # Warm-up: the server reaches its steady rate after ~10-15 s of load (JIT), the bare handler sooner.
  $WRK -c"$CONNECTIONS" -d"${WARMUP:-15s}" -s "$3" "http://127.0.0.1:$2/" >/dev/null
  $WRK -c"$CONNECTIONS" -d"$DURATION" --latency -s "$3" "http://127.0.0.1:$2/" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
}

for read in UNDERTOW BULK; do
  $SERVER_CPU $BARE --port 2899 --read $read --io-threads $IO_THREADS >/dev/null 2>&1 & bare=$!
  pids+=($bare)
  wait_port 2899
  run "bare Undertow handler ($read body read), single-alert POSTs" 2899 bench/single-alert.lua
  kill "$bare"; wait "$bare" 2>/dev/null || true
done

$SERVER_CPU java $JAVA_OPTS -jar target/falco-correlator.jar serve --port 2898 > target/http-bench-serve.log 2>&1 & pids+=($!)
wait_port 2898
run "falco-correlator serve, single-alert POSTs" 2898 bench/single-alert.lua
ALERT_TEMPLATE=bench/alert-template-mapped.json run "falco-correlator serve, single-alert POSTs, every alert evidences a group" 2898 bench/single-alert.lua
run "falco-correlator serve, NDJSON batches of 100 alerts (alerts/s = requests/s x 100)" 2898 bench/ndjson-batch.lua
curl -s http://127.0.0.1:2898/metrics | grep -E '^falco_correlator_(alerts_accepted_total|alerts_rejected_total|composites_total)' || true
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# Durability levels: crash-safe state (journal without fsync) and power-loss-safe (fsync).
for level in crash fsync; do
  dir=$(mktemp -d)
  printf 'server: {host: 127.0.0.1, port: 2897}\nstate: {dir: %s/state, fsync: %s}\n' "$dir" "$([ $level = fsync ] && echo true || echo false)" > "$dir/serve.yaml"
  $SERVER_CPU java $JAVA_OPTS -jar target/falco-correlator.jar serve --config "$dir/serve.yaml" > "target/http-bench-$level.log" 2>&1 & pids+=($!)
  wait_port 2897
  run "falco-correlator serve with state ($level), single-alert POSTs" 2897 bench/single-alert.lua
  ALERT_TEMPLATE=bench/alert-template-mapped.json run "falco-correlator serve with state ($level), single-alert POSTs, every alert evidences a group" 2897 bench/single-alert.lua
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  rm -rf "$dir"
done

# Side by side, in turns: both servers up, each warmed up, then short runs alternating.
$BARE --port 2899 --read UNDERTOW --io-threads $IO_THREADS >/dev/null 2>&1 & pids+=($!)
java $JAVA_OPTS -jar target/falco-correlator.jar serve --port 2898 > target/http-bench-turns.log 2>&1 & pids+=($!)
wait_port 2899
wait_port 2898
echo "== side by side in turns: bare Undertow handler (receiveFullBytes) vs serve, single-alert POSTs"
$WRK -c"$CONNECTIONS" -d"${WARMUP:-15s}" -s bench/single-alert.lua "http://127.0.0.1:2899/" >/dev/null
$WRK -c"$CONNECTIONS" -d"${WARMUP:-15s}" -s bench/single-alert.lua "http://127.0.0.1:2898/" >/dev/null
rate() { $WRK -c"$CONNECTIONS" -d"${ROUND:-5s}" -s bench/single-alert.lua "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {print $2}'; }
ratios=()
for round in $(seq 1 "${ROUNDS:-6}"); do
  bare_rate=$(rate 2899)
  serve_rate=$(rate 2898)
  ratio=$(awk -v b="$bare_rate" -v s="$serve_rate" 'BEGIN {printf "%.1f", 100 * s / b}')
  ratios+=("$ratio")
  echo "round $round: bare $bare_rate req/s, serve $serve_rate req/s: $ratio%"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{r[NR] = $1} END {m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "median ratio %.1f%% (min %.1f%%, max %.1f%%) over %d rounds\n", m, r[1], r[NR], NR}'
