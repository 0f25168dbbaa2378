#!/bin/bash
# PID 1 of the image that image.sh builds. The broker inside is started by kafka.sh
# itself, so the container runs exactly the settings, version and readiness check of
# the broker that CI and contributors run without a container engine.
#
# Made for host networking: kafka.sh listens on 127.0.0.1, on the ports given by
# VIGIA_KAFKA_PORT and VIGIA_KAFKA_CONTROLLER_PORT (defaults 39092/39093).
set -euo pipefail

readonly kafka=/opt/vigia-kafka/kafka.sh
readonly pid_file="$VIGIA_KAFKA_HOME/kafka.pid"

stop_broker() {
  bash "$kafka" stop >&2 || true
  exit 0
}
# `docker stop` / `podman stop` send SIGTERM to PID 1 only; kafka.sh stop passes it on
# to the JVM and waits for a clean shutdown.
trap stop_broker TERM INT

# kafka.sh start returns once the port answers and the log says "Kafka Server started";
# on failure it prints the end of the broker's log, which ends up in the container log.
brokers="$(bash "$kafka" start | sed -n 's/^KAFKA_BROKERS=//p')"
# The line the test harness waits for (tests/support/kafka-container-broker.ts).
echo "vigia-kafka: ready at $brokers"

# kafka.sh started the JVM in its own session, so it is no child to `wait` for; tail
# --pid returns when it exits, and running it in the background keeps the trap live.
tail --pid="$(<"$pid_file")" -f /dev/null &
wait $! || true
echo "vigia-kafka: the broker exited; end of its log:" >&2
bash "$kafka" logs >&2 || true
exit 1
