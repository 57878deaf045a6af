"""`export` command: one row per record with its tags, to CSV or Excel (CLI.md)."""

from __future__ import annotations

import argparse

from workbench.exporting import export_records
from workbench.filters import parse_filters
from workbench.progress import TerminalProgress
from workbench.project import Project
from workbench.store.records import current_nodes


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        flt = parse_filters(args.filter, {n.path: n.key for n in current_nodes(project)})
        n = export_records(project, args.out, flt, TerminalProgress())
    print(f"wrote {n:,} records to {args.out}")
    return 0
