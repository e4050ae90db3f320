#!/usr/bin/env bash
# Device listing throughput of the API: GET /api/v1/devices?limit=100&offset=<random page>
# with DEVICES devices in PostgreSQL, measured with wrk on loopback (median of RUNS runs).
#
# Starts the api-service role alone (ApiMain, a one-member cluster) against the PostgreSQL at
# PG_URL in a schema of its own (bench_<pid>), which the API creates and migrates; then seeds
# DEVICES rows into its devices table with one INSERT ... SELECT generate_series, runs wrk RUNS
# times, stops the API and drops the schema.
#
# usage: bench/api-list.sh
# env:   OFFSET (random: a random page per request; or a fixed offset; cursor: a random page by keyset, after=<device ID>), DEVICES (100000), RUNS (3), DURATION (20s), THREADS (2), CONNECTIONS (32),
#        PG_URL (postgresql://127.0.0.1:5432/test, user postgres), HTTP_PORT (18080)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${DEVICES:-100000}
OFFSET=${OFFSET:-random}
RUNS=${RUNS:-3}
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PG_URL=${PG_URL:-postgresql://127.0.0.1:5432/test}
HTTP_PORT=${HTTP_PORT:-18080}
JAR=${JAR:-mesh-launcher/target/gbmesh.jar}
OUT=bench/results; mkdir -p "$OUT"
SCHEMA=bench_$$
TOKEN=bench-token-$$-$RANDOM$RANDOM
PSQL=(psql "$PG_URL" -U postgres -v ON_ERROR_STOP=1 -qtA)
[ -f "$JAR" ] || mvn -B -ntp -q install -DskipTests
command -v wrk >/dev/null || { echo "wrk is missing (Debian package wrk)"; exit 1; }

API=
cleanup() {
  if [ -n "$API" ]; then kill "$API" 2>/dev/null || true; wait "$API" 2>/dev/null || true; fi
  "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" || true
}
trap cleanup EXIT

GB_PG_URL=$PG_URL GB_PG_USER=postgres GB_PG_SCHEMA=$SCHEMA GB_ADMIN_TOKEN=$TOKEN \
GB_HTTP_HOST=127.0.0.1 GB_HTTP_PORT=$HTTP_PORT GB_MQTT_HOST=127.0.0.1 GB_MQTT_PORT=0 \
GB_CLUSTER_NAME=gbmesh-bench-$$ GB_CLUSTER_PORT=16801 \
  timeout 900 java -Xmx1g -XX:+UseG1GC -cp "$JAR" io.gbmesh.api.ApiMain > "$OUT/api-list.log" 2>&1 &
API=$!
for _ in $(seq 1 90); do grep -q "API listening" "$OUT/api-list.log" && break; sleep 1; done
grep -q "API listening" "$OUT/api-list.log" || { cat "$OUT/api-list.log"; exit 1; }

echo "== seeding $DEVICES devices into schema $SCHEMA"
start=$(date +%s.%N)
"${PSQL[@]}" <<SQL
SET search_path = $SCHEMA;
INSERT INTO devices (device_id, name, device_name, manufacturer, model, firmware, channel_count, online,
                     transport, remote_host, remote_port, gateway_node, contact, registered_at, last_seen_at,
                     expires_at, last_event_at)
SELECT '3402000000132' || lpad(i::text, 7, '0'), NULL, 'IPC ' || i, 'Hikvision', 'DS-2CD', 'V5.5', 1, i % 10 <> 0,
       'UDP', '10.0.' || (i / 250 % 250) || '.' || (i % 250), 5060, 'gw-1',
       'sip:3402000000132' || lpad(i::text, 7, '0') || '@10.0.0.1:5060', now(), now(), now() + interval '1 hour', now()
FROM generate_series(1, $DEVICES) AS i;
VACUUM ANALYZE devices;
SQL
echo "seeded in $(echo "$(date +%s.%N) - $start" | bc) s; rows: $("${PSQL[@]}" -c "SELECT count(*) FROM $SCHEMA.devices")"

URL="http://127.0.0.1:$HTTP_PORT/api/v1/devices"
curl -fsS -H "Authorization: Bearer $TOKEN" "$URL?limit=100&offset=500" | head -c 300; echo

# a random page of 100 on every request, or always the same one
LUA="$OUT/api-list.lua"
if [ "$OFFSET" = cursor ]; then
  cat > "$LUA" <<LUAEOF
local pages = math.floor($DEVICES / 100)
request = function()
  local page = math.random(0, pages - 1)
  if page == 0 then return wrk.format("GET", "/api/v1/devices?limit=100") end
  return wrk.format("GET", string.format("/api/v1/devices?limit=100&after=3402000000132%07d", page * 100))
end
LUAEOF
elif [ "$OFFSET" = random ]; then
  cat > "$LUA" <<LUAEOF
local pages = math.floor($DEVICES / 100)
request = function()
  return wrk.format("GET", "/api/v1/devices?limit=100&offset=" .. (math.random(0, pages - 1) * 100))
end
LUAEOF
else
  cat > "$LUA" <<LUAEOF
request = function()
  return wrk.format("GET", "/api/v1/devices?limit=100&offset=$OFFSET")
end
LUAEOF
fi

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v}' <<<"$1"; }

echo "== warm-up (5s)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$LUA" -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
rps=(); p99=()
for run in $(seq 1 "$RUNS"); do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$LUA" -H "Authorization: Bearer $TOKEN" "$URL" \
    > "$OUT/api-list-run$run.txt"
  r=$(awk '/^Requests\/sec/ {print $2}' "$OUT/api-list-run$run.txt")
  l=$(to_ms "$(awk '$1 == "99%" {print $2}' "$OUT/api-list-run$run.txt")")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/api-list-run$run.txt"); non2xx=${non2xx:-0}
  errs=$(awk '/Socket errors/' "$OUT/api-list-run$run.txt")
  echo "run $run: $r req/s, p99 $l ms, non-2xx $non2xx ${errs}"
  rps+=("$r"); p99+=("$l")
done
echo "offset $OFFSET, median: $(median "${rps[@]}") req/s, p99 $(median "${p99[@]}") ms (target: 5000 req/s, p99 < 50 ms)"
