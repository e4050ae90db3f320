#!/usr/bin/env bash
# 50 concurrent talks on one media node: CPU and RTP send jitter.
#
# One JVM (io.gbmesh.launcher.bench.TalkLoadBench): a media node sends TALKS talks at once, each a
# file (a 440 Hz tone, 8 kHz after FFmpeg's resampling) as G.711 A-law RTP paced at 20 ms over UDP to
# its own receiver socket on loopback, set up as the gateway does (TalkOpen, TalkConnect). After
# WARMUP s, over DURATION s: the inter-packet gaps at the receiver pooled over every talk
# (percentiles, ms), packets lost, and the CPU of the node's event-loop threads, of the whole JVM
# (receiver included) and of the FFmpeg decoders, as % of one core. RUNS runs.
#
# usage: bench/talk.sh
# env:   TALKS (50), DURATION (30), WARMUP (5), RUNS (3), MVN (e.g. "nice -n 19 mvn"), MVN_FLAGS (e.g. -o),
#        SKIP_BUILD=1 to run the jar and test classes already built
set -euo pipefail
cd "$(dirname "$0")/.."
TALKS=${TALKS:-50}
SECONDS_=${DURATION:-30}
WARMUP=${WARMUP:-5}
RUNS=${RUNS:-3}
OUT=bench/results; mkdir -p "$OUT"
MVN="${MVN:-mvn} -B -ntp -q ${MVN_FLAGS:-}"
[ "${SKIP_BUILD:-0}" = 1 ] || $MVN -pl mesh-launcher -am -DskipTests package >/dev/null
CP="mesh-launcher/target/test-classes:mesh-launcher/target/gbmesh.jar"
WORK=$(mktemp -d -t gbmesh-talk-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# longer than warm-up + window, so that every talk still sends at the end of the window
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=frequency=440:duration=$((SECONDS_ + WARMUP + 20)):sample_rate=44100" \
  -af volume=4 "$WORK/tone.wav"
: > "$OUT/talk.txt"
for run in $(seq 1 "$RUNS"); do
  echo "== run $run $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/talk.txt"
  timeout $((SECONDS_ + WARMUP + 120)) java -Xmx512m -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.gbmesh.launcher.bench.TalkLoadBench "$TALKS" "$SECONDS_" "$WARMUP" "$WORK/tone.wav" | tee -a "$OUT/talk.txt"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/talk.txt"
