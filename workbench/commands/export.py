"""`export` command: one row per record with its tags, or one row per turn (``--turns``), to CSV or Excel;
or the coded project as a REFI-QDA ``.qdpx`` (``--format qdpx``)."""

from __future__ import annotations

import argparse

from workbench.errors import UsageError
from workbench.export_turns import export_turns
from workbench.exporting import export_records
from workbench.filters import parse_filters
from workbench.progress import TerminalProgress
from workbench.project import Project
from workbench.queries.records import current_nodes


def run(args: argparse.Namespace) -> int:
    qdpx = args.format == "qdpx" or (args.format is None and args.out.lower().endswith(".qdpx"))
    if qdpx and args.turns:
        raise UsageError("export: --turns writes a table; a .qdpx holds the records (leave out --turns)")
    if args.format in ("csv", "xlsx") and not args.out.lower().endswith(f".{args.format}"):
        raise UsageError(f"export: --format {args.format} writes a .{args.format} file; name --out F.{args.format}")
    with Project.open(args.project, create=False) as project:
        flt = parse_filters(args.filter, {n.path: n.key for n in current_nodes(project)})
        if qdpx:
            from workbench.export_qdpx import export_qdpx

            done = export_qdpx(project, args.out, flt, TerminalProgress())
            print(f"wrote {done.sources:,} sources with {done.codings:,} coded segments by {done.users} coders "
                  f"to {args.out} (REFI-QDA)")
            return 0
        if args.turns:
            n = export_turns(project, args.out, flt, TerminalProgress())
        else:
            n = export_records(project, args.out, flt, TerminalProgress())
    print(f"wrote {n:,} {'turns' if args.turns else 'records'} to {args.out}")
    return 0
