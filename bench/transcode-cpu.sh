#!/usr/bin/env bash
# CPU per live H.265 + G.711A stream on a media node with the G.711 -> AAC transcoder on (FLV viewers
# asking ?audio=aac) and off (the same viewers without it), and the transcoder's own cost per second
# of audio (io.gbmesh.media.bench.TranscodeBench).
#
# A 60 s 320x240 H.265 + G.711A capture is made first with Debian's ffmpeg (libx265, pcm_alaw) and
# media-node/src/test/resources/vectors/make-gb-ps.py, as the test vector is, only longer. Then, RUNS
# times, off and on alternately, each in a JVM of its own: a node in the JVM, STREAMS streams sent the
# capture over UDP in real time, one HTTP-FLV viewer each; after WARMUP s the JVM's CPU over WINDOW s.
# The replay and the viewers run in the same JVM in both modes, so on minus off is the transcoding.
# Every run stops by itself.
#
# usage: bench/transcode-cpu.sh     env: STREAMS (20), RUNS (3), WARMUP (5), WINDOW (20), MVN_FLAGS
set -euo pipefail
cd "$(dirname "$0")/.."
STREAMS=${STREAMS:-20}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-5}
WINDOW=${WINDOW:-20}
OUT=${OUT:-bench/results/transcode}
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ffmpeg -v error -f lavfi -i testsrc2=size=320x240:rate=25 -t 60 -c:v libx265 -preset ultrafast \
  -x265-params keyint=25:min-keyint=25:bframes=0:crf=32:aud=1:info=0:log-level=error -pix_fmt yuv420p \
  -f hevc "$WORK/in.h265"
ffmpeg -v error -f lavfi -i sine=frequency=440:sample_rate=8000 -t 60 -c:a pcm_alaw -f alaw "$WORK/in.alaw"
python3 media-node/src/test/resources/vectors/make-gb-ps.py "$WORK/in.h265" hevc 25 "$WORK/capture.ps" \
  "$WORK/in.alaw" alaw
MVN="mvn -B -ntp -q ${MVN_FLAGS:-}"
$MVN -pl media-node -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="media-node/target/test-classes:media-node/target/classes:$(cat "$OUT/classpath.txt")"
RUN="java -Xmx1g -cp $CP io.gbmesh.media.bench.TranscodeBench"
{
  echo "# $(date -u +%FT%TZ) streams=$STREAMS warmup=${WARMUP}s window=${WINDOW}s load: $(cut -d' ' -f1-3 /proc/loadavg)"
  $RUN encoder "$WORK/capture.ps" 20 2>/dev/null
  for run in $(seq 1 "$RUNS"); do
    for mode in off on; do
      echo "run=$run load=$(cut -d' ' -f1 /proc/loadavg) $($RUN node "$WORK/capture.ps" "$STREAMS" "$WARMUP" "$WINDOW" "$mode" 2>/dev/null | grep -E '^(mode|stream)=' | tr '\n' ' ')"
    done
  done
  echo "# done, load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/transcode-cpu.txt"
# medians per mode
for mode in off on; do
  grep "mode=$mode " "$OUT/transcode-cpu.txt" | sed 's/.*cpu_per_stream_pct=\([0-9.]*\).*/\1/' | sort -n \
    | awk -v m="$mode" '{a[NR]=$1} END {if (NR) printf "median cpu_per_stream_pct mode=%s: %s (%d runs)\n", m, a[int((NR+1)/2)], NR}'
done | tee -a "$OUT/transcode-cpu.txt"
