#!/usr/bin/env bash
# Alarm ingestion: COUNT cameras each raise one alarm within one second; every alarm must be stored
# in PostgreSQL and delivered to an MQTT subscriber. Measured from the first alarm sent: the time to
# the last one delivered on MQTT and to the last one written by the api-service's ingest.
#
# Two JVMs on loopback:
#  - the whole mesh in one JVM (MeshLauncher: gateway, media node, api-service with its MQTT
#    endpoint), -Xmx1g, no SIP password, no online queries and no subscriptions (cameras report
#    alarms by MESSAGE without one, as most do; each is confirmed with a Response Alarm MESSAGE), an
#    MQTT client queue of 20,000 (GB_MQTT_CLIENT_QUEUE: the default 1000 drops the oldest of a burst
#    larger than that to a subscriber that reads slower than it comes), the
#    database the PostgreSQL at PG_URL (a fresh schema, dropped at the end) or the embedded one when
#    PG_URL is empty;
#  - mosquitto_sub subscribed to gb/devices/+/alarms at QoS 1, each message printed with its time
#    of arrival (%U);
#  - the driver (AlarmIngestBench): COUNT cameras on 127.0.0.1 (LeanCameras: one UDP port each, all on
#    one thread, so that the cameras' side costs the shared 2 cores as little as sipp would) registering
#    a thousand at a time, a warm-up round (every camera raises one alarm over 5 s, not measured), 35 s
#    for the completed SIP transactions to expire (Timer J), then one alarm per camera, spread evenly
#    over one second; at the end the stored alarms are counted through GET /api/v1/alarms.
# The run is repeated RUNS times against a fresh mesh; the median of the times is printed.
# PRIO: a nice value for the mesh, the driver and mosquitto_sub (e.g. -5 on a machine shared with
# other work; unset: as started).
#
# MESH_JAVA_OPTS: extra JVM options for the mesh (e.g. -XX:StartFlightRecording=filename=mesh.jfr to profile it).
#
# usage: bench/alarm-ingest.sh
# env:   COUNT (10000), RUNS (3), SIP_PORT (15080), HTTP_PORT (18090; the media node and the gateway take
#        the next two), MQTT_PORT (18883),
#        PG_URL (postgresql://127.0.0.1:5432/test), PG_USER (postgres), SKIP_BUILD (1: use the built jar)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-10000}
RUNS=${RUNS:-3}
SIP_PORT=${SIP_PORT:-15080}
HTTP_PORT=${HTTP_PORT:-18090}
MQTT_PORT=${MQTT_PORT:-18883}
PG_URL=${PG_URL-postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
TOKEN=gbm_alarm-bench-0123456789abcdef
OUT=bench/results; mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%d-%H%M%S)
RESULT=$OUT/alarm-ingest-$STAMP.txt
JAR=mesh-launcher/target/gbmesh.jar
CP="mesh-launcher/target/test-classes:$JAR"
[ "$(ulimit -n)" -ge $((COUNT + 2000)) ] || ulimit -n $((COUNT + 4000))
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  nice -n 19 mvn -B -ntp -q -o -pl mesh-launcher -am -DskipTests package
  nice -n 19 mvn -B -ntp -q -o -pl mesh-launcher -am -DskipTests test-compile
fi

RUN=(); [ -z "${PRIO:-}" ] || RUN=(nice -n "$PRIO")
MESH=; SUB=
stop_mesh() {
  if [ -n "$SUB" ]; then kill "$SUB" 2>/dev/null || true; wait "$SUB" 2>/dev/null || true; fi; SUB=
  if [ -n "$MESH" ]; then kill "$MESH" 2>/dev/null || true; wait "$MESH" 2>/dev/null || true; fi; MESH=
}
trap stop_mesh EXIT
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

{ echo "== alarm ingestion: $COUNT cameras, one alarm each within 1 s, $RUNS runs ($STAMP)"; echo "load before: $(uptime)"; } | tee "$RESULT"
mqtt=(); stored=()
for run in $(seq 1 "$RUNS"); do
  SCHEMA=alarmbench_${STAMP//-/_}_$run
  DATA=$(mktemp -d)
  PG_ENV=(GB_DATA_DIR="$DATA")
  [ -z "$PG_URL" ] || PG_ENV+=(GB_PG_URL="$PG_URL" GB_PG_USER="$PG_USER" GB_PG_SCHEMA="$SCHEMA")
  env "${PG_ENV[@]}" GB_SIP_HOST=127.0.0.1 GB_SIP_PORT=$SIP_PORT GB_SIP_AUTH=off GB_QUERY_ON_ONLINE=false GB_SUBSCRIBE=none \
      GB_HTTP_HOST=127.0.0.1 GB_HTTP_PORT=$HTTP_PORT GB_MQTT_HOST=127.0.0.1 GB_MQTT_PORT=$MQTT_PORT GB_MQTT_CLIENT_QUEUE=20000 \
      GB_GATEWAY_HTTP_PORT=$((HTTP_PORT + 2)) GB_MEDIA_HTTP_PORT=$((HTTP_PORT + 1)) \
      GB_ADMIN_TOKEN=$TOKEN GB_MEDIA_URL_SECRET=alarm-bench-secret GB_CLUSTER_NAME=alarm-bench-$$ GB_CLUSTER_PORT=16901 \
      GB_STATS_LOG_SECONDS=0 "${RUN[@]}" java -Xmx1g -XX:+UseG1GC ${MESH_JAVA_OPTS:-} -jar "$JAR" > "$OUT/alarm-ingest-mesh.log" 2>&1 &
  MESH=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$HTTP_PORT/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -sf "http://127.0.0.1:$HTTP_PORT/ready" >/dev/null || { tail -50 "$OUT/alarm-ingest-mesh.log"; exit 1; }
  MQTT_OUT=$OUT/alarm-ingest-mqtt.txt
  "${RUN[@]}" stdbuf -oL mosquitto_sub -h 127.0.0.1 -p $MQTT_PORT -u bench -P $TOKEN -t 'gb/devices/+/alarms' -q 1 \
      -F '%U %p' > "$MQTT_OUT" 2>&1 &
  SUB=$!
  "${RUN[@]}" java -Xmx1g -cp "$CP" io.gbmesh.launcher.bench.AlarmIngestBench --sip-port $SIP_PORT --http-port $HTTP_PORT \
      --token $TOKEN --count "$COUNT" --mesh-pid "$MESH" > "$OUT/alarm-ingest-run.txt" 2>"$OUT/alarm-ingest-driver.log"
  t0=$(sed -n 's/^t0_epoch_ms=//p' "$OUT/alarm-ingest-run.txt")
  written=$(sed -n 's/.*ingest_written=\([0-9]*\).*/\1/p' "$OUT/alarm-ingest-run.txt")
  # the measured alarms on MQTT (description "bench"), each once: wait for as many as were stored, up to 120 s
  delivered() { grep '"description":"bench"' "$MQTT_OUT" | grep -o '"alarmId":"[^"]*"' | sort -u | wc -l; }
  for _ in $(seq 1 1200); do [ "$(delivered)" -ge "${written:-$COUNT}" ] && break; sleep 0.1; done
  last=$(grep '"description":"bench"' "$MQTT_OUT" | awk '{print $1}' | sort -n | tail -1)
  mqtt_ms=$(awk -v l="${last:-0}" -v t="$t0" 'BEGIN {print (l > 0 ? int(l * 1000 - t) : -1)}')
  echo "mqtt_received=$(delivered) last_mqtt_ms=$mqtt_ms" >> "$OUT/alarm-ingest-run.txt"
  echo "mesh_cpu=$(ps -o cputime= -p "$MESH" | tr -d ' ') (whole run)" >> "$OUT/alarm-ingest-run.txt"
  { echo "run $run:"; sed 's/^/  /' "$OUT/alarm-ingest-run.txt"; } | tee -a "$RESULT"
  mqtt+=("$mqtt_ms")
  stored+=("$(sed -n 's/.*last_stored_ms=\(-\?[0-9]*\).*/\1/p' "$OUT/alarm-ingest-run.txt")")
  stop_mesh
  [ -z "$PG_URL" ] || psql "$PG_URL" -U "$PG_USER" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$DATA"
done
{ echo "median time to the last alarm on MQTT: $(median "${mqtt[@]}") ms (runs: ${mqtt[*]})"
  echo "median time to the last alarm stored:  $(median "${stored[@]}") ms (runs: ${stored[*]})"
  echo "load after: $(uptime)"; } | tee -a "$RESULT"
