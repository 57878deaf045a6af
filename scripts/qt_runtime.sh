#!/usr/bin/env bash
# Set-up step for `make run`: Qt 6.5+ needs libxcb-cursor0 to open a window on X11. If the system lacks
# it, install it (root) or unpack Debian's package into the user cache (no root); the Makefile puts that
# folder on LD_LIBRARY_PATH. Headless runs (offscreen) never need it.
set -euo pipefail
libs="${XDG_CACHE_HOME:-$HOME/.cache}/kesheng/qtlibs"
if ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0'; then exit 0; fi
if ls "$libs"/libxcb-cursor.so.0* >/dev/null 2>&1; then exit 0; fi
command -v apt-get >/dev/null || { echo "note: install libxcb-cursor0 (or your system's equivalent) if the window does not open" >&2; exit 0; }
if [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq libxcb-cursor0 >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libxcb-cursor0 >/dev/null 2>&1; } || true
  ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0' && exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if (cd "$tmp" && apt-get download libxcb-cursor0 >/dev/null 2>&1); then
  dpkg-deb -x "$tmp"/libxcb-cursor0_*.deb "$tmp/x"
  mkdir -p "$libs"
  find "$tmp/x" -name 'libxcb-cursor.so.0*' -exec cp -P {} "$libs/" \;
else
  echo "note: could not fetch libxcb-cursor0; if the window does not open, install it with your package manager" >&2
fi
