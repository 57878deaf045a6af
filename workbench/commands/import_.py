"""`import` command: Excel / CSV / JSON(L) / SQLite files or a database URL into a project."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.errors import UsageError
from workbench.ingest.report_text import report_lines
from workbench.progress import CancelToken, TerminalProgress
from workbench.project import Project, import_sources


def parse_maps(items: list[str]) -> dict[str, str]:
    """``FIELD=COLUMN`` items → mapping (an empty COLUMN unmaps the field).

    Raises:
        UsageError: an item has no ``=``.
    """
    mapping: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UsageError(f"--map {item!r}: expected FIELD=COLUMN, e.g. --map text=评论内容")
        field, column = item.split("=", 1)
        mapping[field.strip()] = column.strip()
    return mapping


def parse_roles(items: list[str]) -> dict[str, str]:
    """``LABEL=ROLE`` items → speaker roles (ROLE: customer, agent, bot or system).

    Raises:
        UsageError: an item has no ``=``, no label, or an unknown role.
    """
    from workbench.ingest.options import ROLE_NAMES

    roles: dict[str, str] = {}
    for item in items:
        label, sep, role = item.rpartition("=")
        label, role = label.strip(), role.strip().lower()
        if not sep or not label or role not in ROLE_NAMES:
            raise UsageError(f"--role {item!r}: expected LABEL=ROLE with ROLE one of {', '.join(ROLE_NAMES)}, "
                             "e.g. --role 小李=agent")
        roles[label] = role
    return roles


def run(args: argparse.Namespace) -> int:
    from workbench.ingest.options import ImportOptions

    options = ImportOptions(sheet=args.sheet, table=args.table, query=args.query, mapping=parse_maps(args.map),
                            channel=args.channel, clean=not args.no_clean, drop_noise=not args.keep_noise,
                            strict=getattr(args, "strict", False), roles=parse_roles(getattr(args, "role", [])))
    bar = TerminalProgress()
    target = Path(args.project).expanduser()
    new = "://" not in args.project and not target.exists()
    try:
        with Project.open(args.project) as project:
            reports, _changes = import_sources(project, args.files, options, progress=bar, cancel=CancelToken())
    except BaseException:
        if new:  # a failed import into a new project leaves no file behind
            for leftover in (target, *(target.with_name(target.name + s) for s in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
        raise
    if args.json:
        print(json.dumps({"sources": [r.to_dict() for r in reports]}, ensure_ascii=False, default=str))
        return 0
    for r in reports:
        where = f" [{r.sheet}]" if r.sheet else ""
        print(f"{r.path}{where}: read {r.read}, imported {r.imported}, duplicates {r.duplicates}, "
              f"near-duplicates {r.near_duplicates}, masked {r.masked}, rejected {r.rejected}"
              + (f", conversations {r.conversations} ({r.messages} messages)" if r.conversations else ""))
        print("  mapping: " + ", ".join(f"{k}={v}" for k, v in r.mapping.items()))
        for line in report_lines(r):
            print("  " + line)
        for problem in r.problems[:20]:
            print(f"  - {problem}")
        if len(r.problems) > 20:
            print(f"  … {len(r.problems) - 20} more problems (see --json)")
    return 0
