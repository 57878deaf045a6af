"""`export` command: one row per record with its tags, or one row per turn (``--turns``), to CSV or Excel."""

from __future__ import annotations

import argparse

from workbench.export_turns import export_turns
from workbench.exporting import export_records
from workbench.filters import parse_filters
from workbench.progress import TerminalProgress
from workbench.project import Project
from workbench.store.records import current_nodes


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        flt = parse_filters(args.filter, {n.path: n.key for n in current_nodes(project)})
        if args.turns:
            n = export_turns(project, args.out, flt, TerminalProgress())
        else:
            n = export_records(project, args.out, flt, TerminalProgress())
    print(f"wrote {n:,} {'turns' if args.turns else 'records'} to {args.out}")
    return 0
