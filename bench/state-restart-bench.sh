#!/usr/bin/env bash
# Restart time of the crash-safe single-node state: store N contexts, then time open + recover + restore.
# Usage: bench/state-restart-bench.sh [contexts, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.falcocorrelator.server.StateRestartBench "${1:-100000}"
