"""`demo` command: build the demo project end to end and print a short summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.paths import DEMO_DIR

DEFAULT_PROJECT = DEMO_DIR / "demo.kesheng"


def run(args: argparse.Namespace) -> int:
    from workbench.demo.build import DemoSummary, build_demo_project, is_demo_project
    from workbench.progress import CancelToken, TerminalProgress

    target = Path(args.project) if args.project else DEFAULT_PROJECT
    if target.is_file() and is_demo_project(target) and not args.force:
        print(f"the demo project already exists at {target}; use --force to rebuild it")
        _print_existing(target)
        return 0
    bar = TerminalProgress()
    summary: DemoSummary = build_demo_project(target, bar, CancelToken(), model=args.model,
                                              llm_budget=args.llm_budget)
    print("\n".join(summary.lines()))
    return 0


def _print_existing(target: Path) -> None:
    from workbench.project import Project

    with Project.open(target, create=False) as project:
        stats = project.stats()
    per = ", ".join(f"{k} {v:,}" for k, v in sorted(stats.channels.items()))
    print(f"records: {stats.records:,} ({per}); conversations: {stats.conversations:,}; "
          f"tagged: {stats.tagged:,}")
