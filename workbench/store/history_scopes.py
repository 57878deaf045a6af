"""Scopes of the undo history beyond the records' tags: rows of a table (an alert rule and its fired alerts)
and one item of a list kept in a setting (a saved view).

A scope is a plain JSON dict:

- ``{"kind": "rows", "table": T, "column": C, "value": V}``: every row of table ``T`` whose ``C`` is ``V``;
- ``{"kind": "item", "key": K, "name": N}``: the element named ``N`` of the list in setting ``K``, with its
  position.

:func:`read` returns a scope's state as JSON values; :func:`clear` and :func:`put` restore one exactly
(ids included). Rows are cleared in the reverse order of their scopes and put back in order, so a parent row
(the rule) is there before its children (the fired alerts) and gone after them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, delete, select

from workbench.store import schema

Scope = dict[str, Any]
State = list[dict[str, Any]]


def read(conn: Connection, scope: Scope) -> State:
    """The scope's current state (JSON values, a stable order)."""
    if scope["kind"] == "item":
        items = _setting(conn, scope["key"])
        return [{"index": i, "item": item} for i, item in enumerate(items)
                if isinstance(item, dict) and item.get("name") == scope["name"]]
    table = schema.metadata.tables[scope["table"]]
    rows = conn.execute(select(table).where(table.c[scope["column"]] == scope["value"]).order_by(table.c.id))
    return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r._mapping.items()} for r in rows]


def clear(conn: Connection, scope: Scope) -> None:
    if scope["kind"] == "item":
        items = [i for i in _setting(conn, scope["key"])
                 if not (isinstance(i, dict) and i.get("name") == scope["name"])]
        _store(conn, scope["key"], items)
        return
    table = schema.metadata.tables[scope["table"]]
    conn.execute(delete(table).where(table.c[scope["column"]] == scope["value"]))


def put(conn: Connection, scope: Scope, state: State) -> None:
    """Put ``state`` (a :func:`read` of the scope) back into a cleared scope."""
    if not state:
        return
    if scope["kind"] == "item":
        items = _setting(conn, scope["key"])
        for entry in state:
            items.insert(min(int(entry["index"]), len(items)), entry["item"])
        _store(conn, scope["key"], items)
        return
    table = schema.metadata.tables[scope["table"]]
    dates = {c.name for c in table.c if isinstance(c.type, DateTime)}
    conn.execute(table.insert(), [{k: (datetime.fromisoformat(v) if k in dates and isinstance(v, str) else v)
                                   for k, v in row.items()} for row in state])


def _setting(conn: Connection, key: str) -> list[Any]:
    s = schema.settings
    return list(conn.execute(select(s.c.value).where(s.c.key == key)).scalar() or [])


def _store(conn: Connection, key: str, items: list[Any]) -> None:
    s = schema.settings
    conn.execute(delete(s).where(s.c.key == key))
    if items:  # an empty list is no setting, as before its first item
        conn.execute(s.insert().values(key=key, value=items))
