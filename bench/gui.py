"""GUI responsiveness on a large synthetic project (offscreen): prints one JSON object.

Measures, on N records (default 200,000; ``--n 1000000`` for the issue's target):
- ``window_shown_s``: QApplication + main window + project open until the window is painted (usable);
- ``start_s``: the same until every panel (tree counts, TOP list, trend, table) has its first data;
- ``select_node_ms``: selecting a tree node until table, trend and detail are updated (median of 4 nodes);
- ``select_node_negative_ms``: the same with the filter bar's sentiment set to negative;
- ``select_node_search_ms``: the same with a search for a few records in the search box;
- ``gui_stall_max_ms``: the longest gap of a 10 ms GUI-thread heartbeat while that selection's queries run;
- ``row_jump_ms``: showing a row far down the table (lazy block fetch by primary key), median and max.
Baseline in the same run: ``eager_ids_ms``, loading every id of the selection in sort order up front,
which is what a non-lazy table model would do before it could show anything.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NODES = [("a", None, "物流", 1), ("a1", "a", "物流/配送时效", 2), ("a2", "a", "物流/包装破损", 2),
         ("b", None, "售后", 1), ("b1", "b", "售后/退款流程", 2), ("c", None, "产品质量", 1),
         ("c1", "c", "产品质量/电池", 2)]
LEAVES = ["a1", "a2", "b1", "c1"]


def build(path: Path, n: int) -> None:
    from workbench.project import Project
    from workbench.store import schema

    rng = random.Random(1)
    start = datetime(2025, 1, 1)
    with Project.open(path) as project, project.write() as conn:
        conn.execute(schema.sources.insert().values(id=1, kind="csv", path="synthetic.csv", mapping={},
                                                    imported_at=start, counts={}))
        conn.execute(schema.taxonomy_versions.insert().values(id=1, created_at=start, is_current=True))
        conn.execute(schema.taxonomy_nodes.insert(), [
            {"version_id": 1, "key": k, "parent_key": p, "path": path_, "name": path_.rsplit("/", 1)[-1],
             "level": lvl} for k, p, path_, lvl in NODES])
        for lo in range(1, n + 1, 50_000):
            ids = range(lo, min(lo + 50_000, n + 1))
            conn.execute(schema.records.insert(), [
                {"id": i, "source_id": 1, "source_row": i, "channel": ("chat", "review", "ticket")[i % 3],
                 "created_at": start + timedelta(minutes=rng.randrange(180 * 24 * 60)),
                 "text": f"客户反馈第{i}条：快递太慢，退款流程复杂", "content_hash": f"{i:040d}"} for i in ids])
            conn.execute(schema.tags.insert(), [
                {"record_id": i, "node_key": LEAVES[i % 4], "path": "x", "sentiment": "negative" if i % 3 else
                 "neutral", "method": "rule", "confidence": 0.9} for i in ids])
            conn.execute(schema.assessments.insert(), [
                {"record_id": i, "sentiment": "negative" if i % 3 else "neutral", "method": "rule"} for i in ids])


def measure(path: Path) -> dict[str, float]:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    t0 = time.perf_counter()
    app = QApplication.instance() or QApplication([])
    from ui.windows.main_window import MainWindow
    from workbench.project import Project
    from workbench.queries import records
    from workbench.types import RecordFilter

    window = MainWindow(QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat))
    window.set_project(Project.open(path))
    window.show()
    app.processEvents()
    shown_s = time.perf_counter() - t0
    window.wait_idle(600)
    start_s = time.perf_counter() - t0

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    def select_each() -> list[float]:
        times = []
        for key in ("a", "c1", "b", None):
            t = time.perf_counter()
            window.tree.select_key(key)
            window.wait_idle(600)
            times.append(time.perf_counter() - t)
        return times

    timer = QTimer()
    timer.timeout.connect(beat)
    timer.start(10)
    selects = select_each()
    timer.stop()

    model = window.table.model
    jumps = []
    for row in random.Random(2).sample(range(model.rowCount()), min(20, model.rowCount())):
        t = time.perf_counter()
        model.data(model.index(row, 0))
        jumps.append(time.perf_counter() - t)
    t = time.perf_counter()
    records.page_ids(window.project, RecordFilter(), "created_at", True, 0, 10**9)  # type: ignore[arg-type]
    eager = time.perf_counter() - t
    window.filters.apply_state({"sentiment": "negative"})  # the filter bar's 负面 (a saved view's way in)
    window.wait_idle(600)
    negative = select_each()
    window.filters.apply_state({"search": "第12345"})  # the search box: a few records
    window.wait_idle(600)
    search = select_each()
    window.close()
    app.processEvents()
    return {"window_shown_s": round(shown_s, 3), "start_s": round(start_s, 3),
            "select_node_ms": round(1000 * statistics.median(selects), 1),
            "select_node_max_ms": round(1000 * max(selects), 1),
            "gui_stall_max_ms": round(1000 * max(gaps, default=0.0), 1),
            "row_jump_ms_median": round(1000 * statistics.median(jumps), 2),
            "row_jump_ms_max": round(1000 * max(jumps), 2), "eager_ids_ms": round(1000 * eager, 1),
            "select_node_negative_ms": round(1000 * statistics.median(negative), 1),
            "select_node_search_ms": round(1000 * statistics.median(search), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--project", type=Path, default=None,
                        help="keep the synthetic project in this file and reuse it when it exists (same --n)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.project or Path(tmp) / "bench.kesheng"
        t = time.perf_counter()
        if not path.exists():
            build(path, args.n)
        out = {"benchmark": "gui", "records": args.n, "build_s": round(time.perf_counter() - t, 1), **measure(path),
               "baseline": "eager_ids_ms: every id of the selection loaded up front (a non-lazy table model)"}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
