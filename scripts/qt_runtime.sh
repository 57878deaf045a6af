#!/usr/bin/env bash
# Set-up step for `make run`: Qt's X11 plugin needs a few xcb libraries (libxcb-cursor0, libxcb-icccm4,
# libxcb-keysyms1, …) that a minimal system may lack. Each missing one is installed (root) or unpacked
# from Debian's package into the user cache (no root); the Makefile puts that folder on LD_LIBRARY_PATH.
# Headless runs (offscreen) never need them. Usage: scripts/qt_runtime.sh PYTHON
set -uo pipefail
python="${1:-python3}"
libs="${XDG_CACHE_HOME:-$HOME/.cache}/kesheng/qtlibs"
qt=$("$python" -c "import os, PySide6; print(os.path.dirname(PySide6.__file__))" 2>/dev/null) || exit 0
plugin="$qt/Qt/plugins/platforms/libqxcb.so"
[ -f "$plugin" ] || exit 0
missing() { LD_LIBRARY_PATH="$libs:${LD_LIBRARY_PATH:-}" ldd "$plugin" "$qt"/Qt/lib/libQt6XcbQpa.so.6 2>/dev/null \
  | awk '/not found/ {print $1}' | sort -u; }
need=$(missing)
[ -z "$need" ] && exit 0
command -v apt-get >/dev/null || { echo "note: install these for the GUI window: $need" >&2; exit 0; }
packages=""
for lib in $need; do
  base=${lib%%.so.*}; version=${lib##*.so.}
  if [[ $base =~ [0-9]$ ]]; then packages="$packages $base-$version"; else packages="$packages $base$version"; fi
done
if [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq $packages >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $packages >/dev/null 2>&1; }
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$libs"
  for pkg in $packages; do
    if (cd "$tmp" && apt-get download "$pkg" >/dev/null 2>&1); then
      dpkg-deb -x "$tmp/${pkg}"_*.deb "$tmp/x" && find "$tmp/x" -name '*.so*' -exec cp -P {} "$libs/" \;
    fi
  done
fi
still=$(missing)
[ -n "$still" ] && echo "note: the GUI window may not open; missing: $still" >&2
exit 0
