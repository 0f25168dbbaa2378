# Sourced, not executed: puts the pinned Node.js 24 and pnpm on PATH, installing
# them from the npm registry into a per-user cache when the machine lacks them.
# Only the npm client is assumed; the `node` package ships the official binary.

vigia_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VIGIA_NODE_VERSION="${VIGIA_NODE_VERSION:-24.21.0}"
VIGIA_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$vigia_root/package.json")"
VIGIA_TOOLS_DIR="${VIGIA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vigia/tools}"

vigia_say() { printf '\033[1mvigia\033[0m %s\n' "$*" >&2; }

vigia_npm_install() { # <prefix> <package@version>
  if ! command -v npm >/dev/null 2>&1; then
    vigia_say "npm is needed once to fetch $2 from the npm registry; install Node.js (any version) with npm, then rerun"
    return 1
  fi
  mkdir -p "$1"
  npm install --prefix "$1" --no-save --no-audit --no-fund --loglevel=error "$2" >&2
}

if [[ "$(node --version 2>/dev/null)" != v24.* ]]; then
  vigia_node_prefix="$VIGIA_TOOLS_DIR/node-$VIGIA_NODE_VERSION"
  if [[ ! -x "$vigia_node_prefix/node_modules/node/bin/node" ]]; then
    vigia_say "installing Node.js $VIGIA_NODE_VERSION into $vigia_node_prefix"
    vigia_npm_install "$vigia_node_prefix" "node@$VIGIA_NODE_VERSION" || return 1
  fi
  export PATH="$vigia_node_prefix/node_modules/node/bin:$PATH"
fi

if [[ "$(pnpm --version 2>/dev/null)" != "$VIGIA_PNPM_VERSION" ]]; then
  vigia_pnpm_prefix="$VIGIA_TOOLS_DIR/pnpm-$VIGIA_PNPM_VERSION"
  if [[ ! -x "$vigia_pnpm_prefix/node_modules/.bin/pnpm" ]]; then
    vigia_say "installing pnpm $VIGIA_PNPM_VERSION into $vigia_pnpm_prefix"
    vigia_npm_install "$vigia_pnpm_prefix" "pnpm@$VIGIA_PNPM_VERSION" || return 1
  fi
  export PATH="$vigia_pnpm_prefix/node_modules/.bin:$PATH"
fi
