#!/usr/bin/env bash
# Concurrent streams on one media node: CPU per stream and loss, at rising stream counts.
#
# For each count N (and each of RUNS runs): starts MediaNodeMain alone (a one-member cluster, its
# own JVM); a set-up JVM joins the cluster, opens N UDP streams on the node as the platform does
# and writes the capture's RTP packets and the streams' ports/SSRCs to files, then leaves; then
# bench/rtp-replay (C, compiled here) replays the real camera capture into every stream at SPEED
# times real time and keeps one HTTP-FLV viewer per stream. After WARMUP seconds it measures for
# DURATION seconds: the node process's CPU time (/proc/<pid>/stat), the node's own packet and loss
# counters (GET /api/streams at the start and the end of the window), the generator's lateness, and
# the bytes each viewer received. Every run stops by itself.
#
# usage: bench/media-streams.sh [counts...]   (default: 50 100 200 300 400)
# env: RUNS (3), DURATION (20), WARMUP (10), SPEED (4), NODE_JAVA_OPTS (extra JVM flags for the node),
#      GB_MEDIA_EVENT_LOOPS (the node's stream event loops, default one per core),
#      GEN_RT (1: run the replay under SCHED_FIFO, needs root, so that it keeps real time on a busy machine;
#      it sleeps between packets and uses a fraction of a core), MVN_FLAGS (extra maven flags)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNTS=("$@"); [ ${#COUNTS[@]} -gt 0 ] || COUNTS=(50 100 200 300 400)
RUNS=${RUNS:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
SPEED=${SPEED:-4}
OUT=bench/results; mkdir -p "$OUT"
WORK=$(mktemp -d)
node=""
stop_node() {  # TERM, then KILL if the JVM has not gone after 10 s
  [ -n "$node" ] || return 0
  kill "$node" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$node" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$node" 2>/dev/null || true
  wait "$node" 2>/dev/null || true
  node=""
}
trap 'stop_node; rm -rf "$WORK"' EXIT
MVN="mvn -B -ntp -q ${MVN_FLAGS:-}"
[ -f mesh-launcher/target/gbmesh.jar ] || $MVN -DskipTests package
$MVN -pl mesh-launcher test-compile >/dev/null
gcc -O2 -Wall -o "$WORK/rtp-replay" bench/rtp-replay.c -lpthread
CP="mesh-launcher/target/test-classes:mesh-launcher/target/gbmesh.jar"
HTTP_PORT=19081
# The cluster secret the node checks viewer URLs with; the set-up program signs with it too.
export GB_MEDIA_URL_SECRET=${GB_MEDIA_URL_SECRET:-bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
API="http://127.0.0.1:$HTTP_PORT/api/streams"
RT=""; [ "${GEN_RT:-0}" = 1 ] && RT="chrt -f 10"

for n in "${COUNTS[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    GB_CLUSTER_NAME=gbmesh-media-bench-$$ GB_CLUSTER_PORT=19701 GB_MEDIA_HOST=127.0.0.1 GB_MEDIA_HTTP_PORT=$HTTP_PORT \
    GB_RTP_PORT_MIN=40000 GB_RTP_PORT_MAX=40999 GB_STREAM_IDLE_MS=600000 \
      java -Xmx2g ${NODE_JAVA_OPTS:-} -cp mesh-launcher/target/gbmesh.jar io.gbmesh.media.MediaNodeMain \
      > "$OUT/media-node.log" 2>&1 &
    node=$!
    for _ in $(seq 1 60); do grep -q "ready" "$OUT/media-node.log" && break; sleep 1; done
    java -Xmx1g -cp "$CP" io.gbmesh.launcher.bench.StreamLoadBench "$n" "$WORK" gbmesh-media-bench-$$ 19701 \
      2>/dev/null | grep -E '^(capture|opened)' >&2
    line=$($RT "$WORK/rtp-replay" "$WORK/packets.bin" "$WORK/streams.txt" "$SPEED" "$WARMUP" "$DURATION" "$node" \
      "sh -c 'curl -sf -H \"Authorization: Bearer $(cat "$WORK/api-token.txt")\" $API > $WORK/api-\$0.json'")
    # The node's own counters over the window: packets received and sequence gaps given up as lost.
    node_stats=$(python3 - "$WORK/api-start.json" "$WORK/api-end.json" <<'EOF'
import json, sys
a = {s["streamId"]: s for s in json.load(open(sys.argv[1]))["streams"]}
b = {s["streamId"]: s for s in json.load(open(sys.argv[2]))["streams"]}
pk = sum(b[i]["stats"]["packets"] - a[i]["stats"]["packets"] for i in b if i in a)
lost = sum(b[i]["stats"]["lost"] - a[i]["stats"]["lost"] for i in b if i in a)
viewers = sum(s["stats"]["viewers"] for s in b.values())
dropped = sum(s["droppedViewers"] for s in b.values())
started = sum(1 for s in b.values() if s["started"])
print(f"node_pkts={pk} node_lost={lost} loss_pct={100.0 * lost / max(1, pk + lost):.4f} "
      f"node_viewers={viewers} dropped_viewers={dropped} started={started}")
EOF
)
    echo "run=$run speed=$SPEED $line $node_stats" | tee -a "$OUT/media-streams.txt"
    stop_node
    sleep 2
  done
done
