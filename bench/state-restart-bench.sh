#!/usr/bin/env bash
# Restart time of the crash-safe single-node state with N stored contexts:
#   1. fill a store with N contexts (one JVM), 2. time open + recover + restore in a new JVM,
#   3. time the real server: from `java -jar ... serve` to /readyz answering 200, on that store.
# Usage: bench/state-restart-bench.sh [contexts, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
java -Xmx2g -cp "$cp" io.falcocorrelator.server.StateRestartBench fill "$dir/state" "${1:-100000}"
java -Xmx2g -cp "$cp" io.falcocorrelator.server.StateRestartBench load "$dir/state"
printf 'server: {host: 127.0.0.1, port: 2896}\nstate: {dir: %s/state}\n' "$dir" > "$dir/serve.yaml"
start=$(date +%s%N)
java -Xmx2g -jar target/falco-correlator.jar serve --config "$dir/serve.yaml" > "$dir/serve.log" 2>&1 & pid=$!
until curl -sf -o /dev/null http://127.0.0.1:2896/readyz; do
  kill -0 $pid 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
  sleep 0.05
done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
grep -o 'state recovered: [^"]*' "$dir/serve.log" | head -1 || true
echo "serve: launch to ready in $ready ms"
kill -TERM $pid; wait $pid || true
