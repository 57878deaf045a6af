"""`backup` command: back a project file up now, list its backups, or restore one.

``backup PROJECT`` copies the project into ``PROJECT.backups/``; ``--list`` numbers the backups (1 = the
newest); ``--restore [N|FILE]`` puts backup N (default 1) or FILE back in place of the project, after
saving the current file as one more backup.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.errors import ProjectError, UsageError
from workbench.project import back_up, list_backups, project_file, restore


def run(args: argparse.Namespace) -> int:
    path = project_file(args.project)
    if path is None:
        raise ProjectError("a PostgreSQL project has no file backups: back it up with pg_dump (and pg_restore)")
    if args.restore is not None:
        return _restore(args.project, path, args.restore)
    if args.list:
        return _list(args.project, args.json)
    made = back_up(path)
    print(json.dumps({"backup": str(made)}) if args.json else f"backed up {path.name} to {made}")
    return 0


def _list(target: str, as_json: bool) -> int:
    found = list_backups(target)
    if as_json:
        print(json.dumps([{"n": i, "path": str(b.path), "created": b.created.isoformat(), "reason": b.reason,
                           "bytes": b.size} for i, b in enumerate(found, 1)], ensure_ascii=False))
        return 0
    if not found:
        print(f"no backups of {target} yet")
    for i, b in enumerate(found, 1):
        when = b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{i:>3}  {when}  {b.reason:<32} {b.size / 1e6:>9.1f} MB  {b.path.name}")
    return 0


def _restore(target: str, path: Path, choice: str) -> int:
    chosen = _choose(target, choice)
    saved, _changes = restore(path, chosen)
    print(f"restored {path.name} from {chosen.name}"
          + (f"; the replaced file is kept as {saved.name}" if saved else ""))
    return 0


def _choose(target: str, choice: str) -> Path:
    if not choice.isdigit():
        return Path(choice)
    found = list_backups(target)
    number = int(choice)
    if not found:
        raise ProjectError(f"{target} has no backups to restore")
    if not 1 <= number <= len(found):
        raise UsageError(f"backup: there are {len(found)} backups; give --restore N with N from 1 to {len(found)}")
    return found[number - 1].path
