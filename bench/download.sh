#!/usr/bin/env bash
# Downloads at 8x: POST /api/v1/devices/{d}/channels/{c}/downloads {"speed": 8} → INVITE s=Download
# a=downloadspeed:8 to a simulated camera → RTP (UDP) → media node → an MP4 file; the download polled
# until done. Speed achieved = media seconds written / wall seconds from the request to "done" (the
# INVITE, the first frame and the 1 s end-of-file grace included).
#
# One JVM (io.gbmesh.launcher.DownloadBench): a gateway, a media node, the orchestrator with the
# recording and download routes, one simulated camera, all on loopback. RUNS runs of one download,
# then RUNS runs of CONCURRENT downloads at once (each of another range of the same channel), with
# the JVM's CPU (process CPU time / wall time, in cores; the camera's sending is in the same JVM).
#
# usage: bench/download.sh
# env:   CONCURRENT (20), SPEED (8), RANGE_SECONDS (32, the range of each download), RUNS (3),
#        MVN (the maven command, e.g. "nice -n 19 mvn"), MVN_FLAGS (e.g. -o),
#        CP (a classpath with mesh-launcher's test classes, e.g. a surefire run's: then nothing is built)
set -euo pipefail
cd "$(dirname "$0")/.."
CONCURRENT=${CONCURRENT:-20}
SPEED=${SPEED:-8}
RANGE=${RANGE_SECONDS:-32}
RUNS=${RUNS:-3}
OUT=bench/results; mkdir -p "$OUT"
MVN="${MVN:-mvn} -B -ntp -q ${MVN_FLAGS:-}"
if [ -z "${CP:-}" ]; then
  $MVN -pl mesh-launcher -am -DskipTests package >/dev/null
  CP="mesh-launcher/target/test-classes:test-support/target/classes:mesh-launcher/target/gbmesh.jar"
fi
echo "== $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
timeout 900 java -Xmx1g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.gbmesh.launcher.DownloadBench "$CONCURRENT" "$SPEED" "$RANGE" "$RUNS" \
  | grep -E '^(single|concurrent|pooled|failed)' | tee "$OUT/download.txt"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
