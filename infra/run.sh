#!/usr/bin/env bash
# The two commands a newcomer needs, each doing all set-up on a fresh machine:
#   bash infra/run.sh up     run the whole pipeline on the embedded log with sample data
#   bash infra/run.sh test   type-check, then unit + integration tests against a real Kafka broker
# Both install the pinned Node.js 24 and pnpm from the npm registry when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh

install_dependencies() {
  vigia_say "installing dependencies (pnpm install --frozen-lockfile)"
  pnpm install --frozen-lockfile --reporter=append-only >&2
}

# Prints the totals of the last vitest run as `N passed, M failed[, K skipped]`.
print_totals() {
  node -e '
    const fs = require("node:fs");
    const file = process.argv[1];
    if (!fs.existsSync(file)) { console.log("0 passed, 0 failed"); process.exit(0); }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$1"
}

run_tests() {
  install_dependencies
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

  if [[ -n "$started_broker" ]]; then bash infra/kafka/kafka.sh stop >&2 || true; fi
  print_totals "$results"
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
