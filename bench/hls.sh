#!/usr/bin/env bash
# HLS start-up: time from a stream's first playlist request until the answer lists a segment
# (io.gbmesh.media.bench.HlsBench: a node in the JVM, a new stream per run sent the real camera
# capture over UDP in real time, the playlist asked 1 to 2 s after the stream started, at a random
# point of its one-second group of pictures). Prints each run, then the median. Stops by itself.
#
# usage: bench/hls.sh [runs]     (default 15)   env: MVN_FLAGS
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/results/hls}
mkdir -p "$OUT"
MVN="mvn -B -ntp -q ${MVN_FLAGS:-}"
$MVN -pl media-node -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="media-node/target/test-classes:media-node/target/classes:$(cat "$OUT/classpath.txt")"
{
  echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xmx512m -cp "$CP" io.gbmesh.media.bench.HlsBench "${1:-15}" 2>/dev/null | grep -E '^(run|runs)='
  echo "# done, load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/hls.txt"
