"""Set-up step: a portable llama-cpp-python, built once, proven on this machine, then cached and installed.

Standard library only. The wheel is built with ggml's runtime dispatch (one CPU backend per x86 feature
level, see ``workbench/llm/cpu_runtime.py``), never with ``-march=native``, so a cached wheel that moves to
another machine (a shared home, a copied ~/.cache) still runs there. The cache folder's name carries a key of
the version and the build flags: a wheel built another way is never picked up.

Before a new wheel is kept it is proven: a child process loads a local model with it and generates a few
tokens. Every install is proven the same way on the machine at hand; if the best CPU backend dies there, the
next ones down are tried and the ones that died are written to ``proof.json`` in the cache, which the app
reads (it then never loads them on this machine).

Usage: python scripts/llama_runtime.py [--python VENV_PYTHON] [--rebuild]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from workbench.llm import cpu_runtime  # noqa: E402  (standard library only)

VERSION = "0.3.36"
FLAGS = ("-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON",
         "-DGGML_BACKEND_DIR:STRING=llama_cpp/lib", "-DLLAVA_BUILD=OFF")
PROOF_TIMEOUT = 600
PROOF = r"""
import json, sys
from workbench.llm import cpu_runtime
runtime = cpu_runtime.prepare()
print("variant", runtime.variant, flush=True)
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=2, n_threads_batch=2, seed=0, verbose=False)
out = llm("1, 2, 3, 4,", max_tokens=4, temperature=0.0)
print(json.dumps({"variant": runtime.variant, "dispatch": runtime.dispatch, "text": out["choices"][0]["text"]}))
"""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kesheng"


def build_key() -> str:
    return hashlib.sha256(" ".join((VERSION, *FLAGS)).encode()).hexdigest()[:12]


def wheel_dir() -> Path:
    return cache_dir() / "wheels" / f"llama_cpp_python-{VERSION}-dispatch-{build_key()}"


def cached_wheel() -> Path | None:
    hits = sorted(wheel_dir().glob(f"llama_cpp_python-{VERSION}-*.whl"))
    return hits[0] if hits else None


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def build(python: str) -> Path:
    """Build the wheel into a temporary folder (about 10 minutes on 2 cores); returns its path."""
    out = Path(tempfile.mkdtemp(prefix="kesheng-llama-"))
    log = cache_dir() / "llama-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    say(f"building llama-cpp-python {VERSION} for every x86-64 CPU (once per machine, about 10 minutes on 2 cores; "
        f"log: {log})")
    env = {**os.environ, "CMAKE_ARGS": " ".join(FLAGS),
           "CMAKE_BUILD_PARALLEL_LEVEL": os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))}
    with log.open("w") as fh:
        done = subprocess.run([python, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-v",
                               f"llama-cpp-python=={VERSION}", "-w", str(out)], env=env, stdout=fh, stderr=fh)
    wheels = sorted(out.glob("llama_cpp_python-*.whl"))
    if done.returncode != 0 or not wheels:
        raise SystemExit(f"error: building llama-cpp-python failed (see {log}): install a C/C++ compiler and "
                         "cmake (Debian: apt-get install build-essential cmake), then run make again")
    return wheels[0]


def install(python: str, wheel: Path) -> None:
    """Install ``wheel`` with its dependencies, replacing any other build of the same version."""
    pip = [python, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(wheel)], check=True)
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(wheel)], check=True)


def proof_model() -> Path:
    """A registry model to prove the build with: the fast one if present, else the default, else fetch fast."""
    import tomllib

    registry = tomllib.loads((ROOT / "models" / "models.toml").read_text(encoding="utf-8"))["models"]
    for name in ("fast", "default"):
        path = ROOT / "models" / str(registry[name]["file"])
        if path.exists():
            return path
    subprocess.run([sys.executable, str(ROOT / "scripts" / "fetch_model.py"), "fast"], check=True)
    return ROOT / "models" / str(registry["fast"]["file"])


def prove(python: str, model: Path) -> tuple[bool, str, str | None]:
    """Load ``model`` in a child process and generate: (worked, what happened, the CPU variant it used)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(cpu_runtime.ENV_VARIANT, None)
    try:
        done = subprocess.run([python, "-c", PROOF, str(model)], env=env, capture_output=True, text=True,
                              timeout=PROOF_TIMEOUT, cwd=ROOT)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return False, f"no answer within {PROOF_TIMEOUT} s", _variant(out)
    variant = _variant(done.stdout)
    if done.returncode == 0:
        return True, done.stdout.strip().splitlines()[-1], variant
    if done.returncode < 0:
        return False, f"killed by {signal.Signals(-done.returncode).name}", variant
    return False, (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1], variant


def _variant(stdout: str) -> str | None:
    for line in stdout.splitlines():
        if line.startswith("variant "):
            name = line.split()[1]
            return None if name == "None" else name
    return None


def prove_and_record(python: str) -> None:
    """Prove the installed build; a CPU backend that dies by a signal here is denied on this machine (for the
    app too) and the next one down is tried, until one works."""
    cpu_runtime.reset_proof(build_key())
    model = proof_model()
    for _ in range(len(cpu_runtime.VARIANTS)):
        ok, detail, variant = prove(python, model)
        if ok:
            say(f"llama-cpp-python {VERSION} proven on this machine: {detail}")
            return
        if variant is None or not detail.startswith("killed by"):
            break
        say(f"note: the {variant} CPU backend died here ({detail}); it will not be used on this machine")
        cpu_runtime.deny_variant(variant, detail)
    raise SystemExit(f"error: the local model's runtime does not run on this machine ({detail}); "
                     f"please report it with {cache_dir() / 'llama-build.log'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the virtual environment's python")
    parser.add_argument("--rebuild", action="store_true", help="build again even if a wheel is cached")
    args = parser.parse_args()
    wheel = None if args.rebuild else cached_wheel()
    fresh = wheel is None
    if wheel is None:
        wheel = build(args.python)
    install(args.python, wheel)
    prove_and_record(args.python)
    if fresh:
        wheel_dir().mkdir(parents=True, exist_ok=True)
        shutil.copy2(wheel, wheel_dir() / wheel.name)
        shutil.rmtree(wheel.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
