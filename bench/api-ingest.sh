#!/usr/bin/env bash
# Device event ingestion: a burst of EVENTS DeviceOnline events on the event bus, written by the
# api-service's EventIngest into PostgreSQL; seconds until all EVENTS device rows exist, RUNS runs
# and their median. The program is api-service/src/test/java/io/gbmesh/api/bench/IngestBench.java;
# it works in a schema of its own (bench_ingest_<pid>) on PG_URL and drops it at the end.
#
# usage: bench/api-ingest.sh
# env:   EVENTS (100000), RUNS (3), TIMEOUT_S (120), PG_URL (postgresql://127.0.0.1:5432/test), GB_PG_POOL_SIZE (8)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl api-service test-compile
CP_FILE=api-service/target/bench.classpath
mvn -B -ntp -q -pl api-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
timeout 900 java -Xmx1g -XX:+UseG1GC -cp "api-service/target/test-classes:api-service/target/classes:$(cat "$CP_FILE")" \
  io.gbmesh.api.bench.IngestBench
