#!/usr/bin/env bash
# Snapshot latency with a running stream (io.gbmesh.media.bench.DistributionBench snapshot): a media node
# in one JVM takes the real cameras' RTP at real time over loopback; GET /api/streams/{id}/snapshot is
# asked COUNT times, 200 ms apart: median, p90 and max (704x576 H.264, then 320x240 H.265).
#
# usage: bench/snapshot.sh [count]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/results/distribution}
mkdir -p "$OUT"
MVN="mvn -B -ntp -q ${MVN_FLAGS:-}"
$MVN -pl media-node -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="media-node/target/test-classes:media-node/target/classes:$(cat "$OUT/classpath.txt")"
java -Xmx512m -cp "$CP" io.gbmesh.media.bench.DistributionBench snapshot "${1:-30}" 2>/dev/null | grep '^snapshot' | tee "$OUT/snapshot.txt"
