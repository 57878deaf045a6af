"""`top` command: TOP lists (frequent, rising, negative, new) with the statistic behind each rank."""

from __future__ import annotations

import argparse
import json

from workbench.analysis.periods import parse_date
from workbench.analysis.precision import Precision
from workbench.errors import UsageError
from workbench.project import Project
from workbench.queries.analysis_rows import TopResult, top_list
from workbench.tagging.accuracy import Accuracy, accuracy

_BASIS = {"count": "count", "count_new": "count (new)", "wilson_lower_negative_share": "neg. share ≥ (95%)",
          "z_rate_test": "z (rate test)"}


def run(args: argparse.Namespace) -> int:
    try:
        at = parse_date(args.at) if args.at else None
    except ValueError as exc:
        raise UsageError(f"--at takes a date such as 2024-03-01 (got {args.at!r})") from exc
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    with Project.open(args.project, create=False) as project:
        result = top_list(project, args.by, level=args.level, grain=args.period, at=at, limit=args.limit)
        sure = accuracy(project)
    if args.json:
        doc = result.as_json()
        for item, row in zip(result.items, doc["items"], strict=True):  # type: ignore[call-overload]
            found = sure.nodes.get(item.node)
            row["precision"] = found.as_json() if found else None
        print(json.dumps(doc, ensure_ascii=False))
    else:
        _print_table(result, args.by, sure)
    return 0


def _precision(found: Precision | None) -> str:
    return found.text() if found else "—"


def _print_table(result: TopResult, by: str, sure: Accuracy) -> None:
    p, q = result.period, result.previous
    print(f"TOP {by}: {p.start} – {p.last_day} (vs {q.start} – {q.last_day})")
    if result.partial:
        print(f"  partial {result.grain}: the data ends on {p.last_day}, so these {p.days} days are compared "
              f"with the same {q.days} days before them")
    if not result.items:
        print("  (nothing to rank in this period)")
        return
    print(f"{'#':>3}  {'count':>7} {'prev':>7} {'Δ%':>7} {'share':>6} {'neg.share':>9} {'score':>8} "
          f"{'precision':>16}  node")
    for i, item in enumerate(result.items, 1):
        delta = f"{100 * (item.count - item.previous) / item.previous:+.0f}%" if item.previous else "new"
        print(f"{i:>3}  {item.count:>7} {item.previous:>7} {delta:>7} {item.share:>6.1%} "
              f"{item.negative_share:>9.0%} {item.score:>8.2f} {_precision(sure.nodes.get(item.node)):>16}  "
              f"{item.node}")
    print(f"score: {_BASIS.get(result.items[0].basis, result.items[0].basis)}; neg.share: the share of the "
          "node's records negative about it")
    print("precision: the share of the node's machine tags an analyst would keep, 95% interval; from audited "
          "labels, or ≈ an estimate from the tags' calibrated confidence")
    warning = sure.warning("en")
    if warning:
        print(f"warning: {warning}")
