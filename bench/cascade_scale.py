"""The cascade's throughput and memory at 100,000 and 1,000,000 records (issue 5).

Records: the online-shopping reviews of ../shared/data (62,774, ten product lines, binary sentiment),
repeated with variations to reach N: a repeat joins a review with one clause of another review of the
same product line and label, so every text is distinct (the import de-duplicates) and the gold label
still holds. The records are imported through the product's own CSV import (timed apart), the
e-commerce template is the taxonomy, then ``tag_project`` runs the cascade with an LLM budget
(bootstrap + uncertain records). Reported: wall-clock seconds of the tagging run (the target: 100k
≤ 15 min, 1M ≤ 45 min, LLM included), the LLM's share of records (≤ 2 %), the process's peak RSS
(≤ 4 GB; it covers the import too), the phases, sentiment accuracy against the gold labels, and the
baseline: the LLM alone for the same records, extrapolated from its measured seconds per record in
the same run.

Usage: python bench/cascade_scale.py [--n 100000] [--budget 2000] [--minutes 8] [--model fast] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from workbench.ingest.pipeline import ImportOptions, import_files
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.templates import apply_template

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "zh_online_shopping_10_cats.csv"
CLAUSE = re.compile(r"[^，,。！？!?；;\s]{4,}")
TARGETS = {100_000: 15 * 60, 1_000_000: 45 * 60}


def build_rows(n: int, seed: int = 5) -> list[tuple[str, str, str]]:
    """``n`` (id, text, label) rows: the originals first, then variations of them."""
    with DATA.open(encoding="utf-8") as fh:
        base = [(r["review"].strip(), r["label"], r["cat"]) for r in csv.DictReader(fh) if r["review"].strip()]
    clauses: dict[tuple[str, str], list[str]] = defaultdict(list)
    for text, label, cat in base:
        clauses[(cat, label)].extend(CLAUSE.findall(text))
    rng = random.Random(seed)
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    i = 0
    while len(rows) < n:
        text, label, cat = base[i % len(base)]
        if i >= len(base):
            pool = clauses[(cat, label)] or ["还行"]
            text = f"{text}，{rng.choice(pool)}" if rng.random() < 0.5 else f"{rng.choice(pool)}，{text}"
        i += 1
        if text in seen:
            continue
        seen.add(text)
        rows.append((f"r{len(rows)}", text, label))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--budget", type=int, default=2000, help="LLM records (bootstrap + uncertain); 2%% of 100k")
    parser.add_argument("--minutes", type=float, default=8.0, help="LLM minutes (the first limit reached stops it)")
    parser.add_argument("--model", default="fast")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", default=None, help="build the project in this folder and keep it")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="kesheng-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = build_rows(args.n)
    data = folder / "shopping.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerows((rid, text) for rid, text, _ in rows)
    out: dict[str, Any] = {"bench": "cascade_scale", "records": len(rows), "model": args.model,
                           "llm_budget": args.budget, "llm_minutes": args.minutes}
    with Project.open(folder / "scale.kesheng") as project:
        t = time.monotonic()
        import_files(project, [str(data)], ImportOptions(mapping={"text": "text", "id": "id"}, channel="review"))
        out["import_s"] = round(time.monotonic() - t, 1)
        apply_template(project, "e_commerce_retail")
        t = time.monotonic()
        result = tag_project(project, TagOptions(llm_budget=args.budget, llm_minutes=args.minutes, model=args.model,
                                                     threads=args.threads))
        seconds = time.monotonic() - t
        llm_s = (result.phases.get("llm_s", 0.0) / max(result.by_method.get("llm", 0), 1)
                 if result.by_method.get("llm") else None)
        with project.read() as conn:
            r, a = schema.records, schema.assessments
            got = dict(conn.execute(select(r.c.external_id, a.c.sentiment).join(a, a.c.record_id == r.c.id)).all())
    gold = {rid: ("positive" if label == "1" else "negative") for rid, _, label in rows}
    correct = sum(got.get(rid) == s for rid, s in gold.items())
    target = TARGETS.get(args.n)
    out.update({
        "tag_seconds": round(seconds, 1), "records_per_s": round(len(rows) / seconds, 1),
        "target_s": target, "meets_time": (seconds <= target) if target else None,
        "by_method": result.by_method, "llm_share": round(result.by_method.get("llm", 0) / len(rows), 5),
        "phases": {k: round(v, 1) for k, v in result.phases.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "sentiment_accuracy": round(correct / len(rows), 4),
        "llm_s_per_record": round(llm_s, 2) if llm_s else None,
        "baseline_llm_only_s_extrapolated": round(llm_s * len(rows)) if llm_s else None,
        "speedup_vs_llm_only": round(llm_s * len(rows) / seconds, 1) if llm_s else None,
    })
    out["meets_memory"] = out["peak_rss_mb"] <= 4096
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
