#!/usr/bin/env bash
# Registration redirect at scale, simulated in virtual time (no sockets): 1,000,000 devices over 5 to
# 20 gateways with GB_REDIRECT=hash, the policy the gateways run (RedirectPolicy). Reports the balance,
# the devices moved when a gateway joins or leaves, and the time until the devices of a killed gateway
# are registered elsewhere (keepalive every HEARTBEAT s, COUNT missed, Timer F 32 s, presence period
# PRESENCE s, RATE registrations/s per node). See RedirectSimulation's comment for the model.
#
# usage: bench/redirect-sim.sh   env: DEVICES (1000000), GATEWAYS ("5 10 20"), HEARTBEAT (60), COUNT (3),
#        PRESENCE (5), RATE (5000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl sip-gateway -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/sip-gateway/target/test-classpath.txt" >/dev/null
CP="sip-gateway/target/test-classes:sip-gateway/target/classes:$(cat sip-gateway/target/test-classpath.txt)"
java -Xmx2g -cp "$CP" io.gbmesh.gateway.redirect.RedirectSimulation "${DEVICES:-1000000}" ${GATEWAYS:-5 10 20} \
  --heartbeat "${HEARTBEAT:-60}" --count "${COUNT:-3}" --presence "${PRESENCE:-5}" --rate "${RATE:-5000}"
