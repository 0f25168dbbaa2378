#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, once: playwright-core drives it
# (a test tool's own browser download cannot be fetched on our machines). Idempotent:
# does nothing when a Chromium is already on the machine. Needs root (CI runs as root).
set -euo pipefail

for candidate in "${VIGIA_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -n "$candidate" && -x "$candidate" ]]; then
    echo "install-chromium: $candidate is installed ($("$candidate" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Chromium yourself and set VIGIA_CHROMIUM to its path" >&2
  exit 1
fi
sudo_cmd=()
if [[ "$(id -u)" != 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "install-chromium: installed $(/usr/bin/chromium --version)"
