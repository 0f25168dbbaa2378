#!/usr/bin/env bash
# The Bus contract suite once more, against a broker in a container that testcontainers
# starts over podman: the path contributors with Docker or podman take by default, run
# for real in CI. Called by `bash infra/run.sh test` when VIGIA_CONTAINER_TESTS=1 (CI
# sets it), or on its own: `bash infra/container-tests.sh [vitest JSON output file]`.
#
#   1. podman, runc and mmdebstrap: installed from Debian's packages when missing (root);
#   2. `podman system service` gives testcontainers a Docker-compatible socket
#      (DOCKER_HOST), with infra/podman/containers.conf; an engine that DOCKER_HOST
#      already names is used as it is;
#   3. infra/kafka/image.sh builds the broker's image, or finds it built;
#   4. vitest runs packages/bus/src/kafka/kafka-bus-contract.int.spec.ts with
#      VIGIA_TEST_KAFKA_SOURCE=container, so a container that fails fails the run.
#
# Every failure says which step failed and why, on stderr, and exits non-zero.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh

readonly results="${1:-tests/.results/vitest-container.json}"
readonly contract_spec=packages/bus/src/kafka/kafka-bus-contract.int.spec.ts

fail() {
  vigia_say "container tests: $*"
  exit 1
}

install_missing_packages() {
  local missing=() command package
  for command in podman:podman runc:runc mmdebstrap:mmdebstrap; do
    package="${command#*:}"
    command -v "${command%%:*}" >/dev/null 2>&1 || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    fail "${missing[*]} missing, and installing them needs root and apt-get (Debian/Ubuntu).
  Install them by hand, or run the tests without VIGIA_CONTAINER_TESTS (kafka.sh's broker only)."
  fi
  vigia_say "installing ${missing[*]} from Debian's packages"
  apt-get update -qq >&2 || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || fail "apt-get install ${missing[*]} failed"
}

# Starts a podman API service on a socket of this run unless DOCKER_HOST names an
# engine already; exports DOCKER_HOST either way.
service_pid=""
service_dir=""
start_engine_service() {
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    vigia_say "using the container engine at DOCKER_HOST=$DOCKER_HOST"
    return 0
  fi
  service_dir="$(mktemp -d "${TMPDIR:-/tmp}/vigia-podman.XXXXXX")"
  local socket="$service_dir/podman.sock"
  # --time=0: no idle timeout; the service lives until this script ends it.
  podman system service --time=0 "unix://$socket" >"$service_dir/service.log" 2>&1 &
  service_pid=$!
  local deadline=$((SECONDS + 30))
  until podman --remote --url "unix://$socket" version >/dev/null 2>&1; do
    if ! kill -0 "$service_pid" 2>/dev/null; then
      cat "$service_dir/service.log" >&2
      fail "podman system service exited at start (its output is above)"
    fi
    ((SECONDS < deadline)) || fail "podman system service did not answer on $socket within 30s"
    sleep 0.2
  done
  export DOCKER_HOST="unix://$socket"
  vigia_say "podman system service answers at $DOCKER_HOST"
}

stop_engine_service() {
  if [[ -n "$service_pid" ]]; then
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  [[ -n "$service_dir" ]] && rm -rf "$service_dir"
  return 0
}

main() {
  install_missing_packages
  export CONTAINERS_CONF="$root/infra/podman/containers.conf"
  trap stop_engine_service EXIT
  start_engine_service

  # The image must land in the store of the engine testcontainers talks to: podman's
  # when this script started the service; otherwise VIGIA_CONTAINER_ENGINE, or
  # image.sh's own choice (podman when installed, else docker).
  local started=$SECONDS image engine="${VIGIA_CONTAINER_ENGINE:-}"
  [[ -n "$service_pid" ]] && engine=podman
  image="$(VIGIA_CONTAINER_ENGINE="$engine" bash infra/kafka/image.sh build | sed -n 's/^VIGIA_KAFKA_IMAGE=//p')" \
    || fail "building the broker image failed (infra/kafka/image.sh's messages are above)"
  [[ -n "$image" ]] || fail "infra/kafka/image.sh build printed no image name"
  vigia_say "broker image $image ready after $((SECONDS - started))s"

  vigia_say "running the Bus contract through testcontainers ($image, host network)"
  mkdir -p "$(dirname "$results")"
  rm -f "$results"
  local status=0
  # KAFKA_BROKERS would win over the container (run.sh exports it for kafka.sh's broker).
  # No registry to pull Ryuk (testcontainers' reaper) from: the global setup stops the
  # container itself when the run ends.
  env -u KAFKA_BROKERS VIGIA_TEST_KAFKA_SOURCE=container VIGIA_KAFKA_IMAGE="$image" \
    TESTCONTAINERS_RYUK_DISABLED=true \
    pnpm exec vitest run --config tests/vitest.config.ts --project int "$contract_spec" \
    --reporter=default --reporter=json --outputFile.json="$results" || status=$?
  [[ -f "$results" ]] || fail "vitest ended without results (the reason is above: usually the container did not start)"
  if ! node -e 'process.exit(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).numTotalTests > 0 ? 0 : 1)' "$results"; then
    fail "vitest ran no test of $contract_spec"
  fi
  ((status == 0)) || fail "the Bus contract failed against the container broker (vitest exited with $status)"
}

main
