"""The undo history's persistence: snapshots of the rows an action changes and their exact restore.

A label replaces a record's tags and assessment, notes the record in the label audit setting and adds label
events. Its history entry keeps the records' ``tags`` and ``assessments`` rows and audit entries before and
after it (every column, ids included) and the label events it added, as JSON; undo puts the "before" rows
back and removes the events, redo the reverse. The history is linear: recording a new action drops the
entries that were undone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, text

from workbench.store import history_scopes, schema

CHUNK = 900  # ids per IN (...), under SQLite's parameter limit
ROWS = {"tags": schema.tags, "assessments": schema.assessments}
AUDIT_KEY = "tagging.label_audit"  # the label audit setting (workbench.tagging.quality): its records' entries too
Snapshot = dict[str, list[dict[str, Any]]]


def snapshot(conn: Connection, record_ids: Sequence[int]) -> Snapshot:
    """Every ``tags`` and ``assessments`` row of these records, as JSON values, in a stable order."""
    out: Snapshot = {}
    ids = sorted(set(record_ids))
    for name, table in ROWS.items():
        key = table.c.id if "id" in table.c else table.c.record_id
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), CHUNK):
            rows += [dict(r._mapping) for r in conn.execute(
                select(table).where(table.c.record_id.in_(ids[start:start + CHUNK])).order_by(key))]
        out[name] = sorted(rows, key=lambda r: (r["record_id"], r.get("id", 0)))
    audit = _audit(conn)
    out["audit"] = [{"record_id": rid, "entry": audit[str(rid)]} for rid in ids if str(rid) in audit]
    return out


def restore(conn: Connection, record_ids: Sequence[int], rows: Snapshot) -> None:
    """Replace the records' tags and assessments by ``rows`` (a :func:`snapshot`), ids included."""
    ids = sorted(set(record_ids))
    for name, table in ROWS.items():
        for start in range(0, len(ids), CHUNK):
            conn.execute(delete(table).where(table.c.record_id.in_(ids[start:start + CHUNK])))
        if rows.get(name):
            conn.execute(table.insert(), rows[name])
    audit = _audit(conn)
    for rid in ids:
        audit.pop(str(rid), None)
    audit.update({str(r["record_id"]): r["entry"] for r in rows.get("audit", [])})
    s = schema.settings
    conn.execute(delete(s).where(s.c.key == AUDIT_KEY))
    if audit:  # an empty audit is no setting, as before the project's first label
        conn.execute(s.insert().values(key=AUDIT_KEY, value=audit))


def _audit(conn: Connection) -> dict[str, Any]:
    s = schema.settings
    return dict(conn.execute(select(s.c.value).where(s.c.key == AUDIT_KEY)).scalar() or {})


def last_event_id(conn: Connection) -> int:
    return int(conn.execute(select(func.max(schema.label_events.c.id))).scalar() or 0)


def events_after(conn: Connection, after_id: int) -> list[dict[str, Any]]:
    """The label events added since ``after_id`` (in the writer's transaction: the action's own)."""
    e = schema.label_events
    return [_json(dict(r._mapping)) for r in conn.execute(select(e).where(e.c.id > after_id).order_by(e.c.id))]


def put_events(conn: Connection, events: list[dict[str, Any]]) -> None:
    if events:
        conn.execute(schema.label_events.insert(), [
            {**e, "created_at": datetime.fromisoformat(e["created_at"])} for e in events])


def drop_events(conn: Connection, events: list[dict[str, Any]]) -> None:
    ids = [int(e["id"]) for e in events]
    for start in range(0, len(ids), CHUNK):
        conn.execute(delete(schema.label_events).where(schema.label_events.c.id.in_(ids[start:start + CHUNK])))


HISTORY_LOCK = 0x6B680026  # the advisory lock that serialises history writers on PostgreSQL
TAXONOMY_LOCK = 0x6B657368  # workbench.taxonomy.repository's: always taken before this one (no deadlock)


def lock(conn: Connection, taxonomy_too: bool = False) -> None:
    """One history writer at a time (on PostgreSQL an advisory lock, on SQLite the write lock, both until the
    transaction ends): two analysts' undos run one after the other, each on what the other left.
    ``taxonomy_too``: on PostgreSQL take the taxonomy edits' lock first (an undo may edit the taxonomy; edits
    take that lock, then this one)."""
    if conn.dialect.name == "sqlite":
        # The driver opens the transaction at the first write, so the reads before it could see a state another
        # process changes before this one writes: a write that changes nothing takes the write lock first.
        h = schema.history
        conn.execute(h.update().where(h.c.id < 0).values(state="done"))
        return
    if taxonomy_too:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TAXONOMY_LOCK})
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": HISTORY_LOCK})


def record(conn: Connection, kind: str, summary: str, by: str, payload: dict[str, Any]) -> int:
    """Add a done entry; the undone ones (the redo stack) are dropped, as after any new action."""
    lock(conn)
    h = schema.history
    conn.execute(delete(h).where(h.c.state == "undone"))
    return int(conn.execute(h.insert().values(kind=kind, summary=summary, by=by, state="done", payload=payload,
                                              created_at=datetime.now(UTC).replace(tzinfo=None)))
               .inserted_primary_key[0])  # type: ignore[index]


def latest(conn: Connection, state: str, by: str | None = None) -> Any:
    """The entry undo (``done``: the newest) or redo (``undone``: the oldest) would take, or None;
    ``by``: only that analyst's entries."""
    h = schema.history
    order = h.c.id.desc() if state == "done" else h.c.id.asc()
    stmt = select(h).where(h.c.state == state)
    if by is not None:
        stmt = stmt.where(h.c.by == by)
    return conn.execute(stmt.order_by(order).limit(1)).first()


def later_overlapping(conn: Connection, entry_id: int, record_ids: set[int], scopes: list[Any]) -> Any:
    """The first done entry after ``entry_id`` that touched any of these records or scopes, or None."""
    h = schema.history
    for row in conn.execute(select(h).where(h.c.id > entry_id, h.c.state == "done").order_by(h.c.id)):
        payload = row.payload
        if record_ids & {int(i) for i in payload.get("records", [])}:
            return row
        if any(w["scope"] in scopes for w in payload.get("scopes", [])):
            return row
    return None


def entries(conn: Connection) -> list[Any]:
    h = schema.history
    return list(conn.execute(select(h.c.id, h.c.kind, h.c.summary, h.c.by, h.c.state, h.c.created_at)
                             .order_by(h.c.id.desc())))


def set_state(conn: Connection, entry_id: int, state: str) -> None:
    h = schema.history
    conn.execute(h.update().where(h.c.id == entry_id).values(state=state))


def set_payload(conn: Connection, entry_id: int, payload: dict[str, Any]) -> None:
    h = schema.history
    conn.execute(h.update().where(h.c.id == entry_id).values(payload=payload))


def same(a: Snapshot, b: Snapshot) -> bool:
    """Whether two snapshots hold the same rows (one kept as JSON, one read now)."""
    return _norm(a) == _norm(b)


def _norm(rows: Snapshot) -> dict[str, list[str]]:
    return {name: sorted(json.dumps(r, sort_keys=True, default=str) for r in rows.get(name, []))
            for name in (*ROWS, "audit")}


def _json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


class Recorder:
    """Records one action inside the writer's transaction: ``start`` before the write, ``finish`` after it.

    The features record their actions through it (:mod:`workbench.history` re-exports it and undoes them); it
    lives here, with the persistence, so that a feature the history itself calls (the taxonomy) records too."""

    def __init__(self, conn: Connection, record_ids: list[int],
                 watch: list[history_scopes.Scope] | None = None) -> None:
        self.conn, self.record_ids = conn, sorted(set(record_ids))
        self.before = snapshot(conn, self.record_ids)
        self.first_event = last_event_id(conn)
        self.scopes: list[dict[str, Any]] = []
        for scope in watch or []:
            self.watch(scope)

    def watch(self, scope: history_scopes.Scope, before: history_scopes.State | None = None) -> None:
        """Also undo ``scope`` (see :mod:`workbench.store.history_scopes`); ``before``: its state before the
        action when it is known (``[]`` for a row the action creates), else read now."""
        state = history_scopes.read(self.conn, scope) if before is None else before
        self.scopes.append({"scope": scope, "before": state})

    def finish(self, kind: str, summary: str, by: str, taxonomy_version: int | None = None,
               marked: list[int] | None = None) -> int:
        """Keep the entry; ``taxonomy_version``: the taxonomy edit that is part of the action (a theme's new
        node, an edit), undone and redone with it; ``marked``: the records that edit marked for re-tagging."""
        payload: dict[str, Any] = {"records": self.record_ids, "before": self.before,
                                   "after": snapshot(self.conn, self.record_ids),
                                   "events": events_after(self.conn, self.first_event)}
        if self.scopes:
            payload["scopes"] = [{**s, "after": history_scopes.read(self.conn, s["scope"])} for s in self.scopes]
        if taxonomy_version is not None:
            payload["taxonomy_version"] = taxonomy_version
            payload["marked"] = sorted(marked or [])
        return record(self.conn, kind, summary, by, payload)
