#!/usr/bin/env bash
# The two commands a newcomer needs, each doing all set-up on a fresh machine:
#   bash infra/run.sh up     run the whole pipeline on the embedded log with sample data
#   bash infra/run.sh test   type-check, then unit + integration tests against a real Kafka broker
# Both install the pinned Node.js 24 and pnpm from the npm registry when missing.
# With VIGIA_CONTAINER_TESTS=1 (CI), `test` also runs the Bus contract against a broker
# in a container, through testcontainers over podman (infra/container-tests.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh

install_dependencies() {
  vigia_say "installing dependencies (pnpm install --frozen-lockfile)"
  pnpm install --frozen-lockfile --reporter=append-only >&2
}

# Prints the totals of the vitest runs whose JSON results are given, added up, as
# `N passed, M failed[, K skipped]`; a run that left no results adds nothing.
print_totals() {
  node -e '
    const fs = require("node:fs");
    const runs = process.argv.slice(1).filter((file) => fs.existsSync(file))
      .map((file) => JSON.parse(fs.readFileSync(file, "utf8")));
    const sum = (field) => runs.reduce((total, run) => total + (run[field] ?? 0), 0);
    const skipped = sum("numPendingTests") + sum("numTodoTests");
    console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$@"
}

run_tests() {
  install_dependencies
  # The console's browser test drives Debian's Chromium (no browser download is possible here).
  bash infra/install-chromium.sh >&2
  vigia_say "formatting and lint (biome ci)"
  pnpm run lint >&2
  vigia_say "type-checking every package (tsc --noEmit)"
  pnpm run typecheck >&2

  local started_broker=""
  if [[ -z "${KAFKA_BROKERS:-}" ]]; then
    bash infra/kafka/kafka.sh status >/dev/null 2>&1 || started_broker=1
    KAFKA_BROKERS="$(bash infra/kafka/kafka.sh start | sed -n 's/^KAFKA_BROKERS=//p')"
    export KAFKA_BROKERS
  fi
  vigia_say "running unit and integration tests against Kafka at $KAFKA_BROKERS"

  local results="tests/.results/vitest.json" status=0
  rm -f "$results"
  pnpm exec vitest run --config tests/vitest.config.ts \
    --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?

  # CI also runs every benchmark once on small inputs, on the same broker: a benchmark that no
  # longer runs is a bug like a failing test (figures from a loaded CI machine are not recorded).
  if [[ "${VIGIA_CI_BENCH:-}" == 1 ]]; then
    vigia_say "benchmarks on small inputs (pnpm bench --quick)"
    KAFKA_BROKERS="$KAFKA_BROKERS" pnpm bench --quick >&2 || status=1
  fi

  if [[ -n "$started_broker" ]]; then bash infra/kafka/kafka.sh stop >&2 || true; fi

  # After the full suite, with kafka.sh's broker stopped: two brokers at once would
  # share the machine's two cores and memory for nothing.
  local container_results="tests/.results/vitest-container.json"
  rm -f "$container_results"
  if [[ "${VIGIA_CONTAINER_TESTS:-}" == 1 ]]; then
    bash infra/container-tests.sh "$container_results" || status=1
  fi
  print_totals "$results" "$container_results"
  return "$status"
}

run_up() {
  install_dependencies
  exec pnpm --silent vigia up "$@"
}

case "${1:-help}" in
  test) shift; run_tests "$@" ;;
  up) shift; run_up "$@" ;;
  *)
    echo "usage: bash infra/run.sh up [vigia up flags]   run the pipeline with sample data" >&2
    echo "       bash infra/run.sh test [vitest filters]  type-check and run every test" >&2
    exit 64
    ;;
esac
