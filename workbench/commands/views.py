"""`views` command: the project's saved views (the GUI's Views menu): list, save from a filter, delete.

Saving and deleting are undoable (`main.py undo`). A view holds what the GUI's filters bar and issue tree
select: a date range, one channel, one product, one sentiment, a search and an issue node.
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import Any

from workbench.errors import InputError, UsageError
from workbench.project import Project
from workbench.saved_views import delete_view, list_views, save_view
from workbench.types import RecordFilter

SHOWN = ("from", "to", "channel", "product", "sentiment", "q", "node")


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        if args.save:
            view = save_view(project, args.save, _state(project, args.filter))
            print(json.dumps({"name": args.save, "state": _find(view, args.save)}, ensure_ascii=False)
                  if args.json else f"saved the view {args.save}; `main.py undo` takes it back")
            return 0
        if args.delete:
            if all(v.name != args.delete for v in list_views(project)):
                raise InputError(f"no saved view named {args.delete!r}; see `views PROJECT --list`")
            delete_view(project, args.delete)
            print(f"deleted the view {args.delete}; `main.py undo` brings it back")
            return 0
        views = list_views(project)
    if args.json:
        print(json.dumps([{"name": v.name, "state": v.state} for v in views], ensure_ascii=False))
    else:
        for v in views:
            shown = ", ".join(f"{k}={v.state[k]}" for k in sorted(v.state) if v.state[k] not in (None, "", "all_time"))
            print(f"{v.name}: {shown or '(everything)'}")
    return 0


def _find(views: Any, name: str) -> dict[str, Any]:
    return next(dict(v.state) for v in views if v.name == name)


def _state(project: Project, exprs: list[str]) -> dict[str, Any]:
    """The filters bar's state for ``exprs`` (the keys its ``state()`` writes, and the tree's node)."""
    from workbench.filters import parse_filters, split_expression
    from workbench.queries.records import current_nodes

    keys = {part.partition("=")[0].strip().lower() for expr in exprs for part in split_expression(expr)}
    extra = sorted(keys - set(SHOWN))
    if extra:
        raise UsageError(f"a saved view holds only {', '.join(SHOWN)}; {', '.join(extra)} cannot be saved")
    flt: RecordFilter = parse_filters(exprs, {n.path: n.key for n in current_nodes(project)})
    for name, values in (("channel", flt.channels), ("product", flt.products), ("sentiment", flt.sentiments)):
        if len(values) > 1:
            raise UsageError(f"a saved view holds one {name}; give {name}= once")
    dated = flt.date_from is not None or flt.date_to is not None
    return {"preset": "custom" if dated else "all_time",
            "from": flt.date_from.strftime("%Y-%m-%d") if flt.date_from else "",
            "to": (flt.date_to - timedelta(days=1)).strftime("%Y-%m-%d") if flt.date_to else "",
            "channel": flt.channels[0] if flt.channels else None,
            "product": flt.products[0] if flt.products else None,
            "sentiment": flt.sentiments[0] if flt.sentiments else None,
            "search": flt.text or "", "node": flt.node_key}
