"""`label` command: load analyst labels (record_id or external_id, tags, optional sentiment)."""

from __future__ import annotations

import argparse

from workbench.project import Project
from workbench.tagging.labels import load_labels


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        report = load_labels(project, args.file)
    print(f"labelled {report.labelled:,} records with {report.tags:,} tags")
    for problem in report.problems[:20]:
        print(f"  skipped {problem}")
    if len(report.problems) > 20:
        print(f"  … and {len(report.problems) - 20} more skipped rows")
    return 0
