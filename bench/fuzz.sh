#!/usr/bin/env bash
# Mutation fuzzing of every codec: SIP parser and TCP framer, SDP, MANSCDP, RTP over TCP (RFC 4571
# framing, parsing, reordering, frame assembly), PS demux, and the media node's FLV muxing (PS → FLV,
# and RTP through a whole stream process → FLV).
#
# Runs MUTATIONS mutants of the real vectors (the reference's SIP messages and their SDP/MANSCDP
# bodies, windows of the real PS capture), spread evenly over the targets, after a warm-up, with the
# same deterministic mutator as the unit tests (io.gbmesh.protocol.fuzz). Reports per target the
# inputs refused with the codec's typed exception, the uncaught throwables (target 0; the first five
# inputs of each are saved raw and minimised with their stack traces), the slowest input re-timed
# alone (least of 10 runs; target < 1 ms) and that input's least of 100 runs (on a shared machine the
# least of 10 can still hold a preemption), and the used heap after GC at the start and the end.
# The exit status is 1 when anything was uncaught.
#
# Input size rule: a mutant is at most what the product takes as one unit, cut there if longer:
#   sip-parser, sdp, manscdp   65,507 bytes: the largest UDP datagram, so the largest SIP message or
#                              body it carries (SDP and MANSCDP refuse bodies over 64 KiB themselves)
#   sip-framer, rtp, ps, flv,  65,536 bytes: one TCP read (Netty reads at most 64 KiB); a longer stream
#   stream-flv                 reaches the framer or demuxer as several reads, each its own unit
# Inputs past the unit are still checked, after the run: a 300 KiB datagram, SDP and MANSCDP body,
# and a TCP stream whose header section never ends must each be refused by the codec's typed
# exception, and the time of that refusal is reported.
#
# usage: bench/fuzz.sh [mutations]      (default 10000000)
# env:   SEED (1), THREADS (cores), OUT (bench/results/fuzz), HEAP (1g), MVN_FLAGS,
#        MAX_SECONDS (none: a time limit after which every target stops; the report gives the count run)
set -euo pipefail
cd "$(dirname "$0")/.."
MUTATIONS=${1:-10000000}
SEED=${SEED:-1}
THREADS=${THREADS:-$(nproc)}
OUT=${OUT:-bench/results/fuzz}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
MVN="mvn -B -ntp -q ${MVN_FLAGS:-}"
# gb-protocol's harness reaches media-node as its test-jar: package it and write the classpath in the
# same reactor run (the last module built, media-node, writes the file last)
$MVN -pl gb-protocol,media-node -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="media-node/target/test-classes:media-node/target/classes:gb-protocol/target/test-classes:gb-protocol/target/classes:$(cat "$OUT/classpath.txt")"
echo "== fuzz: $MUTATIONS mutations, seed $SEED, $THREADS threads" | tee "$OUT/fuzz.txt"
java -Xmx${HEAP:-1g} -XX:+UseG1GC -cp "$CP" io.gbmesh.media.fuzz.MediaFuzzBench "$MUTATIONS" "$SEED" "$OUT" "$THREADS" "${MAX_SECONDS:-0}" 2>&1 | tee -a "$OUT/fuzz.txt"
