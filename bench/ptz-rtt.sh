#!/usr/bin/env bash
# PTZ command round trip: POST /api/v1/devices/{d}/channels/{c}/ptz → event bus → gateway →
# DeviceControl MESSAGE to a simulated camera → its 200 OK → 204 to the client, timed at the
# client, one call at a time over a kept-alive HTTP connection, alternating left and stop.
#
# One JVM (io.gbmesh.launcher.bench.PtzRoundTripBench): a gateway on UDP and TCP, the api-service
# role (its embedded PostgreSQL) and two simulated cameras, one registered over UDP and one over
# TCP, all on loopback. WARMUP calls, then RUNS runs of CALLS calls per camera; prints each run's
# median, p99 and max, then the pooled median and p99.
#
# usage: bench/ptz-rtt.sh
# env:   CALLS (1000), RUNS (5), WARMUP (500), MVN (the maven command, e.g. "nice -n 19 mvn"), MVN_FLAGS (e.g. -o)
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${CALLS:-1000}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-500}
OUT=bench/results; mkdir -p "$OUT"
MVN="${MVN:-mvn} -B -ntp -q ${MVN_FLAGS:-}"
# the jar and the test classes of this checkout (package compiles the tests too)
$MVN -pl mesh-launcher -am -DskipTests package >/dev/null
CP="mesh-launcher/target/test-classes:mesh-launcher/target/gbmesh.jar"
echo "== $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
timeout 900 java -Xmx1g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.gbmesh.launcher.bench.PtzRoundTripBench "$CALLS" "$RUNS" "$WARMUP" | tee "$OUT/ptz-rtt.txt"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
