#!/usr/bin/env bash
# Soak under attack: DEVICES simulated devices keep alive for DURATION seconds while an attacker
# sends RATE forged and malformed messages per second at the same gateway.
#
# Four JVMs, all on loopback:
#  - the gateway alone (GatewayMain, -Xmx1g, digest authentication with PASSWORD, keepalive every
#    HEARTBEAT s, 3 missed = offline, online queries on: DeviceInfo, Catalog, ConfigDownload);
#  - a watcher (SoakWatcher) that joins the gateway's cluster and records every change of the
#    registry entries of the simulated devices and every offline, info and catalog event for them;
#  - the fleet (SoakFleet): DEVICES simulated devices on 127.0.0.1, one UDP port each, registering
#    at REG_RATE/s with digest, keeping alive every HEARTBEAT s, re-registering every 2/3 of EXPIRES s
#    (so that registrations go on during the attack), answering the gateway's queries;
#  - the attacker (SoakAttacker), from 127.0.0.2..44 and other ports of 127.0.0.1: spoofed
#    keepalives, catalog notifications (DEL/ADD) and DeviceInfo responses for the registered devices
#    over UDP and other TCP connections, compromised cameras of its own (valid credentials) that put
#    other devices' IDs in their bodies and in the answers to their own queries, XML bombs (the
#    <??>x15000 body and others), REGISTER brute force with wrong passwords for the registered IDs
#    and unknown ones from three sources, Vias whose received/sent-by/rport point to sinks, RFC 3261
#    grammar violations, random methods and CmdTypes, plus FLOOD_CONNS idle TCP connections and
#    SLOW_CONNS slowloris connections.
# Measured: devices wrongly offline, forged changes accepted (address moved, renamed, catalog
# changed), heap after a full GC before and after the attack, the fleet's registrations and
# keepalives answered, the attack messages by kind and what they got back, UDP receive-buffer
# errors during the attack (the whole host's, and those at the gateway's own socket), the gateway's CPU. Everything it starts is stopped on exit.
#
# usage: bench/soak.sh
# env:   DEVICES (10000), DURATION (600), RATE (2000), HEARTBEAT (20), EXPIRES (120), REG_RATE (100),
#        FLOOD_CONNS (1000), SLOW_CONNS (100), SETTLE (35: after the attack, so that finished
#        transactions expire before the heap is read), PASSWORD (soak-pass), PORT (15070),
#        HTTP_PORT (18082), CLUSTER_PORT (16801), SKIP_BUILD (1: use the built jar and classes as they are),
#        PRIO (a nice value for the four JVMs, e.g. -5 on a machine shared with other work; unset: as started)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${DEVICES:-10000}
DURATION=${DURATION:-600}
RATE=${RATE:-2000}
HEARTBEAT=${HEARTBEAT:-20}
EXPIRES=${EXPIRES:-120}
REG_RATE=${REG_RATE:-100}
FLOOD_CONNS=${FLOOD_CONNS:-1000}
SLOW_CONNS=${SLOW_CONNS:-100}
SETTLE=${SETTLE:-35}
PASSWORD=${PASSWORD:-soak-pass}
PORT=${PORT:-15070}
HTTP_PORT=${HTTP_PORT:-18082}
CLUSTER_PORT=${CLUSTER_PORT:-16801}
PREFIX=3402000000132
CHANNELS=4
OUT=bench/results; LOGS=$OUT/soak-logs; mkdir -p "$LOGS"
STAMP=$(date -u +%Y%m%d-%H%M%S)
RESULT=$OUT/soak-$STAMP.txt
JAR=mesh-launcher/target/gbmesh.jar
CP="mesh-launcher/target/test-classes:device-simulator/target/test-classes:$JAR"
WORK=$(mktemp -d)
JAVA=(java); [ -z "${PRIO:-}" ] || JAVA=(nice -n "$PRIO" java)
[ "$(ulimit -n)" -ge $((DEVICES + 2000)) ] || ulimit -n $((DEVICES + 4000))

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q -pl mesh-launcher -am -DskipTests package
fi

GW=; WATCHER=; FLEET=; ATTACKER=
stop_pid() {  # TERM, then KILL after 10 s; only processes this script started
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  touch "$WORK/stop"
  stop_pid "$ATTACKER"; stop_pid "$FLEET"; stop_pid "$WATCHER"; stop_pid "$GW"
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$RESULT"; }
wait_for() {  # file pattern seconds
  for _ in $(seq 1 $(($3 * 2))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done
  return 1
}
metrics() { curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" || true; }
gauge() { awk -v m="gbmesh_gateway_$1" '$1 == m {print $2}' <<<"$2"; }
heap_after_gc() {  # KiB used after a full GC (the lower of two readings)
  local a b
  jcmd "$GW" GC.run >/dev/null; sleep 2
  a=$(jcmd "$GW" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {sub("K","",$(i+1)); print $(i+1); exit}}')
  jcmd "$GW" GC.run >/dev/null; sleep 2
  b=$(jcmd "$GW" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {sub("K","",$(i+1)); print $(i+1); exit}}')
  echo $(( a < b ? a : b ))
}
# datagrams dropped at the gateway's own UDP socket (the last column of /proc/net/udp), so that the
# drops at the attacker's and the devices' sockets are told apart from the gateway's
gateway_socket_drops() { awk -v p="$(printf ':%04X' "$PORT")" 'NR > 1 && substr($2, length($2) - 4) == p {print $NF}' /proc/net/udp | head -n 1; }
udp_rcvbuf_errors() { awk '/^Udp:/ {if (!h) {for (i=1;i<=NF;i++) if ($i=="RcvbufErrors") c=i; h=1} else print $c}' /proc/net/snmp; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

say "== soak under attack ($STAMP UTC): $DEVICES devices, keepalive ${HEARTBEAT}s, expires ${EXPIRES}s, attack $RATE msg/s for ${DURATION}s, $FLOOD_CONNS flood + $SLOW_CONNS slowloris TCP connections"
say "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); machine: $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"

GB_SIP_HOST=127.0.0.1 GB_SIP_PORT=$PORT GB_SIP_PASSWORD=$PASSWORD GB_HEARTBEAT_INTERVAL=$HEARTBEAT GB_HEARTBEAT_COUNT=3 \
GB_QUERY_ON_ONLINE=true GB_STATS_LOG_SECONDS=10 GB_GATEWAY_HTTP_PORT=$HTTP_PORT \
GB_CLUSTER_NAME=gbmesh-soak-$$ GB_CLUSTER_HOST=127.0.0.1 GB_CLUSTER_PORT=$CLUSTER_PORT GB_CLUSTER_MEMBERS=127.0.0.1:$CLUSTER_PORT \
  "${JAVA[@]}" -Xmx1g -XX:+UseG1GC -cp "$JAR" io.gbmesh.gateway.GatewayMain > "$LOGS/gateway.log" 2>&1 &
GW=$!
wait_for "$LOGS/gateway.log" "SIP gateway" 90 || { cat "$LOGS/gateway.log"; echo "gateway did not start"; exit 1; }

"${JAVA[@]}" -Xmx512m -cp "$CP" io.gbmesh.launcher.bench.SoakWatcher gbmesh-soak-$$ "$CLUSTER_PORT" "$PREFIX" "$DEVICES" "$CHANNELS" "$WORK/stop" "$WORK/attack" \
  > "$LOGS/watcher.log" 2>&1 &
WATCHER=$!
wait_for "$LOGS/watcher.log" "^watching" 120 || { tail -50 "$LOGS/watcher.log"; echo "watcher did not join"; exit 1; }

"${JAVA[@]}" -Xmx2g -cp "$CP" io.gbmesh.simulator.SoakFleet --server 127.0.0.1 --port "$PORT" --count "$DEVICES" --prefix "$PREFIX" \
  --password "$PASSWORD" --expires "$EXPIRES" --keepalive "$HEARTBEAT" --rate "$REG_RATE" --channels "$CHANNELS" \
  --stop-file "$WORK/stop" > "$LOGS/fleet.log" 2>&1 &
FLEET=$!
if wait_for "$LOGS/fleet.log" "^registered" $((DEVICES / REG_RATE + 180)); then
  say "fleet: $(grep '^registered' "$LOGS/fleet.log")"
else
  say "fleet: NOT all devices registered before the attack: $(grep '^progress' "$LOGS/fleet.log" | tail -n 1)"
fi
# the online queries of the last devices (DeviceInfo, Catalog, ConfigDownload) finish before the baseline
for _ in $(seq 1 60); do [ "$(gauge client_transactions "$(metrics)")" = 0 ] && break; sleep 1; done
sleep 5
M0=$(metrics)
HEAP0=$(heap_after_gc)
say "before the attack: devices_owned=$(gauge devices_owned "$M0") heap used after full GC $((HEAP0 / 1024)) MiB ($HEAP0 KiB), metric series $(grep -vc '^#' <<<"$M0")"

touch "$WORK/attack"
say "UDP datagrams dropped at the gateway's socket so far (registration of the fleet): $(gateway_socket_drops)"
UDP0=$(udp_rcvbuf_errors); GWDROP0=$(gateway_socket_drops); CPU0=$(cpu_ticks "$GW"); T0=$(date +%s.%N)
"${JAVA[@]}" -Xmx1g -cp "$CP" io.gbmesh.launcher.bench.SoakAttacker --server 127.0.0.1 --port "$PORT" --prefix "$PREFIX" --count "$DEVICES" \
  --password "$PASSWORD" --rate "$RATE" --duration "$DURATION" --flood-conns "$FLOOD_CONNS" --slow-conns "$SLOW_CONNS" \
  > "$LOGS/attacker.log" 2>&1 &
ATTACKER=$!
min_owned=$DEVICES
deadline=$(( $(date +%s) + DURATION + 90 ))
while kill -0 "$ATTACKER" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do
  owned=$(gauge devices_owned "$(metrics)")
  if [ -n "$owned" ] && [ "$owned" -lt "$min_owned" ]; then min_owned=$owned; fi
  sleep 5
done
wait "$ATTACKER" 2>/dev/null || true; ATTACKER=
T1=$(date +%s.%N); CPU1=$(cpu_ticks "$GW"); UDP1=$(udp_rcvbuf_errors); GWDROP1=$(gateway_socket_drops)
M1=$(metrics)
HZ=$(getconf CLK_TCK)
cpu_pct=$(awk -v a="$CPU0" -v b="$CPU1" -v t0="$T0" -v t1="$T1" -v hz="$HZ" 'BEGIN {printf "%.0f", 100 * (b - a) / hz / (t1 - t0)}')
say "during the attack: load average $(cut -d' ' -f1-3 /proc/loadavg); gateway CPU ${cpu_pct}% of one core; UDP receive-buffer errors (whole host): $((UDP1 - UDP0)), of which at the gateway's socket: $((GWDROP1 - GWDROP0)); lowest devices_owned seen: $min_owned"

sleep "$SETTLE"   # completed transactions expire (Timer J, 32 s); the devices keep alive meanwhile
M2=$(metrics)
HEAP1=$(heap_after_gc)
say "after the attack (+${SETTLE}s): devices_owned=$(gauge devices_owned "$M2") server_transactions=$(gauge server_transactions "$M2") heap used after full GC $((HEAP1 / 1024)) MiB ($HEAP1 KiB), metric series $(grep -vc '^#' <<<"$M2")"

touch "$WORK/stop"
wait_for "$LOGS/fleet.log" "^final" 60 || true
wait_for "$LOGS/watcher.log" "^watch.devices_catalog_changed" 120 || true

say ""
say "== the real devices (fleet's own counts)"
say "$(grep '^final' "$LOGS/fleet.log" | sed 's/^final: //' | tr ' ' '\n')"
say ""
say "== what the platform believes about them (cluster watcher)"
say "$(grep '^watch\.' "$LOGS/watcher.log")"
say ""
say "== the attack (messages by kind and what they got back)"
say "$(sed -n '/^attack (kind/,$p' "$LOGS/attacker.log")"
say ""
say "== the gateway"
say "StackOverflowError in its log: $(grep -c StackOverflowError "$LOGS/gateway.log" || true); ERROR lines: $(grep -c ' ERROR ' "$LOGS/gateway.log" || true); log size $(wc -c < "$LOGS/gateway.log") bytes"
say "its counters after the attack (non-zero, gateway-level):"
say "$(grep -v '^#' <<<"$M2" | grep -E 'devices_owned|transactions|rejected|refused|ban|forbidden|offline|keepalive|register|parse|dropped|error' | head -60)"

offline=$(awk -F= '/^watch.devices_wrongly_offline=/ {split($2, a, " "); print a[1]}' "$LOGS/watcher.log")
removed=$(awk -F= '/^watch.devices_removed_from_registry=/ {split($2, a, " "); print a[1]}' "$LOGS/watcher.log")
moved=$(awk -F= '/^watch.devices_address_moved=/ {split($2, a, " "); print a[1]}' "$LOGS/watcher.log")
renamed=$(awk -F= '/^watch.devices_renamed=/ {split($2, a, " "); print a[1]}' "$LOGS/watcher.log")
catalog=$(awk -F= '/^watch.devices_catalog_changed=/ {split($2, a, " "); print a[1]}' "$LOGS/watcher.log")
hijacked=$(awk -F= '/^attack.hijacked/ {s += $2} END {print s + 0}' "$LOGS/attacker.log")
reflected=$(awk -F= '/^attack.reflection/ {s += $2} END {print s + 0}' "$LOGS/attacker.log")
fleet() { grep '^final' "$LOGS/fleet.log" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
verdict() { if [ "$2" = 0 ]; then echo "PASS  $1: 0"; else echo "FAIL  $1: ${2:-unknown}"; fi; }
say ""
say "== summary"
say "$(verdict "devices wrongly offline (offline events)" "$offline")   (of which before the attack began: $(awk -F= '/^watch.devices_wrongly_offline_before_attack=/ {split($2, a, " "); print a[1]}' "$LOGS/watcher.log"))"
say "$(verdict "devices removed from the registry" "$removed")"
say "$(verdict "forged changes accepted: devices whose address moved" "$moved")"
say "$(verdict "forged changes accepted: devices renamed" "$renamed")"
say "$(verdict "forged changes accepted: devices whose catalog changed" "$catalog")"
say "$(verdict "requests for real devices that reached the attacker" "$hijacked")"
say "$(verdict "answers reflected to a Via's received/sent-by" "$reflected")"
say "$(verdict "real devices' registrations unanswered" "$(fleet registrations_unanswered)")"
say "$(verdict "real devices' registrations refused" "$(fleet registrations_refused)")"
say "$(verdict "real devices' keepalives unanswered" "$(fleet keepalives_unanswered)")"
say "$(verdict "real devices' keepalives refused" "$(fleet keepalives_refused)")"
say "$(verdict "real devices not registered at the end" "$(fleet not_registered_now)")"
say "heap used after full GC: start $((HEAP0 / 1024)) MiB, end $((HEAP1 / 1024)) MiB ($(( (HEAP1 - HEAP0) / 1024 )) MiB change)"
say "results: $RESULT (logs in $LOGS/)"
