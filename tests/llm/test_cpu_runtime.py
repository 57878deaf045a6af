"""The CPU backend the local model runs on: chosen from what the processor lists AND what ran in a probe,
never from CPUID alone; the library actually loaded holds no instruction family this process cannot run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.llm import cpu_runtime
from workbench.llm.cpu_runtime import usable_variants

HASWELL = {"sse4_2", "avx", "f16c", "fma", "avx2", "bmi2"}
AVX512 = {"avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"}
SPR = HASWELL | AVX512 | {"avx512vbmi", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8", "avx_vnni"}


def test_amx_listed_but_not_granted_never_picks_the_amx_backend() -> None:
    assert usable_variants(SPR, {"avx2", "avx512", "amx"})[0] == "sapphirerapids"
    assert usable_variants(SPR, {"avx2", "avx512"})[0] == "zen4"  # the kernel said no to the tiles


def test_avx512_that_does_not_run_falls_back_to_avx2_backends() -> None:
    best = usable_variants(SPR, {"avx2"})
    assert best[0] == "alderlake" and not any(v in best for v in ("skylakex", "icelake", "zen4"))


def test_an_old_processor_gets_a_portable_backend() -> None:
    assert usable_variants({"sse4_2", "avx"}, set()) == ["sandybridge", "sse42", "x64"]
    assert usable_variants(set(), set()) == ["x64"]
    assert usable_variants(HASWELL, set())[0] == "piledriver"  # AVX2 listed but did not run in the probe


def test_the_probe_runs_only_what_this_machine_has() -> None:
    flags = cpu_runtime.cpu_flags()
    families = cpu_runtime.probe_families(flags)
    assert ("avx2" in families) <= ("avx2" in flags)
    assert ("avx512" in families) <= ("avx512f" in flags)
    assert ("amx" in families) <= ("amx_tile" in flags)


def test_a_variant_that_died_is_denied_on_the_same_machine_only(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpu_runtime, "cache_dir", lambda: tmp_path / "kesheng")
    assert cpu_runtime.denied_variants() == set()
    cpu_runtime.reset_proof("key")
    cpu_runtime.deny_variant("sapphirerapids", "killed by SIGILL")
    cpu_runtime.deny_variant("zen4", "SIGILL in the model worker")
    assert cpu_runtime.denied_variants() == {"sapphirerapids", "zen4"}
    monkeypatch.setattr(cpu_runtime, "machine_id", lambda: "another-machine")
    assert cpu_runtime.denied_variants() == set()  # a cache copied to another computer denies nothing there
    cpu_runtime.reset_proof("key")
    assert cpu_runtime.denied_variants() == set()


LOADED = r"""
import json, re
from workbench.llm import cpu_runtime
runtime = cpu_runtime.prepare()
flags = cpu_runtime.cpu_flags()
maps = open("/proc/self/maps").read()
libs = sorted(set(re.findall(r"(/\S*libggml-cpu\S*\.so)", maps)))
print(json.dumps({"variant": runtime.variant, "dispatch": runtime.dispatch, "libs": libs,
                  "families": sorted(cpu_runtime.probe_families(flags))}))
"""

AMX = re.compile(r"\b(tilezero|tileloadd|tileloaddt1|tilestored|ldtilecfg|tdpbssd|tdpbusd|tdpbf16ps)\b")
ZMM = re.compile(r"%zmm\d+")


@pytest.mark.integration
def test_the_loaded_cpu_backend_holds_no_instruction_this_process_cannot_run() -> None:
    pytest.importorskip("llama_cpp")
    objdump = shutil.which("objdump")
    if objdump is None or not sys.platform.startswith("linux"):
        pytest.skip("objdump and /proc are needed")
    done = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout.strip().splitlines()[-1])
    assert info["dispatch"], "llama-cpp-python was not built with runtime dispatch (see scripts/llama_runtime.py)"
    assert len(info["libs"]) == 1 and info["libs"][0].endswith(f"libggml-cpu-{info['variant']}.so")
    code = subprocess.run([objdump, "-d", "--no-show-raw-insn", info["libs"][0]], capture_output=True, text=True,
                          timeout=300).stdout
    assert code, "objdump read nothing"
    if AMX.search(code):
        assert "amx" in info["families"], "AMX instructions loaded, but this process may not use the tiles"
    if ZMM.search(code):
        assert "avx512" in info["families"], "AVX-512 instructions loaded, but they do not run here"
