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
code="$("$exe" --data-dir "$data" dossier receive --json <("$exe" dossier receive --example))"
"$exe" --data-dir "$data" receipt "$code" --profile epson-tm-t82 --out "$data/receipt.bin" >/dev/null
"$exe" --data-dir "$data" printer-decode "$data/receipt.bin" --profile epson-tm-t82 | grep -q "Hẹn trả"
"$exe" --data-dir "$data" form 01 "$code" --out "$data/form01.pdf" >/dev/null
head -c 4 "$data/form01.pdf" | grep -q "%PDF"
QT_QPA_PLATFORM=offscreen "$exe" --data-dir "$data" screenshot --out "$data/shots" >/dev/null
test -s "$data/shots/reception-vi.png"
echo "frozen build: smoke test passed"
