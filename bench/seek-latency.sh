#!/usr/bin/env bash
# Seek latency of a playback: POST /api/v1/streams/{id}/control {"action":"seek"} → event bus →
# gateway → INFO with MANSRTSP "PLAY ... Range: npt=<s>-" to a simulated camera → it replays from the
# key frame before the position → media node → the first key frame at an HTTP-FLV viewer, timed at
# the client from the call.
#
# One JVM (io.gbmesh.launcher.SeekLatencyBench): a gateway, a media node, the orchestrator with the
# recording routes, one simulated camera over UDP, all on loopback. RUNS runs of SEEKS seeks to random
# positions of a 600 s range, 1.5 s apart; prints each run's median and max, then the pooled median.
#
# usage: bench/seek-latency.sh
# env:   SEEKS (10), RUNS (3), MVN (the maven command, e.g. "nice -n 19 mvn"), MVN_FLAGS (e.g. -o),
#        CP (a classpath with mesh-launcher's test classes, e.g. a surefire run's: then nothing is built)
set -euo pipefail
cd "$(dirname "$0")/.."
SEEKS=${SEEKS:-10}
RUNS=${RUNS:-3}
OUT=bench/results; mkdir -p "$OUT"
MVN="${MVN:-mvn} -B -ntp -q ${MVN_FLAGS:-}"
if [ -z "${CP:-}" ]; then
  $MVN -pl mesh-launcher -am -DskipTests package >/dev/null
  CP="mesh-launcher/target/test-classes:mesh-launcher/target/gbmesh.jar"
fi
echo "== $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
timeout 600 java -Xmx512m -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.gbmesh.launcher.SeekLatencyBench "$SEEKS" "$RUNS" | grep -E '^(run|pooled)' | tee "$OUT/seek-latency.txt"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
