#!/usr/bin/env bash
# Concurrent streams on one media node: CPU per stream and loss, at rising stream counts.
#
# Starts MediaNodeMain alone (a one-member cluster, its own JVM), then a load generator JVM that
# joins the cluster, opens N UDP streams on the node, replays the real camera capture as RTP into
# each at 4x real time (about 2 Mbit/s per stream) with one HTTP-FLV viewer per stream, and after
# DURATION seconds reads the node's loss counters and the node process's CPU time from /proc.
# Both JVMs share the machine's two cores: the generator's CPU is not the node's, but it competes.
#
# usage: bench/media-streams.sh [counts...]   (default: 25 50 100 150 200)   env: DURATION (20), SPEED (4)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNTS=("$@"); [ ${#COUNTS[@]} -gt 0 ] || COUNTS=(25 50 100 150 200)
DURATION=${DURATION:-20}
SPEED=${SPEED:-4}
OUT=bench/results; mkdir -p "$OUT"
[ -f mesh-launcher/target/gbmesh.jar ] || mvn -B -ntp -q -DskipTests package
mvn -B -ntp -q -pl mesh-launcher test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP="mesh-launcher/target/test-classes:mesh-launcher/target/gbmesh.jar"
for n in "${COUNTS[@]}"; do
  GB_CLUSTER_NAME=gbmesh-media-bench-$$ GB_CLUSTER_PORT=19701 GB_MEDIA_HOST=127.0.0.1 GB_MEDIA_HTTP_PORT=19081 \
  GB_RTP_PORT_MIN=40000 GB_RTP_PORT_MAX=40999 GB_STREAM_IDLE_MS=600000 \
    java -Xmx2g -cp mesh-launcher/target/gbmesh.jar io.gbmesh.media.MediaNodeMain > "$OUT/media-node.log" 2>&1 &
  node=$!
  for _ in $(seq 1 60); do grep -q "ready" "$OUT/media-node.log" && break; sleep 1; done
  java -Xmx2g -cp "$CP" io.gbmesh.launcher.bench.StreamLoadBench "$n" "$DURATION" "$SPEED" "$node" gbmesh-media-bench-$$ 19701 \
    2>/dev/null | grep '^streams=' | tee -a "$OUT/media-streams.txt"
  kill "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true
  sleep 2
done
