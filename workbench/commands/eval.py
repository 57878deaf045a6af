"""`eval` command: accuracy and F1 of the project's tags against gold labels (CLI.md JSON shape)."""

from __future__ import annotations

import argparse
import json
import unicodedata
from dataclasses import asdict

from workbench.project import Project
from workbench.tagging.evaluate import evaluate_project
from workbench.tagging.quality import node_quality


def run(args: argparse.Namespace) -> int:
    if args.quality:
        return _quality(args)
    with Project.open(args.project, create=False) as project:
        result = evaluate_project(project, args.gold)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    print(f"records: {result.n}   top-1 accuracy: {result.accuracy:.3f}   micro-F1: {result.micro_f1:.3f}   "
          f"macro-F1: {result.macro_f1:.3f}")
    print("by level: " + "  ".join(f"L{k} {v:.3f}" for k, v in result.level_accuracy.items()))
    if result.sentiment_accuracy is not None:
        print(f"sentiment accuracy: {result.sentiment_accuracy:.3f}   dissatisfaction agreement: "
              f"{result.dissatisfaction_accuracy:.3f}" if result.dissatisfaction_accuracy is not None else "")
    print(f"\n{'node':<40} {'precision':>9} {'recall':>7} {'support':>8}")
    for s in result.per_node[:30]:
        print(f"{s.node:<40} {s.precision:>9.3f} {s.recall:>7.3f} {s.support:>8}")
    if result.confusion:
        print("\nmost confused (gold → predicted):")
        for gold, pred, n in result.confusion:
            print(f"  {gold} → {pred}: {n}")
    return 0


def _quality(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        rows = node_quality(project)
    if args.json:
        print(json.dumps([asdict(q) for q in rows], ensure_ascii=False))
        return 0
    if not rows:
        print("no analyst labels yet: label records with `review` + `label` (or the Review panel) first")
        return 0
    width = max(40, *(_width(q.path) for q in rows))
    print(f"{_pad('node', width)} {'human':>6} {'machine':>8} {'precision':>9} {'recall':>7} {'agree':>6}  flag")
    for q in rows:
        precision = "-" if q.precision is None else f"{q.precision:.2f}"
        recall = "-" if q.recall is None else f"{q.recall:.2f}"
        print(f"{_pad(q.path, width)} {q.human:>6} {q.machine:>8} {precision:>9} {recall:>7} "
              f"{q.agreement:>6.2f}  {q.flag}")
    flagged = sum(bool(q.flag) for q in rows)
    print(f"\n{flagged} of {len(rows)} nodes need attention (on reviewed records, which lean hard)")
    return 0


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)
