#!/usr/bin/env bash
# Set-up step: make sure a CJK font is available to Kesheng (Qt screenshots and the PDF report).
# Uses resources/fonts/ if a font is already there, else copies one from the user cache, else
# downloads Debian's WenQuanYi Micro Hei package (no root needed: `apt-get download` + dpkg-deb -x).
set -euo pipefail
dest="resources/fonts"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/kesheng/fonts"
mkdir -p "$dest"
if ls "$dest"/*.tt[cf] >/dev/null 2>&1; then exit 0; fi
if ! ls "$cache"/*.tt[cf] >/dev/null 2>&1; then
  mkdir -p "$cache"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  get() { (cd "$tmp" && apt-get download fonts-wqy-microhei >/dev/null 2>&1); }
  if command -v apt-get >/dev/null && { get || { [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && get; }; }; then
    dpkg-deb -x "$tmp"/fonts-wqy-microhei_*.deb "$tmp/x"
    find "$tmp/x" -name '*.tt[cf]' -exec cp {} "$cache/" \;
  else
    sys=$(fc-list :lang=zh file 2>/dev/null | head -n 1 | cut -d: -f1 || true)
    if [ -n "$sys" ]; then cp "$sys" "$cache/"; else
      echo "warning: no CJK font found or downloadable; Chinese text may render as boxes" >&2; exit 0
    fi
  fi
fi
cp "$cache"/*.tt[cf] "$dest/"
