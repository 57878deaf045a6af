"""`review` command: write the records an analyst should check next, with their current tags."""

from __future__ import annotations

import argparse

from workbench.project import Project
from workbench.tagging.review_queue import next_for_review, write_review_file


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        items = next_for_review(project, args.next)
    path = write_review_file(items, args.out)
    print(f"wrote {len(items)} records to review to {path}; edit tags/sentiment and load it with `main.py label`")
    return 0
