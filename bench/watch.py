"""Benchmark: the watch's cycle latency and the cost of an idle cycle.

- latency: a CSV of 1,000 new records (one naming 315) dropped into the watched folder → one cycle
  (import, rules + student tagging, alert rules, outbox delivery) → the alert's file in the outbox.
  Baseline in the same run: a plain import of the same file into an identical project (import_files).
- idle: one cycle with nothing new on a project of --records records (default 100,000; 1M takes long to
  build here: pass --records 1000000). Baseline in the same run: project.stats(), the counts a naive
  "anything new?" check would run.

Prints one JSON object. Usage: python bench/watch.py [--records N] [--idle-cycles N]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.alerts.delivery import OutboxDelivery
from workbench.alerts.rules import add_rule
from workbench.ingest.pipeline import ImportOptions, import_files
from workbench.monitor.folder import FolderSource
from workbench.monitor.state import EVALUATED_UPTO, TAGGED_UPTO, max_record_id
from workbench.monitor.tagger import budget_tagger
from workbench.monitor.watch import Watch
from workbench.project import Project
from workbench.taxonomy.templates import apply_template

PHRASES = ("快递太慢了", "包装破了", "客服态度差", "质量很好", "价格有点贵", "退款很慢", "尺码偏小", "颜色和图片不一样")


def write_csv(path: Path, n: int, label: str, sensitive: int = 1) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(("编号", "时间", "内容"))
        for i in range(n):
            text = ("我要去315投诉，" if i < sensitive else "") + PHRASES[i % len(PHRASES)] + f"，订单 {label}-{i}"
            out.writerow((f"{label}-{i}", f"2026-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}", text))
    return path


def new_project(path: Path) -> Project:
    project = Project.open(path)
    apply_template(project, "e_commerce_retail")
    add_rule(project, "315", "words", {"regex": "315|曝光", "exclude": None, "channel": None})
    return project


def latency(tmp: Path) -> dict[str, float | int]:
    drop, outbox = tmp / "drop", tmp / "outbox"
    drop.mkdir()
    export = write_csv(tmp / "export.csv", 1000, "lat")
    with new_project(tmp / "baseline.kesheng") as project:
        t = time.perf_counter()
        import_files(project, [str(export)], ImportOptions())
        baseline = time.perf_counter() - t
    with new_project(tmp / "watched.kesheng") as project:
        watch = Watch(project, FolderSource(drop, ImportOptions(), settle=0.0), OutboxDelivery(outbox),
                      budget_tagger(0), interval=60)
        watch.cycle()  # the first look of an empty folder (warms imports, as a running watch is)
        t = time.perf_counter()
        (drop / "export.csv").write_bytes(export.read_bytes())
        report = watch.cycle()
        seconds = time.perf_counter() - t
        alerts = len(list(outbox.glob("*.eml")))
    return {"records": 1000, "imported": report.imported, "tagged": report.tagged, "alerts_delivered": alerts,
            "drop_to_alert_s": round(seconds, 3), "baseline_plain_import_s": round(baseline, 3)}


def idle(tmp: Path, records: int, cycles: int) -> dict[str, float | int]:
    drop = tmp / "idle-drop"
    drop.mkdir()
    with new_project(tmp / "big.kesheng") as project:
        t = time.perf_counter()
        import_files(project, [str(write_csv(tmp / "big.csv", records, "big", sensitive=0))], ImportOptions())
        build = time.perf_counter() - t
        top = max_record_id(project)
        project.set_setting(TAGGED_UPTO, top)  # as after the cycle that brought them in: nothing is new now
        project.set_setting(EVALUATED_UPTO, top)
        watch = Watch(project, FolderSource(drop, ImportOptions(), settle=0.0), OutboxDelivery(tmp / "o"),
                      budget_tagger(0), interval=60)
        idle_s, stats_s = [], []
        for _ in range(cycles):
            t = time.perf_counter()
            watch.cycle()
            idle_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            project.stats()
            stats_s.append(time.perf_counter() - t)
    return {"records": records, "build_s": round(build, 1), "cycles": cycles,
            "idle_cycle_ms_median": round(statistics.median(idle_s) * 1000, 2),
            "baseline_stats_ms_median": round(statistics.median(stats_s) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000, help="size of the idle project (1M: slow to build)")
    parser.add_argument("--idle-cycles", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = {"bench": "watch", "latency": latency(Path(tmp)),
               "idle": idle(Path(tmp), args.records, args.idle_cycles)}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
