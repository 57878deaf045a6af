"""`impact PROJECT [--score rating|nps|csat] [--from D --to D] [--json]` (CLI.md)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbench.errors import InputError

if TYPE_CHECKING:  # the parser is built on every CLI call: the heavy modules load only when `impact` runs
    from workbench.analysis.impact import Impact
    from workbench.types import RecordFilter


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("impact", help="how much each issue moves the overall score, with a 95%% interval")
    p.add_argument("project")
    p.add_argument("--score", choices=["rating", "nps", "csat"], default="rating")
    p.add_argument("--from", dest="date_from", metavar="D")
    p.add_argument("--to", dest="date_to", metavar="D")
    p.add_argument("--json", action="store_true")


def _filter(args: argparse.Namespace) -> RecordFilter:
    from workbench.commands.report import _day
    from workbench.types import RecordFilter

    start, end = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    return RecordFilter(date_from=datetime.combine(start, datetime.min.time()) if start else None,
                        date_to=datetime.combine(end + timedelta(days=1), datetime.min.time()) if end else None)


def _collapse(items: list[Impact], paths: dict[str, str]) -> list[Impact]:
    """Drop a node whose records are all one descendant's (same count): App与固件 / App使用 / 配网失败 with
    39 each is one finding, listed once at its deepest node, as TOP lists do."""
    by_path = {paths.get(i.key, i.key): i for i in items}
    return [i for i in items
            if not any(p.startswith(paths.get(i.key, i.key) + "/") and o.count == i.count for p, o in by_path.items())]


def run(args: argparse.Namespace) -> int:
    from workbench.analysis.impact import impacts, per_record
    from workbench.project import Project
    from workbench.queries.analysis_rows import node_sets, nps_sets, scored_sets

    with Project.open(args.project, create=False) as project:
        flt = _filter(args)
        _rows, paths = node_sets(project, flt)
        # untagged records count in "the rest", as the tree and report do; NPS answers (0–10) live apart from
        # the 1–5 ratings
        scored = nps_sets(project, flt) if args.score == "nps" else scored_sets(project, flt)
    if len(scored) < 20:
        column = "an NPS column (0–10)" if args.score == "nps" else "a rating column"
        raise InputError(f"too few records with a score ({column}) to estimate impact; "
                         "import data with one and tag it first")
    values = per_record([r for r, _ in scored], args.score)
    items = _collapse(impacts(values, [k for _, k in scored]), paths)
    doc = {"score": args.score, "overall": round(float(values.mean()), 4),
           "items": [{"node": paths.get(i.key, i.key), "impact": round(i.impact, 4), "low": round(i.low, 4),
                      "high": round(i.high, 4), "count": i.count} for i in items]}
    if args.json:
        print(json.dumps(doc, ensure_ascii=False))
        return 0
    print(f"{args.score}: {doc['overall']:.2f} over {len(scored):,} scored records")
    for i in items[:20]:  # the unrounded figures (rounding the JSON's 4 places again would move the last digit)
        print(f"{i.impact:+8.3f}  [{i.low:+.3f} … {i.high:+.3f}]  n={i.count:,}  {paths.get(i.key, i.key)}")
    return 0
