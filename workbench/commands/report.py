"""`report` command: the client-ready report in Excel, PDF or Word (CLI.md)."""

from __future__ import annotations

import argparse
from datetime import date

from workbench.errors import UsageError
from workbench.progress import TerminalProgress
from workbench.project import Project
from workbench.reports.build import write_report
from workbench.reports.model import ReportSpec


def _day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{flag} takes a date such as 2026-03-01 (got {value!r})") from exc


def run(args: argparse.Namespace) -> int:
    spec = ReportSpec(template=args.template, lang=args.lang, client=args.client, title=args.title,
                      narrative=args.narrative, date_from=_day(args.date_from, "--from"),
                      date_to=_day(args.date_to, "--to"))
    if (args.model or args.server) and args.narrative != "llm":
        raise UsageError("--model and --server choose who writes the narrative: add --narrative llm")
    with Project.open(args.project, create=False) as project:
        bar = TerminalProgress()
        backend = None
        if args.narrative == "llm":
            from workbench.llm.factory import open_backend

            backend = open_backend(args.model, args.server)
        try:
            result = write_report(project, spec, args.format, args.out, progress=bar, backend=backend)
        finally:
            if backend is not None:
                backend.close()
    c = result.content
    print(f"wrote {result.path} ({c.records:,} records, {len(c.issues)} issues in depth, "
          f"{c.period[0]} – {c.period[1]})" if c.period else f"wrote {result.path}")
    if c.period and c.previous and (c.grain or c.partial):
        kind = f"the latest {'partial ' if c.partial else 'complete '}{c.grain or 'period'}"
        print(f"period: {kind}, compared with {c.previous[0]} – {c.previous[1]} (choose others with --from/--to)")
    return 0
