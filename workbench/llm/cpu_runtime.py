"""Which of llama.cpp's CPU backends this processor runs, chosen at run time and proven, never assumed.

The Makefile builds llama-cpp-python with ggml's runtime dispatch (``GGML_BACKEND_DL`` +
``GGML_CPU_ALL_VARIANTS``): ``llama_cpp/lib`` then holds one ``libggml-cpu-<variant>`` per x86 feature
level (x64, sse42, …, haswell, skylakex, icelake, …, sapphirerapids) and nothing is loaded until someone
asks. ggml's own choice (``ggml_backend_load_all``) scores variants by CPUID alone, so on a machine whose
CPU has AMX but whose kernel or hypervisor does not let the process use it, it loads the AMX variant and
the first matrix product dies with SIGILL. Here a variant is taken only when

* ``/proc/cpuinfo`` lists every feature it was compiled for (Linux reports a feature only where the kernel
  saves its register state), and
* for AVX2, AVX-512 and AMX, a throw-away child process has executed one instruction of that family
  (after asking the kernel for the AMX tile state, as ggml does) and lived.

The best variant that passes both is loaded with ``ggml_backend_load``; ggml's CPUID score must accept it
too. ``KESHENG_CPU_VARIANT=NAME`` forces one (benchmarks, a user working around a bad machine).

A library built without runtime dispatch (a user's own wheel, a static build) has its CPU backend
registered already; then nothing is done. Call :func:`prepare` in the process that loads the model,
before the model loads (the model worker does; so does :mod:`workbench.llm.serve`).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import platform
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import ModelError, Phrase

ENV_VARIANT = "KESHENG_CPU_VARIANT"
CPU_PROBE = "--cpu-probe"  # the frozen app's hidden first argument that makes it the probe (workbench.llm.frozen)

# ggml's x86 variants (ggml/src/CMakeLists.txt, GGML_CPU_ALL_VARIANTS), best first, with the /proc/cpuinfo
# flags each was compiled for. AVX512 in ggml means F, CD, VL, DQ and BW together.
_AVX512 = ("avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw")
_HASWELL = ("sse4_2", "avx", "f16c", "fma", "avx2", "bmi2")
VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sapphirerapids", (*_HASWELL, *_AVX512, "avx512vbmi", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8")),
    ("zen4", (*_HASWELL, *_AVX512, "avx512vbmi", "avx512_vnni", "avx512_bf16")),
    ("cooperlake", (*_HASWELL, *_AVX512, "avx512_vnni", "avx512_bf16")),
    ("icelake", (*_HASWELL, *_AVX512, "avx512vbmi", "avx512_vnni")),
    ("cascadelake", (*_HASWELL, *_AVX512, "avx512_vnni")),
    ("cannonlake", (*_HASWELL, *_AVX512, "avx512vbmi")),
    ("skylakex", (*_HASWELL, *_AVX512)),
    ("alderlake", (*_HASWELL, "avx_vnni")),
    ("haswell", _HASWELL),
    ("piledriver", ("sse4_2", "avx", "f16c", "fma")),
    ("ivybridge", ("sse4_2", "avx", "f16c")),
    ("sandybridge", ("sse4_2", "avx")),
    ("sse42", ("sse4_2",)),
    ("x64", ()),
)

# One instruction of each family that needs the OS's help (register state), as machine code run by
# ctypes in a child process: AVX2 `vpxor ymm0,ymm0,ymm0`; AVX-512 `vpxord zmm0,zmm0,zmm0`;
# AMX: arch_prctl(ARCH_REQ_XCOMP_PERM, XTILEDATA), then `ldtilecfg [rdi]; tilezero tmm0; tilerelease`.
PROBE_SOURCE = r"""
import ctypes, mmap, sys
libc = ctypes.CDLL(None, use_errno=True)
def run(code, arg=None):
    buf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    buf.write(code + b"\xc3")
    addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    ctypes.CFUNCTYPE(None, ctypes.c_void_p)(addr)(arg)
for name in sys.argv[1:]:
    if name == "avx2":
        run(b"\xc5\xfd\xef\xc0\xc5\xf8\x77")
    elif name == "avx512":
        run(b"\x62\xf1\x7d\x48\xef\xc0\xc5\xf8\x77")
    elif name == "amx":
        if libc.syscall(158, 0x1023, 18) != 0:
            sys.exit(3)
        cfg = (ctypes.c_ubyte * 64)()
        cfg[0] = 1; cfg[16] = 64; cfg[48] = 16
        run(b"\xc4\xe2\x78\x49\x07\xc4\xe2\x7b\x49\xc0\xc4\xe2\x78\x49\xc0", ctypes.addressof(cfg))
    print(name, flush=True)
"""
_FAMILIES = (("avx2", ("avx2",)), ("avx512", ("avx512f",)), ("amx", ("amx_tile",)))


@dataclass
class CpuRuntime:
    """What :func:`prepare` found and did (shown by ``main.py info`` and the benchmark)."""

    library_dir: str = ""
    dispatch: bool = False          # the library has per-variant CPU backends
    variant: str | None = None      # the one loaded (None: built in, or nothing loaded)
    available: list[str] = field(default_factory=list)
    usable: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # variant → why it was not taken

    def describe(self) -> str:
        if not self.dispatch:
            return "CPU backend built into the library (no runtime dispatch)"
        return f"CPU backend {self.variant} (of {', '.join(self.available)})"


_lock = threading.Lock()
_prepared: CpuRuntime | None = None


def cache_dir() -> Path:
    """The user cache folder set-up and the app share (``~/.cache/kesheng`` on Linux)."""
    try:
        from workbench.paths import cache_dir as app_cache
    except ImportError:  # set-up runs this before the app's dependencies are installed
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kesheng"
    return app_cache()


def machine_id() -> str:
    """The processor's model and flags (what decides which backends run), hashed."""
    try:
        info = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        info = platform.processor()
    keep = [line for line in info.splitlines() if line.startswith(("flags", "model name"))][:2]
    return hashlib.sha256("\n".join(keep).encode()).hexdigest()[:16]


def _proof_path() -> Path:
    return cache_dir() / "proof.json"


def _read_proof() -> dict[str, object]:
    try:
        proof = json.loads(_proof_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return proof if isinstance(proof, dict) and proof.get("machine") == machine_id() else {}


def reset_proof(key: str) -> None:
    """Set-up starts a new proof of a build (``key``) on this machine: nothing denied yet."""
    path = _proof_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": machine_id(), "key": key, "failed": {}}, indent=1), encoding="utf-8")


def deny_variant(variant: str, reason: str) -> None:
    """Never load ``variant`` again on this machine (it died: set-up's proof, or the app's model worker)."""
    proof = _read_proof() or {"machine": machine_id(), "failed": {}}
    before = proof.get("failed")
    failed: dict[str, str] = {str(k): str(v) for k, v in before.items()} if isinstance(before, dict) else {}
    failed[variant] = reason
    proof["failed"] = failed
    path = _proof_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(proof, indent=1), encoding="utf-8")


def denied_variants() -> set[str]:
    """Variants seen to die on this very machine (none when the record was made on another)."""
    failed = _read_proof().get("failed") or {}
    return {str(v) for v in failed} if isinstance(failed, (dict, list)) else set()


def cpu_flags() -> set[str]:
    """The processor's feature flags as the kernel reports them (empty where /proc/cpuinfo is absent)."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def probe_command(*families: str) -> list[str]:
    """The throw-away probe process for ``families``: the frozen app's own executable, or this interpreter."""
    if getattr(sys, "frozen", False):  # workbench.paths.is_frozen; not imported: set-up runs this module before
        return [sys.executable, CPU_PROBE, *families]  # the dependencies (platformdirs) are installed
    return [sys.executable, "-I", "-c", PROBE_SOURCE, *families]


def probe_families(flags: set[str]) -> set[str]:
    """The instruction families (avx2, avx512, amx) that really run in a process on this machine."""
    wanted = [name for name, needs in _FAMILIES if all(f in flags for f in needs)]
    if not wanted or platform.machine().lower() not in {"x86_64", "amd64"}:
        return set()
    try:
        done = subprocess.run(probe_command(*wanted), capture_output=True, text=True,
                              timeout=30, env={"PATH": os.environ.get("PATH", "")})
    except (OSError, subprocess.SubprocessError):
        return set()
    return set(done.stdout.split()) & set(wanted)


def usable_variants(flags: set[str], families: set[str]) -> list[str]:
    """Variants whose every compiled feature the CPU lists and whose families ran, best first."""
    out = []
    for name, needs in VARIANTS:
        if not all(f in flags for f in needs):
            continue
        if "avx2" in needs and "avx2" not in families:
            continue
        if "avx512f" in needs and "avx512" not in families:
            continue
        if "amx_tile" in needs and "amx" not in families:
            continue
        out.append(name)
    return out


def _library_dir() -> Path:
    import llama_cpp.llama_cpp as binding

    return Path(binding._base_path)


def _ggml_path(lib_dir: Path) -> Path:
    """The ggml library llama_cpp has loaded: the backend registry lives in it. A wheel stores libggml.so,
    .so.0 and .so.0.x as separate copies, and loading another copy would give a second, empty registry."""
    if sys.platform.startswith("linux"):
        try:
            maps = Path("/proc/self/maps").read_text(errors="replace")
        except OSError:
            maps = ""
        for line in maps.splitlines():
            path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
            if Path(path).parent == lib_dir and Path(path).name.startswith("libggml.so"):
                return Path(path)
        for name in ("libggml.so.0", "libggml.so"):
            if (lib_dir / name).exists():
                return lib_dir / name
    names = {"win32": "ggml.dll", "darwin": "libggml.dylib"}
    return lib_dir / names.get(sys.platform, "libggml.so")


def _ggml(lib_dir: Path) -> ctypes.CDLL:
    lib = ctypes.CDLL(str(_ggml_path(lib_dir)))
    lib.ggml_backend_reg_count.restype = ctypes.c_size_t
    lib.ggml_backend_load.restype = ctypes.c_void_p
    lib.ggml_backend_load.argtypes = [ctypes.c_char_p]
    return lib


def variant_files(lib_dir: Path) -> dict[str, Path]:
    """The CPU variant libraries in ``lib_dir``, by variant name."""
    out = {}
    for path in lib_dir.glob("*ggml-cpu-*"):
        if path.suffix in {".so", ".dll", ".dylib"}:
            out[path.stem.removeprefix("lib").removeprefix("ggml-cpu-")] = path
    return out


def prepare() -> CpuRuntime:
    """Load the best CPU backend this machine proves it can run (once per process).

    Raises:
        ModelError: llama-cpp-python is missing, or no CPU variant can run here.
    """
    global _prepared
    with _lock:
        if _prepared is not None:
            return _prepared
        try:
            lib_dir = _library_dir()
        except ImportError as exc:
            raise ModelError.of("errors.model.runtime_missing", reason=exc) from exc
        runtime = CpuRuntime(library_dir=str(lib_dir))
        files = variant_files(lib_dir)
        ggml = _ggml(lib_dir)
        if not files or ggml.ggml_backend_reg_count() > 0:
            _prepared = runtime
            return runtime
        runtime.dispatch = True
        runtime.available = [name for name, _ in VARIANTS if name in files]
        flags = cpu_flags()
        forced = os.environ.get(ENV_VARIANT, "").strip()
        if forced:
            if forced not in files:
                raise ModelError.of("errors.model.variant", env=ENV_VARIANT, forced=forced,
                                    choices=", ".join(runtime.available))
            candidates = [forced]
        else:
            denied = denied_variants()
            proven = usable_variants(flags, probe_families(flags)) if flags else runtime.available
            candidates = [v for v in proven if v in files and v not in denied]
            runtime.refused.update({v: "it died in set-up's proof on this machine" for v in denied if v in files})
        runtime.usable = list(candidates)
        for name in candidates:
            if ggml.ggml_backend_load(str(files[name]).encode()):
                runtime.variant = name
                break
            runtime.refused[name] = "ggml refused it (its CPUID check or the library failed to load)"
        if runtime.variant is None:
            raise ModelError.of("errors.model.no_variant", tried=", ".join(candidates) or Phrase("errors.none"))
        _prepared = runtime
        return runtime
