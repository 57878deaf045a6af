"""The app bundle (issue 28): its size without and with models, and its start to a usable window. One JSON object.

- ``size``: bytes and files of dist/kesheng without models/ (what the app itself weighs), and of the models it
  carries; the ten biggest top-level parts of ``_internal`` (where to cut next).
- ``start``: wall seconds from launching ``kesheng gui PROJECT --smoke-test`` (offscreen) until the window is usable
  (the ``window ready`` log line: every panel has its first data), and of ``kesheng --version`` (process start
  alone). Baseline in the same run: the same commands through ``python main.py`` from the virtual environment.
  ``--runs N`` starts each N times in turn (first and median reported). The page cache is not dropped (that would
  slow every other process on the machine): the first run of each is as cold as this machine's cache allows.

Usage: python bench/bundle.py [--dist dist/kesheng] [--project P] [--n 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = "window ready: every panel has its data"


def tree_size(folder: Path, skip: Path | None = None) -> tuple[int, int]:
    size = files = 0
    for path in folder.rglob("*"):
        if skip is not None and skip in path.parents:
            continue
        if path.is_file() and not path.is_symlink():
            size += path.stat().st_size
            files += 1
    return size, files


def sizes(dist: Path) -> dict[str, object]:
    internal = dist / "_internal"
    models = internal / "models"
    app_bytes, app_files = tree_size(dist, skip=models)
    model_bytes, _ = tree_size(models) if models.is_dir() else (0, 0)
    parts = sorted(((tree_size(p)[0] if p.is_dir() else p.stat().st_size, p.name) for p in internal.iterdir()
                    if p != models and not p.is_symlink()), reverse=True)[:10]
    return {"without_models_bytes": app_bytes, "without_models_mb": round(app_bytes / 1e6, 1), "files": app_files,
            "models_bytes": model_bytes, "models": sorted(p.name for p in models.glob("*.gguf")),
            "biggest_parts_mb": {name: round(size / 1e6, 1) for size, name in parts}}


def make_project(path: Path, n: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_gui", ROOT / "bench" / "gui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(path, n)


def start_to_ready(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launch until the process logs that its window is usable (read from its stderr as it comes)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None
    ready, tail = None, []
    for line in proc.stderr:
        if ready is None and READY in line:
            ready = time.perf_counter() - started
        tail = [*tail[-20:], line]
    if proc.wait(timeout=600) != 0 or ready is None:
        raise SystemExit(f"error: {' '.join(command)} failed ({proc.returncode}): {''.join(tail)[-800:]}")
    return round(ready, 3)


def wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, env=env, timeout=120, check=True)
    return round(time.perf_counter() - started, 3)


def summary(values: list[float]) -> dict[str, object]:
    return {"first_s": values[0], "median_s": round(statistics.median(values), 3), "runs_s": values}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(ROOT / "dist" / "kesheng"))
    parser.add_argument("--project", help="a project to open (default: a synthetic one of --n records)")
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    dist = Path(args.dist).resolve()
    exe = dist / ("kesheng.exe" if os.name == "nt" else "kesheng")
    if not exe.is_file():
        print(f"error: {exe} is missing; run `make bundle` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="kesheng-bench-bundle-") as tmp:
        project = Path(args.project) if args.project else Path(tmp) / "bench.kesheng"
        if not args.project:
            make_project(project, args.n)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(Path(tmp) / "home")}
        variants = {"bundle": [str(exe)], "venv_python_main": [sys.executable, str(ROOT / "main.py")]}
        ready: dict[str, list[float]] = {k: [] for k in variants}
        version: dict[str, list[float]] = {k: [] for k in variants}
        for _ in range(args.runs):  # alternate, so a busy moment of the machine hits both alike
            for name, command in variants.items():
                version[name].append(wall([*command, "--version"], env))
                ready[name].append(start_to_ready([*command, "--debug", "gui", str(project), "--smoke-test"], env))
    result = {
        "bench": "bundle",
        "dist": str(dist),
        "size": sizes(dist),
        "project_records": None if args.project else args.n,
        "start_to_usable_window": {name: summary(v) for name, v in ready.items()},
        "process_start_version": {name: summary(v) for name, v in version.items()},
        "baseline": "venv_python_main: `python main.py` from the virtual environment, same commands, same run",
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
