#!/usr/bin/env bash
# Kafka Streams throughput against a real single-node KRaft broker started in-process:
# alerts/s for 1 and 2 instances (one stream thread each), at_least_once and exactly_once_v2.
# Usage: bench/streams-bench.sh [alerts, default 200000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.falcocorrelator.streams.StreamsBench "${1:-200000}"
