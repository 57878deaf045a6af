"""`watch` command: import, tag and alert on new feedback as it arrives (a folder or a database table)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from workbench.alerts.delivery import Delivery, OutboxDelivery, SmtpDelivery
from workbench.alerts.evaluate import configured_delivery
from workbench.commands.import_ import parse_maps
from workbench.errors import UsageError
from workbench.ingest.options import ImportOptions
from workbench.monitor.folder import FolderSource
from workbench.monitor.state import CycleReport
from workbench.monitor.table import TableSource
from workbench.monitor.tagger import budget_tagger
from workbench.monitor.watch import Source, Watch, run_loop
from workbench.project import Project


def _check(args: argparse.Namespace) -> None:
    if args.interval <= 0 or args.settle < 0:
        raise UsageError("--interval must be above 0 seconds and --settle 0 or more")
    if args.llm_budget < 0:
        raise UsageError(f"--llm-budget must be 0 or more, not {args.llm_budget}")
    if args.folder and (args.table or args.query):
        raise UsageError("--table/--query go with --source, not --folder")
    if args.source and not (args.table or args.query):
        raise UsageError("--source needs --table T or --query SQL")
    if args.smtp and args.outbox:
        raise UsageError("choose one of --smtp HOST:PORT or --outbox DIR")
    if args.smtp and not args.mail_to:
        raise UsageError("--smtp needs --mail-to ADDR")


def _delivery(project: Project, args: argparse.Namespace) -> Delivery | None:
    if args.smtp:
        return SmtpDelivery.parse(args.smtp, args.mail_to)
    if args.outbox:
        return OutboxDelivery(Path(args.outbox), to=args.mail_to or "analyst@localhost")
    return configured_delivery(project)


def _source(args: argparse.Namespace) -> Source:
    options = ImportOptions(mapping=parse_maps(args.map), channel=args.channel)
    if args.folder:
        folder = Path(args.folder).expanduser()
        if not folder.is_dir():
            raise UsageError(f"--folder {folder}: no such folder")
        return FolderSource(folder, options, settle=args.settle)
    return TableSource(args.source, args.table, args.query, args.mark, options)


def _print(report: CycleReport) -> None:
    print(report.line(), flush=True)


def run(args: argparse.Namespace) -> int:
    _check(args)
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        print("stopping after the current step…", file=sys.stderr, flush=True)
        stop.set()

    with Project.open(args.project) as project:
        watch = Watch(project, _source(args), _delivery(project, args), budget_tagger(args.llm_budget, args.model),
                      interval=args.interval, stop=stop)
        print(f"watching {watch.source.description} every {args.interval:g}s; Ctrl-C stops", file=sys.stderr,
              flush=True)
        previous = [signal.signal(s, _on_signal) for s in (signal.SIGINT, signal.SIGTERM)]
        try:
            run_loop(watch, once=args.once, on_cycle=_print)
        finally:
            for s, handler in zip((signal.SIGINT, signal.SIGTERM), previous, strict=True):
                signal.signal(s, handler)
    return 0
