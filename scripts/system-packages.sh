#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, when missing.
# Qt needs EGL/GL, xkbcommon and fontconfig (offscreen and on a screen) and the
# xcb libraries on an X11 desktop; the UI and the screenshots need a font with
# Vietnamese glyphs; the PDF tests read forms back with poppler-utils. The server tests run
# against a throwaway PostgreSQL cluster (tests/central/postgres.py starts it from
# postgresql's binaries; Debian's packaged cluster is not used), and the dashboard
# screenshot test drives headless chromium; the TLS tests make a throwaway certificate
# with openssl. Elsewhere (no dpkg) it only says what it would need.
set -euo pipefail
packages=(
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core poppler-utils
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
  postgresql chromium openssl
)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "No dpkg here: make sure Qt's system libraries are installed (${packages[*]})."
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
