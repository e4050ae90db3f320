#!/usr/bin/env bash
# Registration throughput and registry memory of one gateway node.
#
# Starts the gateway alone (GatewayMain, a one-member Hazelcast cluster, -Xmx1g), then drives
# REGISTER with digest authentication (REGISTER, 401, REGISTER with Authorization, 200) from sipp on
# the same machine, at rising rates, each for DURATION seconds, with fresh device IDs each time.
# Reports, per rate, the calls sipp completed and failed; then registers devices up to TOTAL and
# reads the heap used after a full GC (jcmd).
#
# usage: bench/register-rate.sh [rates...]      (default: 2000 4000 6000 8000 10000 12000 14000)
# env:   DURATION (10), TOTAL (100000), PORT (15060), RUNS (3, for the heap figure's median)
set -euo pipefail
cd "$(dirname "$0")/.."
RATES=("$@"); [ ${#RATES[@]} -gt 0 ] || RATES=(2000 4000 6000 8000 10000 12000 14000)
DURATION=${DURATION:-10}
TOTAL=${TOTAL:-100000}
PORT=${PORT:-15060}
OUT=bench/results; mkdir -p "$OUT"
JAR=mesh-launcher/target/gbmesh.jar
[ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package
command -v sipp >/dev/null || { echo "sipp is missing (Debian package sip-tester)"; exit 1; }

SCENARIO=sip-gateway/src/test/resources/sipp/register-digest.xml
PASSWORD=bench-pass
serial=1
users() { # count -> CSV of fresh device IDs
  local n=$1 f="$OUT/users-$serial.csv"
  { echo SEQUENTIAL; seq "$serial" $((serial + n - 1)) | awk -v pw="$PASSWORD" '{id=sprintf("3402000000132%07d", $1); printf "%s;[authentication username=%s password=%s];3402000000;34020000002000000001;3600\n", id, id, pw}'; } > "$f"
  serial=$((serial + n)); echo "$f"
}

GB_SIP_HOST=127.0.0.1 GB_SIP_PORT=$PORT GB_SIP_PASSWORD=$PASSWORD GB_QUERY_ON_ONLINE=false GB_STATS_LOG_SECONDS=0 \
GB_CLUSTER_NAME=gbmesh-bench-$$ GB_CLUSTER_PORT=16701 \
  java -Xmx1g -XX:+UseG1GC -cp "$JAR" io.gbmesh.gateway.GatewayMain > "$OUT/gateway.log" 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null' EXIT
for i in $(seq 1 60); do grep -q "SIP gateway" "$OUT/gateway.log" && break; sleep 1; done
grep -q "SIP gateway" "$OUT/gateway.log" || { cat "$OUT/gateway.log"; exit 1; }

run_sipp() { # rate calls csv -> "successful failed"
  local rate=$1 calls=$2 csv=$3
  sipp 127.0.0.1:$PORT -sf "$SCENARIO" -inf "$csv" -r "$rate" -m "$calls" -l $((rate * 4)) -i 127.0.0.1 \
       -t u1 -timeout $((DURATION * 3 + 30))s -nostdin -trace_stat -stf "$OUT/stat.csv" -fd 1 >/dev/null 2>&1 || true
  local last; last=$(tail -n 1 "$OUT/stat.csv")
  # columns of sipp's statistics file: SuccessfulCall(C) is 16th, FailedCall(C) 18th
  echo "$last" | awk -F';' '{print $16, $18}'
  rm -f "$OUT/stat.csv"
}

echo "rate_per_s successful failed" | tee "$OUT/register-rate.txt"
best=0
registered=0
for rate in "${RATES[@]}"; do
  calls=$((rate * DURATION))
  read -r ok failed < <(run_sipp "$rate" "$calls" "$(users "$calls")")
  registered=$((registered + ok))
  echo "$rate $ok $failed" | tee -a "$OUT/register-rate.txt"
  if [ "$failed" = "0" ] && [ "$ok" = "$calls" ]; then best=$rate; fi
done
echo "highest rate held with zero failures: $best/s" | tee -a "$OUT/register-rate.txt"

if [ "$registered" -lt "$TOTAL" ]; then
  rest=$((TOTAL - registered))
  read -r ok failed < <(run_sipp 5000 "$rest" "$(users "$rest")")
  registered=$((registered + ok))
fi
echo "registered devices: $registered" | tee -a "$OUT/register-rate.txt"
heap=()
for i in $(seq 1 "${RUNS:-3}"); do
  jcmd $GW GC.run >/dev/null
  sleep 2
  used=$(jcmd $GW GC.heap_info | awk '/garbage-first heap|total/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}')
  heap+=("$used")
done
echo "heap used after full GC (runs): ${heap[*]}" | tee -a "$OUT/register-rate.txt"
