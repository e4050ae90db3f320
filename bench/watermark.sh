#!/usr/bin/env bash
# CPU of a watermarked push (io.gbmesh.media.bench.DistributionBench watermark): one 704x576 H.264
# camera at real time into a media node in this JVM, PUSHES pushes of it to ffmpeg RTMP receivers that
# discard what they get, first without a watermark, then with a text watermark with the time (decode,
# FFmpeg overlay, OpenH264 encode); the push threads' CPU time over SECONDS after 5 s of warm-up, in %
# of one core per push. Needs ffmpeg (Debian package).
#
# usage: bench/watermark.sh [pushes] [seconds]   (default 2 pushes, 20 s)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/results/distribution}
mkdir -p "$OUT"
MVN="mvn -B -ntp -q ${MVN_FLAGS:-}"
$MVN -pl media-node -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="media-node/target/test-classes:media-node/target/classes:$(cat "$OUT/classpath.txt")"
java -Xmx512m -cp "$CP" io.gbmesh.media.bench.DistributionBench watermark "${1:-2}" "${2:-20}" 2>/dev/null | grep '^push' | tee "$OUT/watermark.txt"
