"""Tagging throughput through an OpenAI-compatible server with 1, 2, 4, 8 requests in flight (issue 11).

Baseline, measured in the same run on the same records, before and after the server runs (their
mean is the baseline; the two show any drift in machine load): the in-process llama-cpp backend (one
model, sequential, KV prefix reuse). Each measurement is a full ``tag_project`` run (LLM for every record,
results written to a fresh SQLite project), after one warm-up request. Without ``--server`` the
benchmark starts ``python -m llama_cpp.server`` on 127.0.0.1 with the same model, chat format, seed
and threads, and stops it at the end. Note: llama-cpp-python's server runs one request at a time
(a lock around its single model; no parallel slots), so extra concurrency there only hides network
and client latency; servers with batching (llama.cpp's ``llama-server --parallel N``, vLLM) are
where concurrency pays off. Also reports how often the server's judgement (sentiment + top node)
equals the in-process one. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from workbench.llm.factory import open_backend
from workbench.llm.registry import resolve_model
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.repository import save_version

LEAVES = {"配送时效": "送达太慢、超时、等待时间长", "口味": "饭菜的味道好坏、咸淡", "温度": "送到时饭菜凉了或不够热",
          "包装": "包装破损、汤汁洒漏", "客服态度": "客服或骑手的服务态度", "价格": "贵、便宜、优惠、分量"}
PARTS = (["送得太慢了", "等了一个小时", "准时送达", "骑手很快"], ["饭都凉了", "还是热的", "味道很好", "太咸了"],
         ["包装破了", "汤洒了", "包装很用心"], ["客服态度差", "客服很耐心", "价格有点贵", "分量足"])


def texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["，".join(rng.choice(p) for p in rng.sample(PARTS, rng.randint(1, 3))) for _ in range(n)]


def new_project(folder: Path, name: str, records: list[str]) -> Project:
    project = Project.open(folder / f"{name}.kesheng")
    save_version(project, Taxonomy([Node(f"k{i}", None, n, n, 1, description=d) for i, (n, d) in
                                    enumerate(LEAVES.items())]), "bench")
    source = dict(kind="csv", path="bench.csv", mapping={}, status="complete", counts={}, report={},
                  imported_at=datetime(2026, 1, 1))
    with project.write() as conn:
        key = conn.execute(insert(schema.sources).values(**source)).inserted_primary_key
        sid = int(key[0]) if key else 0
        conn.execute(insert(schema.records), [
            dict(source_id=sid, source_row=i + 2, channel="review", text=t,
                 content_hash=hashlib.sha1(f"{i}-{t}".encode()).hexdigest()) for i, t in enumerate(records)])
    return project


def judgements(project: Project) -> dict[int, tuple[str, str | None]]:
    a, t = schema.assessments, schema.tags
    with project.read() as conn:
        sentiment = dict(conn.execute(select(a.c.record_id, a.c.sentiment)).all())
        top: dict[int, str] = {}
        for rid, path in conn.execute(select(t.c.record_id, t.c.path).order_by(t.c.record_id, t.c.id)):
            top.setdefault(int(rid), str(path))
    return {int(r): (str(s), top.get(int(r))) for r, s in sentiment.items()}


def measure(folder: Path, name: str, records: list[str], options: TagOptions, opener: Any = None) -> dict[str, Any]:
    project = new_project(folder, name, records)
    kwargs = {"open_backend": opener} if opener else {}
    started = time.perf_counter()
    result = tag_project(project, options, **kwargs)
    seconds = time.perf_counter() - started
    out = {"seconds": round(seconds, 2), "records_per_s": round(result.tagged / seconds, 3),
           "llm_records": result.llm_records, "judgements": judgements(project)}
    project.close()
    return out


def start_server(model: str, threads: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    spec = resolve_model(model)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, "-m", "workbench.llm.serve", "--model", str(spec.path), "--host", "127.0.0.1", "--port",
           str(port), "--n_ctx", "4096", "--n_threads", str(threads), "--n_threads_batch", str(threads), "--seed", "0"]
    cmd += ["--chat_format", spec.chat_format] if spec.chat_format else []
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/v1/models", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit(f"llama_cpp.server did not start: {log.read_text(errors='replace')[-500:]}")


def warm_up(server: str) -> None:
    backend = open_backend(server=server, timeout=600)
    backend.complete_json("只回答JSON。", "你好", {"type": "object", "properties": {"a": {"type": "integer"}},
                                                 "required": ["a"]}, 8)


def agreement(a: dict[int, Any], b: dict[int, Any]) -> float:
    return round(float(sum(a[k] == b.get(k) for k in a)) / max(len(a), 1), 4)


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    records = texts(args.n, args.seed)
    local_backend = open_backend(args.model, threads=args.threads)
    getattr(local_backend, "load", lambda: None)()
    local = TagOptions(model=args.model, llm_budget=None)
    before = measure(folder, "in_process_before", records, local, opener=lambda options: local_backend)
    proc, url = (None, args.server) if args.server else start_server(args.model, args.threads, folder / "server.log")
    try:
        warm_up(url)
        got = {c: measure(folder, f"server_{c}", records, TagOptions(server=url, concurrency=c, llm_budget=None,
                                                                      server_timeout=1800)) for c in args.concurrency}
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
    after = measure(folder, "in_process_after", records, local, opener=lambda options: local_backend)
    local_backend.close()
    rate = (before["records_per_s"] + after["records_per_s"]) / 2  # before and after: drift in machine load shows
    runs = [{"concurrency": c, "seconds": g["seconds"], "records_per_s": g["records_per_s"],
             "speedup_vs_in_process": round(g["records_per_s"] / rate, 3),
             "agreement_with_in_process": agreement(g["judgements"], before["judgements"])} for c, g in got.items()]
    return {"bench": "scale", "model": args.model, "n": args.n, "threads": args.threads,
            "server": args.server or "llama_cpp.server started by the benchmark (requests serialised, 1 model)",
            "baseline_in_process": {"records_per_s": round(rate, 3), "before": _rate(before), "after": _rate(after)},
            "server_runs": runs}


def _rate(measured: dict[str, Any]) -> dict[str, Any]:
    return {"seconds": measured["seconds"], "records_per_s": measured["records_per_s"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="fast", help="registry name or GGUF path (default: fast)")
    parser.add_argument("--n", type=int, default=40, help="records per measurement")
    parser.add_argument("--server", metavar="URL", help="an existing OpenAI-compatible server (else one is started)")
    parser.add_argument("--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4, 8],
                        help="comma-separated requests in flight (default 1,2,4,8)")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads of both backends (default 2)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kesheng-scale-") as tmp:
        print(json.dumps(run(args, Path(tmp)), ensure_ascii=False))


if __name__ == "__main__":
    main()
