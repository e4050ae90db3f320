#!/usr/bin/env bash
# Registration rate of one gateway node against Kamailio, side by side in one run.
#
# Both servers get the same sipp scenario (a GB/T 28181 device registering with digest: REGISTER,
# 401, REGISTER with Authorization, 200; sip-gateway/src/test/resources/sipp/register-digest.xml)
# from one sipp process on one UDP socket (-t u1: every message from one source port, as from a
# NAT), CALLS calls with fresh device IDs at a fixed LIMIT calls in flight (-l) and no rate cap
# (-r far above what either server does), on loopback:
#  - Kamailio (Debian's kamailio, asked to be installed when missing): a configuration written by
#    this script into a temporary directory: usrloc in memory (db_mode 0), digest checked against
#    one fixed password (pv_www_authenticate, the auth module's www_authorize without a database),
#    www_challenge, save("location"); CHILDREN UDP worker processes, the receive buffer as large as
#    the system allows (maxbuffer = net.core.rmem_max, the gateway asks for 4 MiB);
#  - the gateway (GatewayMain: a one-member Hazelcast cluster, -Xmx1g, online queries and
#    subscriptions off since sipp does not answer them), started fresh for every run so each call
#    is a first registration.
# Reported per server: completed registrations per second of wall time (successful calls / time
# from sipp's start to its exit), failed calls, sipp's retransmissions, and the host's UDP
# receive-buffer errors during the run (nstat UdpRcvbufErrors delta: the loopback has no other
# UDP load of ours while a run lasts), and the server's CPU time per completed registration (a
# figure that other load on the machine disturbs less than the rate). RUNS runs per server, alternating, medians reported, and the
# ratio gateway/Kamailio of the median rates.
#
# usage: bench/register-rate.sh
# env:   CALLS (60000), WARMUP (0: rounds of WARMUP calls with other device IDs run unmeasured
#        first, against both servers alike, until the server's JIT compiler threads used less than
#        JIT_QUIET_PCT (5) % of its CPU in the last round, at most WARMUP_ROUNDS (6) rounds: a JVM
#        measured while C2 still compiles its hot code pays for the compiling in the measured
#        window; Kamailio has no compiler and stops after one round), LIMIT (3000), RUNS (3), CHILDREN (4), PORT (15060: gateway; Kamailio PORT+100),
#        GW_JAVA_OPTS (the gateway's JVM options after -Xmx1g; default -XX:+UseG1GC), GW_ENV (extra VAR=value settings of the gateway),
#        SKIP_KAMAILIO (1: the gateway only), SKIP_BUILD (1: the classes as built),
#        GW_CLASSPATH (the gateway's classpath instead of this tree's classes, e.g. another build's
#        mesh-launcher/target/gbmesh.jar to compare with), SIPP_BUFFER (sipp's -buff_size: rmem_max),
#        SIPP_OPTS (more sipp options)
# Also printed per run: how many of the host's receive-buffer errors were at sipp's own socket, the
# warm-up rounds, and the share of the gateway's CPU in the measured window used by its JIT compiler
# threads and its garbage collector threads.
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${CALLS:-60000}
WARMUP=${WARMUP:-0}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-6}
JIT_QUIET_PCT=${JIT_QUIET_PCT:-5}
LIMIT=${LIMIT:-3000}
RUNS=${RUNS:-3}
CHILDREN=${CHILDREN:-4}
PORT=${PORT:-15060}
# sipp's own socket buffers: its default (-buff_size 65535) drops the answers to 3,000 calls in
# flight at sipp's socket, whichever server answers; as large as the system allows instead
SIPP_BUFFER=${SIPP_BUFFER:-$(sysctl -n net.core.rmem_max 2>/dev/null || echo 4194304)}
SIPP_OPTS=${SIPP_OPTS:-}
KPORT=$((PORT + 100))
OUT=bench/results; mkdir -p "$OUT"
TMP=$(mktemp -d /tmp/gbmesh-register-rate.XXXXXX)
command -v sipp >/dev/null || { echo "sipp is missing (Debian package sip-tester)"; exit 1; }
KAMAILIO=$(command -v kamailio || echo /usr/sbin/kamailio)
if [ "${SKIP_KAMAILIO:-0}" != 1 ] && [ ! -x "$KAMAILIO" ]; then
  echo "kamailio is missing: install Debian's package (apt-get install kamailio) or set SKIP_KAMAILIO=1"; exit 1
fi
CP_FILE=sip-gateway/target/bench-classpath.txt
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$CP_FILE" ]; then
  mvn -B -ntp -q -pl sip-gateway -am -DskipTests test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
fi
CP=${GW_CLASSPATH:-"sip-gateway/target/classes:$(cat "$CP_FILE")"}

SCENARIO=sip-gateway/src/test/resources/sipp/register-digest.xml
PASSWORD=bench-pass
DOMAIN=3402000000
serial=1
users() { # count file -> fresh device IDs (sipp's [authentication] keyword per device)
  local n=$1 file=$2
  { echo SEQUENTIAL; seq "$serial" $((serial + n - 1)) | awk -v pw="$PASSWORD" -v d="$DOMAIN" '{id=sprintf("3402000000132%07d", $1); printf "%s;[authentication username=%s password=%s];%s;34020000002000000001;3600\n", id, id, pw, d}'; } > "$file"
  serial=$((serial + n))
}

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

start_kamailio() {
  local rmem; rmem=$(sysctl -n net.core.rmem_max 2>/dev/null || echo 4194304)
  cat > "$TMP/kamailio.cfg" <<EOF
#!KAMAILIO
debug=1
log_stderror=yes
children=$CHILDREN
maxbuffer=$rmem
listen=udp:127.0.0.1:$KPORT
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
request_route {
    if (!is_method("REGISTER")) { sl_send_reply("405", "Method Not Allowed"); exit; }
    if (!pv_www_authenticate("\$td", "$PASSWORD", "0")) { www_challenge("\$td", "0"); exit; }
    if (!save("location")) { sl_reply_error(); }
    exit;
}
EOF
  "$KAMAILIO" -f "$TMP/kamailio.cfg" -DD -E -Y "$TMP" -P "$TMP/kamailio.pid" -m 256 -M 16 > "$OUT/kamailio.log" 2>&1 &
  KAM=$!; PIDS+=("$KAM")
  for _ in $(seq 1 50); do ss -ulnH "sport = :$KPORT" | grep -q . && return 0; sleep 0.2; done
  cat "$OUT/kamailio.log"; exit 1
}
stop_kamailio() { kill "$KAM" 2>/dev/null || true; wait "$KAM" 2>/dev/null || true; sleep 1; }

start_gateway() {
  # shellcheck disable=SC2086
  env GB_SIP_HOST=127.0.0.1 GB_SIP_PORT=$PORT GB_SIP_LISTEN=udp GB_SIP_PASSWORD=$PASSWORD GB_SIP_DOMAIN=$DOMAIN \
      GB_QUERY_ON_ONLINE=false GB_SUBSCRIBE=none GB_STATS_LOG_SECONDS=0 GB_GATEWAY_HTTP_PORT=-1 \
      GB_CLUSTER_NAME=gbmesh-bench-$$ GB_CLUSTER_PORT=16701 ${GW_ENV:-} \
    java -Xmx1g ${GW_JAVA_OPTS:--XX:+UseG1GC} -cp "$CP" io.gbmesh.gateway.GatewayMain > "$OUT/gateway.log" 2>&1 &
  GW=$!; PIDS+=("$GW")
  for _ in $(seq 1 120); do grep -q "SIP gateway" "$OUT/gateway.log" && return 0; sleep 0.5; done
  cat "$OUT/gateway.log"; exit 1
}
stop_gateway() { kill "$GW" 2>/dev/null || true; wait "$GW" 2>/dev/null || true; sleep 1; }

# CPU ticks (1/100 s) used so far by the server under test: Kamailio's processes, or the gateway's JVM
cpu_ticks() {
  if [ "$1" = kamailio ]; then
    for p in $(pgrep -f "$TMP/kamailio.cfg"); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'
  else
    awk '{print $14 + $15}' "/proc/$GW/stat"
  fi
}
# the drops counter of the UDP socket bound to a port (last column of /proc/net/udp), sampled every
# 0.2 s until killed: the socket is gone once sipp exits, so the last line is its final count
socket_drops() {
  local hex; hex=$(printf ':%04X ' "$1")
  while sleep 0.2; do awk -v p="$hex" 'index($2 " ", p) {print $NF; exit}' /proc/net/udp; done
}
# the gateway JVM's CPU ticks by kind of thread: "jit gc" (C1/C2 compiler threads, GC threads)
jvm_ticks() {
  [ "$1" = gateway ] || { echo "0 0"; return; }
  for t in /proc/"$GW"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ < "$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
  done | awk '$1 ~ /CompilerThre/ {j += $2} $1 ~ /^(GC_|G1_|VM_Thread)/ {g += $2} END {print j + 0, g + 0}'
}
rcvbuf_errors() { nstat -az UdpRcvbufErrors | awk '/UdpRcvbufErrors/ {print $2}'; }

run_sipp() { # port server -> "rate successful failed retransmissions rcvbuf-errors seconds cpu-ms-per-registration"
  local port=$1 server=$2 csv="$TMP/users.csv" stat="$TMP/stat.csv"
  local round=0
  while [ "$WARMUP" -gt 0 ] && [ "$round" -lt "$WARMUP_ROUNDS" ]; do # not measured: the same load with other device IDs first
    round=$((round + 1))
    users "$WARMUP" "$TMP/warmup.csv"
    local wc0 wj0 wc1 wj1 wt0 wt1; wc0=$(cpu_ticks "$server"); read -r wj0 _ < <(jvm_ticks "$server"); wt0=$(date +%s.%N)
    rm -f "$TMP/warmup-stat.csv"
    timeout 300 sipp 127.0.0.1:"$port" -sf "$SCENARIO" -inf "$TMP/warmup.csv" -r 1000000 -l "$LIMIT" -m "$WARMUP" -i 127.0.0.1 \
         -p $((PORT + 200)) -t u1 -timeout 120s -nostdin -buff_size "$SIPP_BUFFER" $SIPP_OPTS \
         -trace_stat -stf "$TMP/warmup-stat.csv" -fd 1 >/dev/null 2>&1 || true
    wt1=$(date +%s.%N); wc1=$(cpu_ticks "$server"); read -r wj1 _ < <(jvm_ticks "$server")
    echo "$server: warm-up round $round: $(tail -n 1 "$TMP/warmup-stat.csv" 2>/dev/null | awk -F';' -v t0="$wt0" -v t1="$wt1" \
      '{printf "%.0f/s (%d ok, %d failed, %d retransmissions)", $16 / (t1 - t0), $16, $18, $58}'), JIT compiler $(( (wj1 - wj0) * 100 / (wc1 - wc0 + 1) ))% of its CPU" >&2
    sleep 1
    [ $(( (wj1 - wj0) * 100 )) -lt $(( JIT_QUIET_PCT * (wc1 - wc0 + 1) )) ] && break
  done
  users "$CALLS" "$csv"; rm -f "$stat"
  local e0 t0 t1 c0 c1 j0 g0 j1 g1; e0=$(rcvbuf_errors); c0=$(cpu_ticks "$server"); read -r j0 g0 < <(jvm_ticks "$server"); t0=$(date +%s.%N)
  socket_drops "$((PORT + 200))" > "$TMP/client-drops" &
  local sampler=$!
  timeout 300 sipp 127.0.0.1:"$port" -sf "$SCENARIO" -inf "$csv" -r 1000000 -l "$LIMIT" -m "$CALLS" -i 127.0.0.1 \
       -p $((PORT + 200)) -t u1 -timeout 120s -nostdin -buff_size "$SIPP_BUFFER" $SIPP_OPTS -trace_stat -stf "$stat" -fd 1 >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  local e1; e1=$(rcvbuf_errors); c1=$(cpu_ticks "$server"); read -r j1 g1 < <(jvm_ticks "$server")
  [ "$server" = gateway ] && echo "gateway: in the measured window, JIT compiler threads $(( (j1 - j0) * 100 / (c1 - c0 + 1) ))% and GC threads $(( (g1 - g0) * 100 / (c1 - c0 + 1) ))% of its CPU" >&2
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$server: datagrams dropped at sipp's socket: $(tail -n 1 "$TMP/client-drops" 2>/dev/null || echo 0) of $((e1 - e0))" >&2
  # columns of sipp's statistics file: SuccessfulCall(C) 16, FailedCall(C) 18, Retransmissions(C) 58
  tail -n 1 "$stat" | awk -F';' -v t0="$t0" -v t1="$t1" -v e="$((e1 - e0))" -v c="$((c1 - c0))" \
    '{s=t1-t0; printf "%.0f %d %d %d %d %.2f %.3f\n", $16/s, $16, $18, $58, e, s, ($16 > 0 ? c * 10 / $16 : 0)}'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

REPORT="$OUT/register-rate.txt"
{ echo "== $(date -u +%FT%TZ) registration rate: $CALLS calls (after rounds of $WARMUP unmeasured until the JIT is quiet) at -l $LIMIT, one sipp socket, $RUNS runs per server"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); gateway options: ${GW_JAVA_OPTS:-none} ${GW_ENV:-}"; } | tee -a "$REPORT"
kr=(); gr=()
for run in $(seq 1 "$RUNS"); do
  if [ "${SKIP_KAMAILIO:-0}" != 1 ]; then
    start_kamailio
    read -r rate ok failed retrans errs secs cpu < <(run_sipp "$KPORT" kamailio)
    stop_kamailio
    echo "run $run kamailio: $rate/s ($ok ok, $failed failed in ${secs}s), retransmissions $retrans, UdpRcvbufErrors $errs, CPU $cpu ms/registration, load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$REPORT"
    kr+=("$rate")
  fi
  start_gateway
  read -r rate ok failed retrans errs secs cpu < <(run_sipp "$PORT" gateway)
  stop_gateway
  echo "run $run gateway:  $rate/s ($ok ok, $failed failed in ${secs}s), retransmissions $retrans, UdpRcvbufErrors $errs, CPU $cpu ms/registration, load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$REPORT"
  gr+=("$rate")
done
gm=$(median "${gr[@]}")
if [ ${#kr[@]} -gt 0 ]; then
  km=$(median "${kr[@]}")
  echo "median: kamailio $km/s, gateway $gm/s, ratio gateway/kamailio $(awk -v g="$gm" -v k="$km" 'BEGIN {printf "%.2f", g/k}'); load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$REPORT"
else
  echo "median: gateway $gm/s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$REPORT"
fi
