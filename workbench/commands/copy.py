"""`copy SOURCE DESTINATION`: move a project between a SQLite file and a PostgreSQL database."""

from __future__ import annotations

import argparse
import json

from workbench.progress import TerminalProgress
from workbench.project import copy_project, display_target


def run(args: argparse.Namespace) -> int:
    result = copy_project(args.source, args.destination, TerminalProgress())
    if args.json:
        print(json.dumps({"source": display_target(args.source), "destination": display_target(args.destination),
                          "rows": result.rows, "total": result.total}, ensure_ascii=False))
        return 0
    print(f"copied {result.rows.get('records', 0):,} records ({result.total:,} rows in {len(result.rows)} tables) "
          f"from {display_target(args.source)} to {display_target(args.destination)}")
    return 0
