#!/usr/bin/env bash
# Restart storm: COUNT simulated devices register at once against a freshly started mesh (as after a
# platform restart), every query and subscription the gateway sends on their coming online answered.
# Measured from the driver's first REGISTER: the time until every device is online (the gateway's
# registry, its /metrics devices_owned; and the api-service's database, devices.online) and until
# every device's catalog is known (devices.catalog_at set), the peak heap of the mesh JVM (its GC
# log: the largest heap in use before a collection, and the heap committed), UDP datagrams dropped
# on the host (nstat UdpRcvbufErrors and UdpInErrors during the run), retransmissions on both sides
# (the driver's REGISTERs and MESSAGEs, the gateway's requests), and failures (registrations not
# accepted, queries and MESSAGEs unanswered). Bounded: a run stops when both counts are reached or
# after TIMEOUT_S seconds, whichever comes first.
#
# Two JVMs on loopback:
#  - the whole mesh in one JVM (MeshLauncher: gateway, media node, api-service), -Xmx$MESH_XMX, GC log,
#    no SIP password (GB_SIP_AUTH=off; AUTH=1: one password, digest), online queries on (DeviceInfo, Catalog, ConfigDownload) and
#    subscriptions (catalog, alarm, position) through the gateway's online queue
#    (GB_QUERY_CONCURRENCY=$QUERY_CONCURRENCY), the database the PostgreSQL at PG_URL (a fresh schema,
#    dropped at the end) or the embedded one when PG_URL is empty;
#  - the driver (StormBench with StormDevices): COUNT devices over SOCKETS UDP sockets in THREADS
#    lanes, all registering at once (RATE=0) or at RATE per second, each answering DeviceInfo, Catalog
#    (CHANNELS channels), ConfigDownload and SUBSCRIBE, keepalives every 60 s.
# The counts are polled once a second (psql, curl). RUNS runs, each against a fresh mesh; medians.
#
# DRIVER_ONLY=1 measures the driver itself instead: the same devices registering at once against
# bench/sip-echo.c (a stateless C responder answering 200 to every request), registrations per
# second of wall time and the driver's CPU time per registration.
#
# usage: bench/restart-storm.sh
# env:   COUNT (100000), RUNS (3), SOCKETS (64), THREADS (2), RATE (0), CHANNELS (2),
#        QUERY_CONCURRENCY (200), TIMEOUT_S (600), MESH_XMX (4g), MESH_JAVA_OPTS, SIP_PORT (15090),
#        HTTP_PORT (18190; the media node and the gateway take the next two), PG_URL
#        (postgresql://127.0.0.1:5432/test), PG_USER (postgres), SKIP_BUILD (1: use the built jar),
#        DRIVER_ONLY (1: the driver against sip-echo), PRIO (the nice value of everything; 19),
#        AUTH (1: digest authentication, GB_SIP_PASSWORD set and every device answering its 401; 0: GB_SIP_AUTH=off)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-100000}
RUNS=${RUNS:-3}
SOCKETS=${SOCKETS:-64}
THREADS=${THREADS:-2}
RATE=${RATE:-0}
CHANNELS=${CHANNELS:-2}
QUERY_CONCURRENCY=${QUERY_CONCURRENCY:-200}
TIMEOUT_S=${TIMEOUT_S:-600}
MESH_XMX=${MESH_XMX:-4g}
SIP_PORT=${SIP_PORT:-15090}
HTTP_PORT=${HTTP_PORT:-18190}
GW_HTTP_PORT=$((HTTP_PORT + 2))
PG_URL=${PG_URL-postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
PRIO=${PRIO:-19}
AUTH=${AUTH:-0}
PASSWORD=storm-bench-pass
PREFIX=3402000000132
TOKEN=gbm_storm-bench-0123456789abcdef
OUT=bench/results; mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%d-%H%M%S)
RESULT=$OUT/restart-storm-$STAMP.txt
JAR=mesh-launcher/target/gbmesh.jar
CP="mesh-launcher/target/test-classes:$JAR"
WORK=$(mktemp -d /tmp/gbmesh-storm.XXXXXX)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  nice -n 19 mvn -B -ntp -q -o -pl mesh-launcher -am -DskipTests -Djib.skip package
  nice -n 19 mvn -B -ntp -q -o -pl mesh-launcher -am -DskipTests -Djib.skip test-compile
fi
RUN=(nice -n "$PRIO")

MESH=; DRIVER=; ECHO=
stop_all() {
  for p in "$DRIVER" "$ECHO" "$MESH"; do
    if [ -n "$p" ]; then kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
  done
  MESH=; DRIVER=; ECHO=
}
trap 'stop_all; rm -rf "$WORK"' EXIT
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
nstat_value() { nstat -az "$1" | awk -v k="$1" '$1 == k {print $2}'; }
# datagrams dropped on the UDP sockets bound to a local port (their receive buffers full), from /proc/net/udp
# and /proc/net/udp6 (the JVM's sockets are IPv6 ones with IPv4-mapped addresses)
port_drops() { cat /proc/net/udp /proc/net/udp6 | awk -v p=":$(printf '%04X' "$1")" 'substr($2, length($2) - 4) == p {s += $NF} END {print s + 0}'; }
now_ms() { date +%s%3N; }
driver_args=(--count "$COUNT" --sockets "$SOCKETS" --threads "$THREADS" --rate "$RATE" --channels "$CHANNELS" --prefix "$PREFIX")
AUTH_ENV=(GB_SIP_AUTH=off)
if [ "$AUTH" = 1 ]; then AUTH_ENV=(GB_SIP_PASSWORD="$PASSWORD"); driver_args+=(--password "$PASSWORD"); fi

if [ "${DRIVER_ONLY:-0}" = 1 ]; then
  gcc -O2 -Wall -o "$WORK/sip-echo" bench/sip-echo.c
  { echo "== storm driver alone: $COUNT devices over $SOCKETS sockets, $THREADS lanes, against sip-echo, $RUNS runs ($STAMP)"
    echo "load before: $(uptime)"; } | tee "$RESULT"
  rates=()
  for run in $(seq 1 "$RUNS"); do
    "${RUN[@]}" "$WORK/sip-echo" 127.0.0.1 "$SIP_PORT" $((TIMEOUT_S + 10)) > "$WORK/echo.out" &
    ECHO=$!
    e0=$(nstat_value UdpRcvbufErrors)
    "${RUN[@]}" java -Xmx512m -XX:+UseG1GC -cp "$CP" io.gbmesh.launcher.bench.StormBench --server 127.0.0.1:$SIP_PORT \
        "${driver_args[@]}" --until registered --timeout-s "$TIMEOUT_S" > "$WORK/driver.txt" 2> "$OUT/restart-storm-driver.log"
    e1=$(nstat_value UdpRcvbufErrors)
    stop_all
    rate=$(sed -n 's/^registrations_per_s=//p' "$WORK/driver.txt")
    echo "run $run: $rate registrations/s, $(grep -E '^(all_registered_ms|driver_cpu_s|retransmissions|sends_dropped|socket_drops)' "$WORK/driver.txt" | tr '\n' ' ')UdpRcvbufErrors $((e1 - e0)), load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULT"
    rates+=("$rate")
  done
  echo "median: $(median "${rates[@]}") registrations/s; load after: $(uptime)" | tee -a "$RESULT"
  exit 0
fi

{ echo "== restart storm: $COUNT devices at once (rate ${RATE:-0}, 0 = all at once) over $SOCKETS sockets, $CHANNELS channels each, digest $([ "$AUTH" = 1 ] && echo on || echo off), GB_QUERY_CONCURRENCY=$QUERY_CONCURRENCY, mesh -Xmx$MESH_XMX, $RUNS runs ($STAMP)"
  echo "load before: $(uptime)"; } | tee "$RESULT"
online_s=(); catalogs_s=(); heaps=()
for run in $(seq 1 "$RUNS"); do
  SCHEMA=stormbench_${STAMP//-/_}_$run
  DATA=$(mktemp -d "$WORK/data.XXXXXX")
  PG_ENV=(GB_DATA_DIR="$DATA")
  [ -z "$PG_URL" ] || PG_ENV+=(GB_PG_URL="$PG_URL" GB_PG_USER="$PG_USER" GB_PG_SCHEMA="$SCHEMA")
  GC_LOG=$WORK/gc-$run.log
  # shellcheck disable=SC2086
  env "${PG_ENV[@]}" "${AUTH_ENV[@]}" GB_SIP_HOST=127.0.0.1 GB_SIP_PORT=$SIP_PORT GB_QUERY_CONCURRENCY=$QUERY_CONCURRENCY \
      GB_HTTP_HOST=127.0.0.1 GB_HTTP_PORT=$HTTP_PORT GB_MQTT_PORT=$((HTTP_PORT + 10)) \
      GB_GATEWAY_HTTP_PORT=$GW_HTTP_PORT GB_MEDIA_HTTP_PORT=$((HTTP_PORT + 1)) \
      GB_ADMIN_TOKEN=$TOKEN GB_MEDIA_URL_SECRET=storm-bench-secret GB_CLUSTER_NAME=storm-bench-$$ GB_CLUSTER_PORT=16911 \
      GB_STATS_LOG_SECONDS=0 "${RUN[@]}" java -Xmx"$MESH_XMX" -XX:+UseG1GC -Xlog:gc:file="$GC_LOG" ${MESH_JAVA_OPTS:-} \
      -jar "$JAR" > "$OUT/restart-storm-mesh.log" 2>&1 &
  MESH=$!
  for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$HTTP_PORT/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -sf "http://127.0.0.1:$HTTP_PORT/ready" >/dev/null || { tail -50 "$OUT/restart-storm-mesh.log"; exit 1; }

  rm -f "$WORK/done" "$WORK/driver.txt"; : > "$OUT/restart-storm-progress.log"
  rcv0=$(nstat_value UdpRcvbufErrors); in0=$(nstat_value UdpInErrors)
  "${RUN[@]}" java -Xmx1g -XX:+UseG1GC -cp "$CP" io.gbmesh.launcher.bench.StormBench --server 127.0.0.1:$SIP_PORT \
      "${driver_args[@]}" --until file --done-file "$WORK/done" --timeout-s $((TIMEOUT_S + 5)) \
      > "$WORK/driver.txt" 2> "$OUT/restart-storm-driver.log" &
  DRIVER=$!
  for _ in $(seq 1 600); do grep -q '^t0_epoch_ms=' "$WORK/driver.txt" 2>/dev/null && break; sleep 0.1; done
  t0=$(sed -n 's/^t0_epoch_ms=//p' "$WORK/driver.txt")
  [ -n "$t0" ] || { echo "the driver did not start in 60 s"; cat "$OUT/restart-storm-driver.log"; exit 1; }
  owned_ms=-1; online_ms=-1; catalog_ms=-1; owned=0; online=0; catalogs=0
  SQL="SELECT count(*) FILTER (WHERE online), count(*) FILTER (WHERE catalog_at IS NOT NULL) FROM $SCHEMA.devices WHERE device_id LIKE '$PREFIX%'"
  while [ $(( $(now_ms) - t0 )) -lt $((TIMEOUT_S * 1000)) ] && kill -0 "$DRIVER" 2>/dev/null; do
    sleep 1
    owned=$(curl -sf "http://127.0.0.1:$GW_HTTP_PORT/metrics" | awk '/^gbmesh_gateway_devices_owned / {print $2; exit}' || true)
    owned=${owned:-0}; owned=${owned%.*}
    read -r online catalogs < <(psql "$PG_URL" -U "$PG_USER" -Atqc "$SQL" -F ' ' 2>/dev/null || echo "0 0")
    # the time once both answers are in: a busy gateway may take seconds to answer /metrics, and the
    # counts are those of when the answers were made, so a time read before asking would be too early
    t=$(( $(now_ms) - t0 ))
    [ "$owned_ms" -ge 0 ] || [ "$owned" -lt "$COUNT" ] || owned_ms=$t
    [ "$online_ms" -ge 0 ] || [ "$online" -lt "$COUNT" ] || online_ms=$t
    [ "$catalog_ms" -ge 0 ] || [ "$catalogs" -lt "$COUNT" ] || catalog_ms=$t
    echo "$((t / 1000)) s: owned=$owned online=$online catalogs=$catalogs" >> "$OUT/restart-storm-progress.log"
    [ "$online_ms" -lt 0 ] || [ "$catalog_ms" -lt 0 ] || break
  done
  touch "$WORK/done"
  wait "$DRIVER" 2>/dev/null || true; DRIVER=
  rcv1=$(nstat_value UdpRcvbufErrors); in1=$(nstat_value UdpInErrors)
  gw_drops=$(port_drops "$SIP_PORT")
  metrics=$(curl -sf "http://127.0.0.1:$GW_HTTP_PORT/metrics" || true)
  gw_retrans=$(echo "$metrics" | awk '/^gbmesh_gateway_tx_retransmission_total/ {s += $2} END {print s + 0}')
  gw_timeouts=$(echo "$metrics" | awk '/^gbmesh_gateway_tx_timeout_total/ {s += $2} END {print s + 0}')
  gw_failed=$(echo "$metrics" | awk '/^gbmesh_gateway_online_[a-z]*_failed_total/ {s += $2} END {print s + 0}')
  gw_deferred=$(echo "$metrics" | awk '/^gbmesh_gateway_online_queries_deferred / {print $2}')
  mesh_cpu=$(ps -o cputime= -p "$MESH" | tr -d ' ')
  stop_all
  # the largest heap in use before a collection, the largest left after one (what was live), and the
  # largest committed, from lines like "Pause Young ... 512M->100M(1024M)"
  read -r heap_peak heap_live heap_committed < <(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$GC_LOG" | sed 's/M->/ /; s/M(/ /; s/M)//' \
      | awk '{if ($1 > p) p = $1; if ($2 > l) l = $2; if ($3 > c) c = $3} END {print p + 0, l + 0, c + 0}')
  d() { sed -n "s/^$1=//p" "$WORK/driver.txt"; }
  { echo "run $run:"
    echo "  all owned by the gateway: ${owned_ms} ms; all online in the database: ${online_ms} ms; all catalogs known: ${catalog_ms} ms (last seen: owned=$owned online=$online catalogs=$catalogs)"
    echo "  mesh heap: peak in use ${heap_peak} MiB, at most ${heap_live} MiB left after a collection, committed ${heap_committed} MiB (-Xmx$MESH_XMX); mesh CPU $mesh_cpu"
    echo "  UDP: dropped on the gateway's sockets $gw_drops, on the driver's $(d socket_drops); UdpRcvbufErrors $((rcv1 - rcv0)), UdpInErrors $((in1 - in0)) (the whole host)"
    echo "  driver: registered=$(d registered)/$COUNT in $(d all_registered_ms) ms, every query answered by $(d all_answered_ms) ms, retransmissions=$(d retransmissions), register failed=$(d register_failed) refused=$(d register_refused), messages failed=$(d messages_failed), sends dropped=$(d sends_dropped), $(grep '^driver_cpu_s' "$WORK/driver.txt")"
    echo "  gateway: retransmissions=$gw_retrans transaction timeouts=$gw_timeouts online queries failed=$gw_failed online turns deferred for REGISTERs/keepalives=${gw_deferred:-?}"
  } | tee -a "$RESULT"
  online_s+=("$online_ms"); catalogs_s+=("$catalog_ms"); heaps+=("$heap_peak")
  [ -z "$PG_URL" ] || psql "$PG_URL" -U "$PG_USER" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
done
{ echo "median time until all online (database): $(median "${online_s[@]}") ms (runs: ${online_s[*]}; -1: not reached in ${TIMEOUT_S} s)"
  echo "median time until all catalogs known:    $(median "${catalogs_s[@]}") ms (runs: ${catalogs_s[*]})"
  echo "median peak heap of the mesh JVM:        $(median "${heaps[@]}") MiB (runs: ${heaps[*]})"
  echo "load after: $(uptime)"; } | tee -a "$RESULT"
