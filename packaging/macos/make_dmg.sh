#!/usr/bin/env bash
# macOS: the disk image of dist/Kesheng.app (written by `pyinstaller packaging/kesheng.spec` on a Mac, llama.cpp
# built with Metal: see .github/workflows/bundle.yml). Not run here yet. PyInstaller signs the app ad hoc; without a
# Developer ID signature and notarization the first start needs right-click → Open (System Settings → Privacy).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(python -c "import workbench; print(workbench.__version__)")
arch=$(uname -m)
[ -d dist/Kesheng.app ] || { echo "error: dist/Kesheng.app is missing; run pyinstaller packaging/kesheng.spec" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R dist/Kesheng.app "$stage/"
ln -s /Applications "$stage/Applications"  # drag the app onto it to install
hdiutil create -volname "Kesheng" -srcfolder "$stage" -ov -format UDZO "dist/kesheng-$version-macos-$arch.dmg"
