#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft combined mode) for local use and CI, run from
# Apache Kafka's own artifacts on Maven Central: no container engine, no tarball mirror.
# See README.md next to this file for ports, environment variables and the version choice.
set -euo pipefail

# The newest kafka_2.13 release that kafkajs 2.2.4 passes our compatibility check with
# (README.md, "Version"). Keep infra/compose.yaml and pom.xml's default in step; the
# test tests/support/kafka-version-pin.int.spec.ts fails when they drift.
readonly KAFKA_VERSION_PINNED=4.4.0

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly script_dir
readonly kafka_version="${VIGIA_KAFKA_VERSION:-$KAFKA_VERSION_PINNED}"
readonly client_port="${VIGIA_KAFKA_PORT:-39092}"
readonly controller_port="${VIGIA_KAFKA_CONTROLLER_PORT:-39093}"
readonly run_dir="${VIGIA_KAFKA_HOME:-$script_dir/.run}"
readonly ready_timeout_s="${VIGIA_KAFKA_READY_TIMEOUT_S:-90}"
readonly stop_timeout_s="${VIGIA_KAFKA_STOP_TIMEOUT_S:-30}"
readonly heap_opts="${VIGIA_KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
readonly host=127.0.0.1
# Optional SASL/SCRAM listeners, off by default (the plaintext broker is unchanged):
# VIGIA_KAFKA_SECURE=1 adds SASL_SSL and SASL_PLAINTEXT listeners with SCRAM users
# created at format time and a self-signed certificate made with keytool at start.
readonly secure="${VIGIA_KAFKA_SECURE:-0}"
readonly sasl_ssl_port="${VIGIA_KAFKA_SASL_SSL_PORT:-$((client_port + 2))}"
readonly sasl_plaintext_port="${VIGIA_KAFKA_SASL_PLAINTEXT_PORT:-$((client_port + 3))}"
readonly scram_user="${VIGIA_KAFKA_SCRAM_USER:-vigia}"
readonly scram_password="${VIGIA_KAFKA_SCRAM_PASSWORD:-vigia-scram-secret}"

readonly lib_dir="$run_dir/lib/$kafka_version"
readonly data_dir="$run_dir/data"
readonly logs_dir="$run_dir/logs"
readonly pid_file="$run_dir/kafka.pid"
readonly ready_file="$run_dir/kafka.ready"
readonly config_file="$run_dir/server.properties"
readonly secure_dir="$run_dir/secure"
readonly keystore_file="$secure_dir/broker.p12"
readonly ca_file="$secure_dir/ca.pem"
readonly started_pattern='Kafka Server started'

say() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat <<EOF
Usage: bash infra/kafka/kafka.sh <command>

  start          start the broker in the background (idempotent), wait until ready,
                 print KAFKA_BROKERS=$host:$client_port and KAFKA_STARTED=1 (0 when it
                 was already running) on stdout
  stop [--clean] stop the broker (SIGTERM, SIGKILL after ${stop_timeout_s}s); --clean also
                 removes its data and logs (the resolved jars are kept)
  status         exit 0 when running and ready, 3 when not
  wait           wait until ready (${ready_timeout_s}s), print the log tail on timeout
  logs [-f]      print the last 100 lines of the broker log (-f: follow)
  resolve        fetch the broker's jars (first use only) and print KAFKA_LIB=<folder>
  version        print the pinned Apache Kafka version
  help           this text

Environment: VIGIA_KAFKA_PORT ($client_port), VIGIA_KAFKA_CONTROLLER_PORT ($controller_port),
VIGIA_KAFKA_HOME ($run_dir), VIGIA_KAFKA_READY_TIMEOUT_S, VIGIA_KAFKA_STOP_TIMEOUT_S,
VIGIA_KAFKA_HEAP_OPTS, VIGIA_KAFKA_VERSION (default $KAFKA_VERSION_PINNED), JAVA_HOME.

VIGIA_KAFKA_SECURE=1 also opens SASL_SSL on VIGIA_KAFKA_SASL_SSL_PORT ($sasl_ssl_port) and
SASL_PLAINTEXT on VIGIA_KAFKA_SASL_PLAINTEXT_PORT ($sasl_plaintext_port), SCRAM-SHA-256 and -512
for VIGIA_KAFKA_SCRAM_USER / VIGIA_KAFKA_SCRAM_PASSWORD (users are created when the storage is
formatted: use a fresh VIGIA_KAFKA_HOME); start then also prints KAFKA_SASL_SSL_BROKERS,
KAFKA_SASL_PLAINTEXT_BROKERS and KAFKA_SSL_CA_FILE (the broker's self-signed certificate).
EOF
}

# --- prerequisites ------------------------------------------------------------------

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    die "Java 17 or newer is needed to run Kafka $kafka_version and was not found.
  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless
  macOS:         brew install openjdk@17
  or set JAVA_HOME to a JDK/JRE 17+."
  fi
}

require_java_17() {
  local java="$1" line major
  line="$("$java" -version 2>&1 | head -n 1)"
  # 'openjdk version "17.0.15" ...' or, before Java 9, 'java version "1.8.0_402"'.
  major="$(sed -n 's/.* version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' <<<"$line")"
  if [[ "${major%% *}" == 1 ]]; then major="${major#* }"; else major="${major%% *}"; fi
  if [[ -z "$major" || "$major" -lt 17 ]]; then
    die "Kafka $kafka_version needs Java 17 or newer; $java reports: $line
  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless (then point JAVA_HOME at it)"
  fi
}

# Resolves kafka_2.13 and its runtime dependencies once per version; later starts reuse
# the jars (the .complete marker guards against a half-finished download).
resolve_jars() {
  [[ -f "$lib_dir/.complete" ]] && return 0
  command -v mvn >/dev/null 2>&1 || die "Maven is needed once to fetch Kafka $kafka_version from Maven Central and was not found.
  Debian/Ubuntu: sudo apt-get install maven
  macOS:         brew install maven"
  say "resolving org.apache.kafka:kafka_2.13:$kafka_version and its dependencies from Maven Central (first run only)"
  local staging="$lib_dir.partial"
  rm -rf "$staging"
  mkdir -p "$staging"
  local mvn_log="$run_dir/maven.log"
  if ! mvn -B -Dstyle.color=never -f "$script_dir/pom.xml" -Dkafka.version="$kafka_version" \
      dependency:copy-dependencies -DoutputDirectory="$staging" >"$mvn_log" 2>&1; then
    tail -n 30 "$mvn_log" >&2
    rm -rf "$staging"
    die "Maven could not resolve Kafka $kafka_version (is Maven Central reachable? full output: $mvn_log)"
  fi
  rm -rf "$lib_dir"
  mv "$staging" "$lib_dir"
  touch "$lib_dir/.complete"
}

# --- process state ------------------------------------------------------------------

broker_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid args
  pid="$(<"$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # A stale pid file may name a recycled pid: only a kafka.Kafka JVM for this run
  # folder counts as ours.
  args="$(ps -p "$pid" -o args= 2>/dev/null)" || return 1
  [[ "$args" == *kafka.Kafka* && "$args" == *"-Dvigia.kafka.home=$run_dir"* ]] || return 1
  printf '%s\n' "$pid"
}

port_answers() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

log_says_started() {
  local pid="$1"
  [[ -f "$ready_file" && "$(<"$ready_file")" == "$pid" ]] && return 0
  # The rolled files (server.log.N) only hold lines of the current process: start
  # removes them, so an old "started" line cannot count.
  if grep -qs "$started_pattern" "$logs_dir"/server.log*; then
    printf '%s\n' "$pid" >"$ready_file"
    return 0
  fi
  return 1
}

is_ready() {
  local pid
  pid="$(broker_pid)" || return 1
  port_answers "$client_port" && log_says_started "$pid"
}

log_tail() {
  say "last lines of $logs_dir/server.log:"
  tail -n 40 "$logs_dir/server.log" >&2 2>/dev/null || true
  if [[ -s "$logs_dir/stdout.log" ]]; then
    say "last lines of $logs_dir/stdout.log:"
    tail -n 20 "$logs_dir/stdout.log" >&2 || true
  fi
}

wait_ready() {
  local deadline=$((SECONDS + ready_timeout_s))
  while ((SECONDS < deadline)); do
    is_ready && return 0
    if ! broker_pid >/dev/null; then
      log_tail
      die "the broker process exited before becoming ready"
    fi
    sleep 0.5
  done
  log_tail
  die "the broker was not ready after ${ready_timeout_s}s (VIGIA_KAFKA_READY_TIMEOUT_S); it is still
  running: wait longer with 'kafka.sh wait' or give up with 'kafka.sh stop'"
}

print_brokers() {
  printf 'KAFKA_BROKERS=%s:%s\n' "$host" "$client_port"
  [[ "$secure" == 1 ]] || return 0
  printf 'KAFKA_SASL_SSL_BROKERS=%s:%s\n' "$host" "$sasl_ssl_port"
  printf 'KAFKA_SASL_PLAINTEXT_BROKERS=%s:%s\n' "$host" "$sasl_plaintext_port"
  printf 'KAFKA_SSL_CA_FILE=%s\n' "$ca_file"
}

# Serializes start/stop between concurrent callers (several test runs may share a broker).
take_lock() {
  mkdir -p "$run_dir"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$run_dir/.lock"
  flock -w 600 9 || die "could not lock $run_dir/.lock within 600s"
}

# --- configuration ------------------------------------------------------------------

write_config() {
  local listeners="PLAINTEXT://$host:$client_port,CONTROLLER://$host:$controller_port"
  local advertised="PLAINTEXT://$host:$client_port"
  local protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
  if [[ "$secure" == 1 ]]; then
    listeners+=",SASL_SSL://$host:$sasl_ssl_port,SASL_PLAINTEXT://$host:$sasl_plaintext_port"
    advertised+=",SASL_SSL://$host:$sasl_ssl_port,SASL_PLAINTEXT://$host:$sasl_plaintext_port"
    protocols+=",SASL_SSL:SASL_SSL,SASL_PLAINTEXT:SASL_PLAINTEXT"
  fi
  cat >"$config_file" <<EOF
# Generated by infra/kafka/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$controller_port
listeners=$listeners
advertised.listeners=$advertised
listener.security.protocol.map=$protocols
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data_dir

# Topics come from the project's topic registry, never from a typo in a consumer.
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1

# One broker: internal topics must have one replica or consumer groups and
# transactions never become available.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Tests create a group each; the default 3 s delay would be paid by every one of them.
group.initial.rebalance.delay.ms=0

# Records carry event time (reports from years ago); time-based retention would delete
# them as soon as a segment rolls. A development broker keeps everything.
log.retention.ms=-1
EOF
  [[ "$secure" == 1 ]] || return 0
  # Broker and controller still talk PLAINTEXT to each other on loopback; only clients
  # authenticate. SCRAM credentials live in the cluster metadata (written at format time).
  cat >>"$config_file" <<EOF

# SASL/SCRAM listeners for clients (VIGIA_KAFKA_SECURE=1).
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$keystore_file
ssl.keystore.password=$scram_password
ssl.key.password=$scram_password
EOF
}

# A self-signed certificate for $host, made once per run folder with the JDK's keytool;
# its PEM is what clients trust (KAFKA_SSL_CA_FILE).
make_keystore() {
  [[ "$secure" == 1 && ! -f "$ca_file" ]] || return 0
  local keytool="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
  command -v "$keytool" >/dev/null 2>&1 || die "keytool (part of the JDK) is needed for VIGIA_KAFKA_SECURE=1 and was not found"
  mkdir -p "$secure_dir"
  rm -f "$keystore_file"
  "$keytool" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -storetype PKCS12 \
    -dname "CN=localhost" -ext "SAN=IP:$host,DNS:localhost" \
    -keystore "$keystore_file" -storepass "$scram_password" -keypass "$scram_password" >>"$logs_dir/stdout.log" 2>&1 \
    || { log_tail; die "keytool could not make the broker's certificate"; }
  "$keytool" -exportcert -rfc -alias broker -keystore "$keystore_file" -storepass "$scram_password" -file "$ca_file" \
    >>"$logs_dir/stdout.log" 2>&1 || die "keytool could not export the broker's certificate"
}

format_storage() {
  local java="$1"
  [[ -f "$data_dir/meta.properties" ]] && return 0
  mkdir -p "$data_dir"
  local cluster_id
  cluster_id="$("$java" -cp "$lib_dir/*" kafka.tools.StorageTool random-uuid 2>>"$logs_dir/stdout.log" | tail -n 1)"
  [[ -n "$cluster_id" ]] || { log_tail; die "kafka.tools.StorageTool random-uuid failed"; }
  say "formatting $data_dir (cluster id $cluster_id)"
  # No log4j2.xml here: server.log must hold the broker's lines only (readiness reads it).
  local scram=()
  [[ "$secure" == 1 ]] && scram=(
    --add-scram "SCRAM-SHA-256=[name=$scram_user,password=$scram_password]"
    --add-scram "SCRAM-SHA-512=[name=$scram_user,password=$scram_password]"
  )
  "$java" -cp "$lib_dir/*" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$config_file" ${scram[@]+"${scram[@]}"} >>"$logs_dir/stdout.log" 2>&1 \
    || { log_tail; die "formatting the storage failed"; }
}

# --- commands -----------------------------------------------------------------------

cmd_start() {
  take_lock
  local pid
  if pid="$(broker_pid)"; then
    if is_ready; then
      say "already running (pid $pid) and ready at $host:$client_port"
    else
      say "already starting (pid $pid); waiting until ready"
      wait_ready
    fi
    print_brokers
    echo KAFKA_STARTED=0
    return 0
  fi
  local port ports=("$client_port" "$controller_port")
  [[ "$secure" == 1 ]] && ports+=("$sasl_ssl_port" "$sasl_plaintext_port")
  for port in "${ports[@]}"; do
    if port_answers "$port"; then
      die "port $host:$port is already in use by another process (another broker?).
  Stop it, or choose other ports with VIGIA_KAFKA_PORT / VIGIA_KAFKA_CONTROLLER_PORT."
    fi
  done

  local java
  java="$(java_bin)"
  require_java_17 "$java"
  resolve_jars
  mkdir -p "$logs_dir"
  rm -f "$pid_file" "$ready_file" "$logs_dir"/server.log.*
  [[ -f "$logs_dir/server.log" ]] && mv -f "$logs_dir/server.log" "$logs_dir/server.previous.log"
  : >"$logs_dir/stdout.log"
  write_config
  make_keystore
  format_storage "$java"

  say "starting Kafka $kafka_version on $host:$client_port (controller $controller_port), run folder $run_dir"
  local launcher=()
  # Its own session: Ctrl-C in the terminal (or a test runner's process group) that
  # started it must not take the shared broker down with it. 9>&-: the JVM must not
  # inherit the start/stop lock, or it would hold it for as long as it runs.
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # shellcheck disable=SC2086 # heap_opts is a list of JVM flags
  nohup ${launcher[@]+"${launcher[@]}"} "$java" $heap_opts -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dvigia.kafka.home="$run_dir" \
    -Dlog4j2.configurationFile="$script_dir/log4j2.xml" -Dkafka.logs.dir="$logs_dir" \
    -cp "$lib_dir/*" kafka.Kafka "$config_file" \
    >>"$logs_dir/stdout.log" 2>&1 </dev/null 9>&- &
  printf '%s\n' "$!" >"$pid_file"
  wait_ready
  say "ready (pid $(<"$pid_file"))"
  print_brokers
  echo KAFKA_STARTED=1
}

cmd_stop() {
  local clean=false
  [[ "${1:-}" == --clean ]] && clean=true
  take_lock
  local pid
  if pid="$(broker_pid)"; then
    say "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + stop_timeout_s))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "still running after ${stop_timeout_s}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    say "stopped"
  else
    say "not running"
  fi
  rm -f "$pid_file" "$ready_file"
  if [[ "$clean" == true ]]; then
    say "removing $data_dir, $logs_dir and $config_file"
    rm -rf "$data_dir" "$logs_dir" "$config_file" "$secure_dir"
  fi
}

cmd_status() {
  local pid
  if ! pid="$(broker_pid)"; then
    say "not running"
    return 3
  fi
  if is_ready; then
    say "running (pid $pid) and ready at $host:$client_port"
    print_brokers
    return 0
  fi
  say "running (pid $pid) but not ready yet"
  return 3
}

cmd_wait() {
  broker_pid >/dev/null || die "not running; start it with: bash infra/kafka/kafka.sh start"
  wait_ready
  print_brokers
}

cmd_logs() {
  [[ -f "$logs_dir/server.log" ]] || die "no log yet at $logs_dir/server.log"
  if [[ "${1:-}" == -f ]]; then
    exec tail -n 100 -F "$logs_dir/server.log"
  fi
  tail -n 100 "$logs_dir/server.log"
}

main() {
  local command="${1:-help}"
  shift || true
  case "$command" in
    start) cmd_start ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status ;;
    wait) cmd_wait ;;
    logs) cmd_logs "$@" ;;
    resolve) take_lock; resolve_jars; printf 'KAFKA_LIB=%s\n' "$lib_dir" ;;
    version) printf '%s\n' "$KAFKA_VERSION_PINNED" ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
