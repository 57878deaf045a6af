"""`agreement` command: Cohen's κ analyst vs machine and analyst vs analyst per node, Krippendorff's α."""

from __future__ import annotations

import argparse
import json

from workbench.project import Project
from workbench.tagging.agreement import Agreement, agreement, disagreements


def _fmt(value: float | None) -> str:
    return "  –  " if value is None else f"{value:5.2f}"


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        if args.disagreements:
            ids = disagreements(project, args.disagreements.strip("/"), args.pairs)
            if args.json:
                print(json.dumps({"node": args.disagreements, "pairs": args.pairs, "records": ids}, ensure_ascii=False))
            else:
                print(f"{len(ids):,} records where {args.pairs} disagree on {args.disagreements}: "
                      + ", ".join(str(i) for i in ids[:200]) + (" …" if len(ids) > 200 else ""))
            return 0
        result = agreement(project)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        _print_table(result)
    return 0


def _print_table(result: Agreement) -> None:
    if not result.n:
        print("no analyst labels yet: label records (`main.py label`) to measure agreement")
        return
    print(f"analyst vs machine: κ {_fmt(result.kappa)} on {result.n:,} labelled records")
    if result.analyst_n:
        print(f"analyst vs analyst: κ {_fmt(result.analyst_kappa)}, Krippendorff's α {_fmt(result.analyst_alpha)} "
              f"on {result.analyst_n:,} records two analysts labelled")
    print(f"{'pairs':<16} {'κ':>5} {'agree':>6} {'differ':>6} {'n':>6}  node")
    for q in result.per_node:
        print(f"{q.pairs:<16} {_fmt(q.kappa)} {q.agreement:6.0%} {q.disagreements:6,} {q.n:6,}  {q.node}")
