#!/usr/bin/env bash
# Issue 28, proven clean: runs the built app folder (dist/kesheng) the way an analyst's machine would, with an empty
# environment (`env -i`: no virtual environment, no PYTHONPATH, PATH without a compiler), a fresh home folder (no
# cached model, no proof record, no preferences) and no network (`unshare -n`: a network namespace with nothing in
# it; as root, else `unshare -rn`; where neither works the commands run with the network and the script says so).
# Each command must exit 0: --version, demo, tag with the fast model (5 records through the LLM), a PDF report and
# the window opened offscreen on the project. Usage: scripts/bundle_smoke.sh [DIST_DIR] (default dist/kesheng)
set -euo pipefail
dist=$(cd "${1:-dist/kesheng}" && pwd)
exe="$dist/kesheng"
[ -x "$exe" ] || { echo "error: $exe is missing; run \`make bundle\` first" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/kesheng-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/bin"
cd "$work"

if unshare -n true 2>/dev/null; then isolate=(unshare -n)
elif unshare -rn true 2>/dev/null; then isolate=(unshare -rn)
else isolate=(); echo "note: no network namespace here (unshare refused): the commands run with the network" >&2
fi
# PATH holds only an empty folder: no python, no cc, no make; the app must need none of them.
clean=(env -i HOME="$work/home" PATH="$work/bin" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen)
for tool in python python3 cc gcc make; do
  if "${clean[@]}" sh -c "command -v $tool" >/dev/null 2>&1; then echo "error: $tool is on the clean PATH" >&2; exit 1; fi
done

step() {
  local name=$1; shift
  local start=$SECONDS
  if "${isolate[@]}" "${clean[@]}" "$exe" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "ok   $name ($((SECONDS - start)) s): kesheng $*"
  else
    local rc=$?
    echo "FAIL $name (exit $rc): kesheng $*" >&2
    tail -n 20 "$work/$name.out" "$work/$name.err" >&2
    exit 1
  fi
}

step version --version
grep -q "^kesheng " "$work/version.out"
step demo demo --project "$work/x.kesheng"
step tag tag "$work/x.kesheng" --llm-budget 5 --model fast --records 1,2,3,4,5 --json
grep -q '"llm": [1-9]' "$work/tag.out" || { echo "FAIL tag: the model tagged nothing" >&2; cat "$work/tag.out" >&2; exit 1; }
step report report "$work/x.kesheng" --format pdf --out "$work/r.pdf"
head -c 5 "$work/r.pdf" | grep -q '%PDF-' || { echo "FAIL report: r.pdf is not a PDF" >&2; exit 1; }
step gui gui "$work/x.kesheng" --smoke-test
echo "bundle smoke passed: $dist (${isolate[*]:-network on})"
