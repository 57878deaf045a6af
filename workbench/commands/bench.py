"""`bench` command: run a benchmark script from bench/ (each prints one JSON object)."""

from __future__ import annotations

import argparse
import subprocess
import sys

from workbench.errors import UsageError
from workbench.paths import ROOT, is_frozen


def run(args: argparse.Namespace) -> int:
    if is_frozen():
        raise UsageError("benchmarks run from a source checkout (`python main.py bench NAME`), not from the app bundle")
    folder = ROOT / "bench"
    script = folder / f"{args.name}.py"
    if not script.is_file():
        names = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
        raise UsageError(f"no benchmark named {args.name!r}; available: {', '.join(names) or 'none'}")
    return subprocess.call([sys.executable, str(script), *args.rest], cwd=str(ROOT))
