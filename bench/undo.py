"""Undo and redo of a big bulk label (issue 26): wall-clock of the undo and the redo against the bulk label
itself (the same-run baseline: undo restores exactly the rows the label replaced), the history entry's size,
and whether the restore was exact. A synthetic SQLite project of ``--records`` records, each with one rule tag
and an assessment; the bulk label takes every record a search finds (half of them). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from workbench.history import redo, undo
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.bulk_label import apply_bulk_label, plan_bulk_label
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.repository import save_version
from workbench.types import RecordFilter

NODES = [Node("a", None, "物流", "物流", 1), Node("a1", "a", "物流/配送时效", "配送时效", 2),
         Node("b", None, "产品", "产品", 1), Node("b1", "b", "产品/口味", "口味", 2)]


def build(path: Path, n: int) -> None:
    with Project.open(path) as project:
        version = save_version(project, Taxonomy(NODES), "bench")
        with project.write() as conn:
            source = conn.execute(schema.sources.insert().values(
                kind="csv", path="bench.csv", mapping={}, imported_at=datetime(2026, 1, 1), status="complete",
                counts={}, report={})).inserted_primary_key[0]
            rows = [dict(source_id=source, source_row=i + 2, channel="review",
                         text=("配送太慢了，等了很久" if i % 2 else "味道一般，分量还行") + f" #{i}",
                         created_at=datetime(2026, 1, 1 + i % 28),
                         content_hash=hashlib.sha1(str(i).encode()).hexdigest()) for i in range(n)]
            for start in range(0, n, 5000):
                conn.execute(schema.records.insert(), rows[start:start + 5000])
            ids = [int(i) for i in conn.execute(select(schema.records.c.id).order_by(schema.records.c.id)).scalars()]
            tags = [dict(record_id=rid, node_key="b1", path="产品/口味", taxonomy_version_id=version,
                         sentiment="neutral", method="rule", confidence=0.6) for rid in ids]
            assessments = [dict(record_id=rid, sentiment="neutral", method="rule") for rid in ids]
            for start in range(0, n, 5000):
                conn.execute(schema.tags.insert(), tags[start:start + 5000])
                conn.execute(schema.assessments.insert(), assessments[start:start + 5000])


def state(project: Project) -> str:
    h = hashlib.sha256()
    with project.read() as conn:
        for table in (schema.tags, schema.assessments):
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.kesheng"
        build(path, args.records)
        with Project.open(path) as project:
            before = state(project)
            plan = plan_bulk_label(project, RecordFilter(text="配送"), ("物流/配送时效",), "negative")
            t0 = time.perf_counter()
            apply_bulk_label(project, plan, "bench")
            label_s = time.perf_counter() - t0
            after = state(project)
            with project.read() as conn:
                size = conn.execute(select(func.length(schema.history.c.payload))).scalar() or 0
            t0 = time.perf_counter()
            undo(project)
            undo_s = time.perf_counter() - t0
            undone = state(project)
            t0 = time.perf_counter()
            redo(project)
            redo_s = time.perf_counter() - t0
            redone = state(project)
    out: dict[str, Any] = {
        "bench": "undo", "records": args.records, "labelled": plan.records,
        "baseline": {"bulk_label_s": round(label_s, 3)},
        "undo_s": round(undo_s, 3), "redo_s": round(redo_s, 3),
        "undo_vs_label": round(undo_s / label_s, 2) if label_s else None,
        "history_entry_bytes": int(size), "bytes_per_record": round(int(size) / max(plan.records, 1), 1),
        "undo_exact": undone == before, "redo_exact": redone == after,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
