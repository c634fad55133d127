#!/usr/bin/env bash
# Two builds of serve side by side, measured in turns: the way to tell whether a change made the
# receiver faster or slower on this VM, whose speed drifts by more between minutes than most
# changes move it. Both servers run all along; each is warmed up, then ROUNDS short wrk runs
# alternate between them. Each round prints both rates and the server's CPU time per request
# (user + system, from /proc: less sensitive to the drift than the rate), then the medians.
# Usage: bench/compare-builds.sh OLD.jar NEW.jar [rounds, default 8] [duration, default 10s] [wrk script]
#   e.g. git worktree add /tmp/base <rev> && (cd /tmp/base && mvn -B -q package -DskipTests)
#        bench/compare-builds.sh /tmp/base/target/falco-correlator.jar target/falco-correlator.jar 10 10s bench/ndjson-batch.lua
#   WARMUP=25s by default; JAVA_OPTS=-Xmx1g by default.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 2,10p "$0" >&2; exit 2; }
OLD=$(realpath "$1"); NEW=$(realpath "$2"); ROUNDS=${3:-8}; D=${4:-10s}; SCRIPT=${5:-bench/ndjson-batch.lua}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
java $JAVA_OPTS -jar "$OLD" serve --port 2901 > target/compare-old.log 2>&1 & old=$!
java $JAVA_OPTS -jar "$NEW" serve --port 2902 > target/compare-new.log 2>&1 & new=$!
trap 'kill $old $new 2>/dev/null || true' EXIT
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }
wait_port 2901; wait_port 2902
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# One measured run: "requests/s CPU-µs-per-request".
measure() { # pid port
  local c0 c1 out
  c0=$(cpu_ticks "$1")
  out=$(wrk -t2 -c64 -d"$D" -s "$SCRIPT" "http://127.0.0.1:$2/")
  c1=$(cpu_ticks "$1")
  echo "$out" | awk -v ticks=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" \
    '/requests in/ {n = $1} /Requests\/sec/ {r = $2} END {printf "%s %.1f\n", r, ticks * 1e6 / hz / n}'
}
for port in 2901 2902; do wrk -t2 -c64 -d"${WARMUP:-25s}" -s "$SCRIPT" "http://127.0.0.1:$port/" > /dev/null; done
echo "round  old req/s  old CPU µs/req  new req/s  new CPU µs/req  new/old rate"
results=()
for r in $(seq 1 "$ROUNDS"); do
  read -r a ac < <(measure $old 2901)
  read -r b bc < <(measure $new 2902)
  printf "%5d %10s %15s %10s %15s %13.3f\n" "$r" "$a" "$ac" "$b" "$bc" "$(echo "$b / $a" | bc -l)"
  results+=("$a $ac $b $bc")
done
printf '%s\n' "${results[@]}" | python3 -c '
import statistics as s, sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
m = lambda i: s.median(r[i] for r in rows)
print("median: old %.0f req/s, %.1f µs/req; new %.0f req/s, %.1f µs/req; rate ratio %.3f (%.3f-%.3f)" % (
    m(0), m(1), m(2), m(3), s.median(r[2] / r[0] for r in rows),
    min(r[2] / r[0] for r in rows), max(r[2] / r[0] for r in rows)))'
