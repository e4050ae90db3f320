#!/usr/bin/env bash
# Gateway failover under load: GatewayFailoverJvmTest with DEVICES simulated devices (default 10,000),
# RUNS times. Each run starts three GatewayMain JVMs (registration redirect by hash) and one ApiMain JVM
# on the PostgreSQL at GB_PG_URL (default postgresql://127.0.0.1:5432/test, a schema of its own per
# run), registers the fleet (a third configured with each gateway, the other two as backups), kills
# gw-3 with SIGKILL once every device is online in the API, and measures: the time until every device
# is registered at a live gateway (reregistered_ms), until the API shows every device online at a live
# gateway (api_online_ms, counted after the first), devices whose history has a hole (events_lost),
# devices of live gateways with anything in their history after the kill (wrongly_offline). A run
# fails when one of those is not 0 or the devices took longer than two keepalive intervals.
# Everything it starts is stopped on exit (the test's JVMs end with it).
#
# usage: bench/failover.sh
# env:   DEVICES (10000), KEEPALIVE (20 s), RUNS (3), SKIP_BUILD (1: the classes as they are),
#        NICE (a nice value for the runs, e.g. 19 on a machine shared with other work; default 0)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${DEVICES:-10000}
KEEPALIVE=${KEEPALIVE:-20}
RUNS=${RUNS:-3}
OUT=bench/results; mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%d-%H%M%S)
RESULT=$OUT/failover-$STAMP.txt
[ "$(ulimit -n)" -ge $((DEVICES + 4000)) ] || ulimit -n $((DEVICES + 8000)) 2>/dev/null || true
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q -o -pl mesh-launcher -am -DskipTests test-compile
fi
{
  echo "# bench/failover.sh DEVICES=$DEVICES KEEPALIVE=$KEEPALIVE RUNS=$RUNS  $(date -u +%FT%TZ)"
  echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RESULT"
for run in $(seq 1 "$RUNS"); do
  status=ok
  nice -n "${NICE:-0}" mvn -B -ntp -o -pl mesh-launcher -am -Dtest=GatewayFailoverJvmTest -Dsurefire.failIfNoSpecifiedTests=false \
      -DfailIfNoTests=false -DskipITs -Djib.skip -Dfailover.devices="$DEVICES" -Dfailover.keepalive="$KEEPALIVE" \
      -Dfailover.report="$PWD/$RESULT" test > "$OUT/failover-$STAMP-run$run.log" 2>&1 || status=failed
  echo "# run $run: $status, load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULT"
done
cat "$RESULT"
awk '/^devices=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = v[kv[1]] " " kv[2] } }
     END { for (k in v) { n = split(substr(v[k], 2), a, " "); asort(a); printf "median %s = %s (of %d)\n", k, a[int((n + 1) / 2)], n } }' "$RESULT" | sort
