"""Benchmark: service analytics throughput (conversations/s) on the demo chat export.

Baseline in the same run: merely reading the conversations from the store (the I/O floor).
Prints one JSON object. Usage: python bench/service.py [--copies N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.demo.generate import generate_demo
from workbench.ingest.pipeline import ImportOptions, import_files
from workbench.paths import cache_dir
from workbench.project import Project
from workbench.queries.conversations import iter_conversations
from workbench.service.run import analyze_service


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=3, help="demo chat exports generated with N different seeds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.open(Path(tmp) / "bench.kesheng")
        for i in range(args.copies):
            demo = cache_dir() / "bench" / f"demo_seed{i}"
            if not (demo / "soundjoy_chats.xlsx").exists():
                generate_demo(demo, seed=1000 + i)
            import_files(project, [str(demo / "soundjoy_chats.xlsx")], ImportOptions(channel="chat"))
        t = time.perf_counter()
        n_read = sum(1 for _ in iter_conversations(project))
        read_s = time.perf_counter() - t
        t = time.perf_counter()
        result = analyze_service(project, by="agent")
        full_s = time.perf_counter() - t
        project.close()
    n = len(result.reports)
    print(json.dumps({
        "bench": "service", "conversations": n, "messages_per_conversation": round(
            sum(len(r.conversation.turns) for r in result.reports) / max(n, 1), 1),
        "full_analysis_s": round(full_s, 3), "conversations_per_s": round(n / full_s, 1),
        "baseline": {"name": "read conversations only", "seconds": round(read_s, 3),
                     "conversations_per_s": round(n_read / read_s, 1)},
        "analysis_overhead_x": round(full_s / read_s, 2), "agents": len(result.rows),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
