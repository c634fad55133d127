#!/usr/bin/env bash
# Server time of GET /api/v1/incidents (query + JSON answer) with N stored incidents.
# Usage: bench/incident-query-bench.sh [incidents, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
java -Xmx2g -cp "$cp" io.falcocorrelator.incident.IncidentQueryBench "${1:-100000}"
