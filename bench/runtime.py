"""The price of portability and of running the model out of process (issue 21).

1. Tokens/s of prompt processing and of generation with the local model on each CPU backend asked for
   (``--variants``: ``auto`` is what the app loads on this machine; names force one, e.g. ``haswell``, the
   AVX2 level every x86-64 laptop of the last ten years has), each in a fresh process. Baseline in the same
   run: ``--native-lib DIR``, a llama-cpp-python ``lib`` folder built with ``-DGGML_NATIVE=ON`` for this very
   machine (``bench/runtime.py --build-native`` builds one into the user cache, about 15 minutes).
2. The model worker's overhead: the same grammar-constrained tagging requests through the worker process
   and through the in-process backend (the baseline), as a share of the in-process time.

Prints one JSON object. Usage: python main.py bench runtime [--model fast] [--n 24] [--variants auto,haswell]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.llm import cpu_runtime
from workbench.llm.factory import open_backend
from workbench.llm.registry import resolve_model
from workbench.nlp.candidates import CandidateFinder
from workbench.nlp.rules import RuleSet
from workbench.nlp.tokenize import Tokenizer
from workbench.tagging.llm_tagger import LlmTagger
from workbench.tagging.results import RecordInput
from workbench.taxonomy.model import Node, Taxonomy

ROOT = Path(__file__).resolve().parent.parent
SPEED = r"""
import json, sys, time
from workbench.llm import cpu_runtime
runtime = cpu_runtime.prepare()
from llama_cpp import Llama
model, threads = sys.argv[1], int(sys.argv[2])
llm = Llama(model_path=model, n_ctx=2048, n_threads=threads, n_threads_batch=threads, seed=0, verbose=False)
prompt = ("下面是一位顾客的评价，请逐句分析其中提到的问题。"
          + "外卖送得太慢了，等了一个多小时，饭菜都凉了，包装也破了，汤洒了一袋子。" * 12)
tokens = llm.tokenize(prompt.encode("utf-8"))
best_p = best_g = 0.0
for _ in range(1):
    llm.reset()
    t = time.perf_counter(); llm.eval(tokens); p = time.perf_counter() - t
    best_p = max(best_p, len(tokens) / p)
    t = time.perf_counter(); n = 0
    for token in llm.generate(tokens, temp=0.0, reset=False):
        n += 1
        if n >= 48:
            break
    g = time.perf_counter() - t
    best_g = max(best_g, n / g)
print(json.dumps({"variant": runtime.variant or "built-in", "prompt_tokens": len(tokens),
                  "prompt_tps": round(best_p, 1), "gen_tps": round(best_g, 2)}))
"""
TEXTS = ["送得太慢了，饭都凉了，不过味道还不错", "骑手态度很好，准时送达", "包装破了汤洒了一袋子，客服也不理人",
         "分量太少了，价格还贵", "味道一般，下次不点了", "商家出餐太慢，等了四十分钟", "优惠券用不了，客服说不清楚",
         "很好吃，量也足，好评"]
TOPICS = {"配送": "送餐速度、骑手、送错送漏", "口味": "好吃难吃、咸淡、新鲜", "分量": "量多量少",
          "价格": "贵、便宜、优惠", "包装": "包装、撒漏、餐具", "服务": "商家或客服态度"}


def speed(model: Path, threads: int, variant: str | None, lib: str | None) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(cpu_runtime.ENV_VARIANT, None)
    if variant and variant != "auto":
        env[cpu_runtime.ENV_VARIANT] = variant
    if lib:
        env["LLAMA_CPP_LIB_PATH"] = lib
    done = subprocess.run([sys.executable, "-c", SPEED, str(model), str(threads)], env=env, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return {"variant": variant, "error": f"exit {done.returncode}: {tail[:200]}"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def overhead(model: str, n: int, threads: int) -> dict[str, Any]:
    """Paired: each record is tagged by the in-process backend and then by the worker, alternately, so a
    machine whose load drifts during the run slows both sides alike."""
    taxonomy = Taxonomy([Node(f"t{i}", None, k, k, 1, description=v, sort=i)
                         for i, (k, v) in enumerate(TOPICS.items())])
    rules = RuleSet(taxonomy)
    records = [RecordInput(i, TEXTS[i % len(TEXTS)] + f"（第{i}单）") for i in range(n)]
    sides = {label: open_backend(model, threads=threads, in_process=label == "in_process")
             for label in ("in_process", "worker")}
    taggers = {label: LlmTagger(taxonomy, rules, CandidateFinder(taxonomy, rules, Tokenizer()), backend)
               for label, backend in sides.items()}
    seconds = dict.fromkeys(sides, 0.0)
    same = 0
    for tagger in taggers.values():
        tagger.tag(records[0])  # load and warm the shared prefix: not part of the per-call cost
    for record in records[1:]:
        answers = {}
        for label, tagger in taggers.items():
            started = time.perf_counter()
            answers[label] = tagger.tag(record)
            seconds[label] += time.perf_counter() - started
        same += [(t.path, t.sentiment) for t in answers["in_process"].tags] == \
            [(t.path, t.sentiment) for t in answers["worker"].tags]
    for backend in sides.values():
        backend.close()
    base = seconds["in_process"]
    share = (seconds["worker"] - base) / base if base else None
    return {"records": n - 1, "in_process_s": round(base, 2), "worker_s": round(seconds["worker"], 2),
            "same_tags": same, "overhead_share": round(share, 4) if share is not None else None,
            "target_share": 0.05, "met": share is not None and share <= 0.05}


NATIVE_FLAGS = ("-DGGML_NATIVE=ON -DLLAVA_BUILD=OFF "
                "-DCMAKE_C_FLAGS='-mno-amx-tile -mno-amx-int8 -mno-amx-bf16' "
                "-DCMAKE_CXX_FLAGS='-mno-amx-tile -mno-amx-int8 -mno-amx-bf16'")


def build_native(flags: str) -> str:
    """A native build's lib folder for the baseline (cached in the user cache under a hash of ``flags``).

    The default flags are -march=native without AMX: on a machine whose kernel refuses the AMX tiles a
    plain native build dies with SIGILL at its first matrix product (issue 21), which measures nothing."""
    import hashlib

    target = cpu_runtime.cache_dir() / f"native-bench-{hashlib.sha256(flags.encode()).hexdigest()[:10]}"
    lib = target / "llama_cpp" / "lib"
    if lib.exists():
        return str(lib)
    wheels = Path(tempfile.mkdtemp())
    env = {**os.environ, "CMAKE_ARGS": flags}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "llama-cpp-python==0.3.36", "-w", str(wheels)],
                   env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target),
                    *map(str, wheels.glob("*.whl"))], check=True, capture_output=True)
    return str(lib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="fast")
    parser.add_argument("--n", type=int, default=24, help="tagging requests for the overhead measurement")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--variants", default="auto,haswell,sse42")
    parser.add_argument("--native-lib", help="lib folder of a -DGGML_NATIVE=ON build (the baseline)")
    parser.add_argument("--build-native", action="store_true", help="build that baseline first (cached)")
    parser.add_argument("--native-flags", default=NATIVE_FLAGS, help="CMAKE_ARGS of the native baseline")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the speed runs")
    parser.add_argument("--skip-overhead", action="store_true")
    args = parser.parse_args()
    spec = resolve_model(args.model)
    native_lib = build_native(args.native_flags) if args.build_native else args.native_lib
    configs: list[tuple[str | None, str | None]] = [(None, native_lib)] if native_lib else []
    configs += [(v, None) for v in args.variants.split(",") if v]
    best: dict[int, dict[str, Any]] = {}
    for _ in range(args.rounds):  # interleaved rounds, best of each: load drifting over minutes hits all alike
        for i, (variant, lib) in enumerate(configs):
            row = speed(spec.path, args.threads, variant, lib)
            if i not in best or row.get("prompt_tps", 0) > best[i].get("prompt_tps", 0):
                best[i] = {**row, "gen_tps": max(row.get("gen_tps", 0), best.get(i, {}).get("gen_tps", 0))} \
                    if "prompt_tps" in row else best.get(i, row)
    rows = [best[i] for i in range(len(configs))]
    native = rows.pop(0) if native_lib else None
    variants = rows
    if native and "prompt_tps" in native:
        for row in variants:
            if "prompt_tps" in row:
                row["prompt_vs_native"] = round(row["prompt_tps"] / native["prompt_tps"], 3)
                row["gen_vs_native"] = round(row["gen_tps"] / native["gen_tps"], 3)
    flags = cpu_runtime.cpu_flags()
    result: dict[str, Any] = {
        "bench": "runtime", "model": args.model, "threads": args.threads, "cpu": platform.processor() or None,
        "cpu_families_that_ran": sorted(cpu_runtime.probe_families(flags)),
        "baseline": {"name": "native build on this machine", "cmake_args": args.native_flags
                     if args.build_native else None, **native} if native else
        {"name": "native build", "note": "not measured: pass --native-lib DIR or --build-native"},
        "portable": variants,
        "worker_overhead": None if args.skip_overhead else overhead(args.model, args.n, args.threads),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
