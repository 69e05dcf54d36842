#!/usr/bin/env bash
# Writes docs/screenshots/dashboard.png: the city's dashboard with a day of demo data, as
# headless Chromium (Debian's chromium, scripts/system-packages.sh) shows it at 1280×800.
# A throwaway server on a loopback port and a throwaway SQLite database; nothing is kept
# but the picture. Run from anywhere: ./scripts/dashboard-screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots/dashboard.png}"
exec .venv/bin/python -m tests.central.dashboard_demo "$out"
