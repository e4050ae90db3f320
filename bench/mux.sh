#!/usr/bin/env bash
# What muxing costs the media node per frame, on one thread (io.gbmesh.media.bench.MuxBench): the
# captures' frames (704x576 H.264; 320x240 H.265 + G.711A; 320x240 H.264 + AAC) through the FLV and
# fragmented MP4 muxers, and RTP through the whole stream process into no sink, or into both.
#
# usage: bench/mux.sh [rounds]     (default 30 timed rounds after 30 warm-up rounds; the median is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/results/mux}
mkdir -p "$OUT"
MVN="mvn -B -ntp -q ${MVN_FLAGS:-}"
$MVN -pl media-node -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="media-node/target/test-classes:media-node/target/classes:$(cat "$OUT/classpath.txt")"
java -Xmx512m -cp "$CP" io.gbmesh.media.bench.MuxBench "${1:-30}" | tee "$OUT/mux.txt"
