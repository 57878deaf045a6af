"""`undo` and `redo` commands: step back or forward through the project's history of analyst actions."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is built on every CLI call: the store loads only when `undo`/`redo` runs
    from workbench.history import HistoryEntry


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("undo", help="undo the project's latest analyst action (a label, a bulk label, a theme, a "
                       "taxonomy edit, an alert rule, a saved view), or list them")
    p.add_argument("project")
    p.add_argument("--list", action="store_true", help="the history, newest first; undone ones can be redone")
    p.add_argument("--by", metavar="NAME", help="only NAME's actions (on a shared database: undo your own; one a "
                   "colleague's later action depends on is refused)")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("redo", help="redo the action the latest undo took back")
    p.add_argument("project")
    p.add_argument("--by", metavar="NAME", help="only NAME's actions")
    p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from workbench.history import entries, redo, undo
    from workbench.project import Project

    with Project.open(args.project, create=False) as project:
        if getattr(args, "list", False):
            return _list(entries(project), args.json)
        step = undo(project, by=args.by) if args.command == "undo" else redo(project, by=args.by)
    verb = "undid" if args.command == "undo" else "redid"
    if args.json:
        print(json.dumps({"action": args.command, "entry": _json(step.entry),
                          "records": len(step.changes.record_ids)}, ensure_ascii=False))
    else:
        print(f"{verb} #{step.entry.id}: {step.entry.kind} {step.entry.summary}")
    return 0


def _list(items: list[HistoryEntry], as_json: bool) -> int:
    if as_json:
        print(json.dumps([_json(e) for e in items], ensure_ascii=False))
        return 0
    if not items:
        print("no actions to undo yet")
    for e in items:
        mark = "undone" if e.undone else "done  "
        print(f"#{e.id:<5} {mark} {e.created_at:%Y-%m-%d %H:%M}  {e.by or '-':<12} {e.kind} {e.summary}")
    return 0


def _json(e: HistoryEntry) -> dict[str, object]:
    return {"id": e.id, "kind": e.kind, "summary": e.summary, "by": e.by, "undone": e.undone,
            "created_at": e.created_at.isoformat()}
