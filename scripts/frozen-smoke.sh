#!/usr/bin/env bash
# Smoke test of the frozen build: it starts, tells its version, opens a fresh
# database and loads the catalogue without a display.
set -euo pipefail
exe="$1"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
version="$("$exe" --version)"
echo "frozen: $version"
[[ "$version" == counter-app\ * ]] || { echo "frozen build: unexpected --version output" >&2; exit 1; }
"$exe" --data-dir "$data" self-check
"$exe" --data-dir "$data" fee --procedure 2.000815 --pages 3 | head -1 | grep -qx 5000
"$exe" --data-dir "$data" holidays list --year 2027 | grep -q "2027-02-06"
QT_QPA_PLATFORM=offscreen "$exe" --data-dir "$data" screenshot --out "$data/shots" >/dev/null
test -s "$data/shots/reception-vi.png"
echo "frozen build: smoke test passed"
