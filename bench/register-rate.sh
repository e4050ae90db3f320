#!/usr/bin/env bash
# Registration throughput and registry memory of one gateway node.
#
# Starts the gateway alone (GatewayMain: a one-member Hazelcast cluster, -Xmx1g) and drives
# REGISTER with digest authentication (REGISTER, 401, REGISTER with Authorization, 200) from sipp
# on the same machine, at rising rates, each for DURATION seconds against a fresh gateway with fresh
# device IDs (every call is a device's first registration). A rate is
# "held" when every call of it succeeded. The ladder is run RUNS times (a fresh gateway each time)
# and the median of the highest rates held is reported. Then a fresh gateway gets TOTAL devices
# registered and the heap used after a full GC is read with jcmd (median of three readings).
#
# usage: bench/register-rate.sh [rates...]      (default: 4000 8000 10000 12000 14000 16000)
# env:   DURATION (8), TOTAL (100000), PORT (15060), RUNS (3)
set -euo pipefail
cd "$(dirname "$0")/.."
RATES=("$@"); [ ${#RATES[@]} -gt 0 ] || RATES=(4000 8000 10000 12000 14000 16000)
DURATION=${DURATION:-8}
TOTAL=${TOTAL:-100000}
PORT=${PORT:-15060}
RUNS=${RUNS:-3}
OUT=bench/results; mkdir -p "$OUT"
JAR=${JAR:-mesh-launcher/target/gbmesh.jar}
[ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package
command -v sipp >/dev/null || { echo "sipp is missing (Debian package sip-tester)"; exit 1; }

SCENARIO=sip-gateway/src/test/resources/sipp/register-digest.xml
PASSWORD=bench-pass
serial=1
USERS="$OUT/users.csv"
users() { # count -> writes $USERS with fresh device IDs (sipp's [authentication] keyword per device)
  local n=$1
  { echo SEQUENTIAL; seq "$serial" $((serial + n - 1)) | awk -v pw="$PASSWORD" '{id=sprintf("3402000000132%07d", $1); printf "%s;[authentication username=%s password=%s];3402000000;34020000002000000001;3600\n", id, id, pw}'; } > "$USERS"
  serial=$((serial + n))
}

GW=
start_gateway() {
  GB_SIP_HOST=127.0.0.1 GB_SIP_PORT=$PORT GB_SIP_PASSWORD=$PASSWORD GB_QUERY_ON_ONLINE=false GB_STATS_LOG_SECONDS=2 \
  GB_CLUSTER_NAME=gbmesh-bench-$$ GB_CLUSTER_PORT=16701 \
    java -Xmx1g -XX:+UseG1GC -cp "$JAR" io.gbmesh.gateway.GatewayMain > "$OUT/gateway.log" 2>&1 &
  GW=$!
  for _ in $(seq 1 60); do grep -q "SIP gateway" "$OUT/gateway.log" && return 0; sleep 1; done
  cat "$OUT/gateway.log"; exit 1
}
stop_gateway() { if [ -n "$GW" ]; then kill "$GW" 2>/dev/null || true; wait "$GW" 2>/dev/null || true; fi; GW=; sleep 2; }
trap stop_gateway EXIT

run_sipp() { # rate calls csv -> "successful failed"
  local rate=$1 calls=$2 csv=$3
  sipp 127.0.0.1:$PORT -sf "$SCENARIO" -inf "$csv" -r "$rate" -m "$calls" -l $((rate * 4)) -i 127.0.0.1 \
       -t u1 -timeout $((DURATION * 3 + 60))s -nostdin -trace_stat -stf "$OUT/stat.csv" -fd 1 >/dev/null 2>&1 || true
  # columns of sipp's statistics file: SuccessfulCall(C) is the 16th, FailedCall(C) the 18th
  tail -n 1 "$OUT/stat.csv" | awk -F';' '{print $16, $18}'
  rm -f "$OUT/stat.csv"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== registration rate ladder (${DURATION}s per rate, ${RUNS} runs)" | tee "$OUT/register-rate.txt"
bests=()
for run in $(seq 1 "$RUNS"); do
  best=0
  for rate in "${RATES[@]}"; do
    start_gateway   # a fresh gateway per rate: every call is a new device's first registration
    calls=$((rate * DURATION))
    users "$calls"
    read -r ok failed < <(run_sipp "$rate" "$calls" "$USERS")
    stop_gateway
    echo "run $run: $rate/s -> $ok successful, $failed failed" | tee -a "$OUT/register-rate.txt"
    if [ "$failed" = "0" ] && [ "$ok" = "$calls" ]; then best=$rate; else break; fi
  done
  bests+=("$best")
done
echo "highest rate held with zero failures, per run: ${bests[*]}; median: $(median "${bests[@]}")/s" | tee -a "$OUT/register-rate.txt"

echo "== heap with $TOTAL registered devices" | tee -a "$OUT/register-rate.txt"
start_gateway
users "$TOTAL"
read -r ok failed < <(run_sipp 5000 "$TOTAL" "$USERS")
echo "registered: $ok successful, $failed failed" | tee -a "$OUT/register-rate.txt"
sleep 40   # completed transactions (Timer J, 32 s) expire
owned=$(grep -o 'owned=[0-9]*' "$OUT/gateway.log" | tail -n 1)
heap=()
for _ in 1 2 3; do
  jcmd "$GW" GC.run >/dev/null
  sleep 2
  heap+=("$(jcmd "$GW" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {sub("K","",$(i+1)); print $(i+1); exit}}')")
done
echo "gateway table: $owned; heap used after full GC (KiB): ${heap[*]}; median $(( $(median "${heap[@]}") / 1024 )) MiB" | tee -a "$OUT/register-rate.txt"
