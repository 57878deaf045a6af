"""Undo and redo of the analyst's actions, one linear history per project, kept in the project (``history``).

Covered today: every label (a label file, the review, a fix or confirm in the record detail, a bulk label)
and a theme applied (:mod:`workbench.tagging.theme`: its tags and its new node, whose taxonomy version is
undone and redone in the same step; refused when the taxonomy was edited since).
Undo restores exactly what the records had before (tags with their ids, evidence and method; the assessment
with its sentiment), so counts and the student's training set at the next relearn are as before, and removes
the label events the action added (agreement reads them). Redo puts the action's result back.

An entry is undone only if its records are still as the action left them; when something else changed them
since (a tagging run, another analyst on a shared database), undo is refused with one sentence and nothing
changes. Redo likewise needs the records as the undo left them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from workbench.changes import Changes
from workbench.errors import InputError
from workbench.store import history as store
from workbench.store.handle import Project


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    kind: str
    summary: str
    by: str
    undone: bool
    created_at: datetime


@dataclass(frozen=True)
class HistoryStep:
    """What an undo or redo did."""

    entry: HistoryEntry
    changes: Changes


class Recorder:
    """Records one action inside the writer's transaction: ``start`` before the write, ``finish`` after it."""

    def __init__(self, conn: Connection, record_ids: list[int]) -> None:
        self.conn, self.record_ids = conn, sorted(set(record_ids))
        self.before = store.snapshot(conn, self.record_ids)
        self.first_event = store.last_event_id(conn)

    def finish(self, kind: str, summary: str, by: str, taxonomy_version: int | None = None) -> int:
        """Keep the entry; ``taxonomy_version``: the taxonomy edit that is part of the action (a theme's new
        node), undone and redone with it."""
        payload: dict[str, Any] = {"records": self.record_ids, "before": self.before,
                                   "after": store.snapshot(self.conn, self.record_ids),
                                   "events": store.events_after(self.conn, self.first_event)}
        if taxonomy_version is not None:
            payload["taxonomy_version"] = taxonomy_version
        return store.record(self.conn, kind, summary, by, payload)


def entries(project: Project) -> list[HistoryEntry]:
    """The history, newest first (undone entries are the redo stack)."""
    with project.read() as conn:
        return [_entry(r) for r in store.entries(conn)]


def next_undo(project: Project) -> HistoryEntry | None:
    with project.read() as conn:
        row = store.latest(conn, "done")
    return _entry(row) if row is not None else None


def next_redo(project: Project) -> HistoryEntry | None:
    with project.read() as conn:
        row = store.latest(conn, "undone")
    return _entry(row) if row is not None else None


def undo(project: Project) -> HistoryStep:
    """Undo the newest done action.

    Raises:
        InputError: nothing to undo, or its records changed since (then nothing is changed).
    """
    return _step(project, "done")


def redo(project: Project) -> HistoryStep:
    """Redo the oldest undone action.

    Raises:
        InputError: nothing to redo, or its records changed since the undo (then nothing is changed).
    """
    return _step(project, "undone")


def _step(project: Project, state: str) -> HistoryStep:
    undoing = state == "done"
    with project.write() as conn:
        row = store.latest(conn, state)
        if row is None:
            raise InputError("nothing to undo" if undoing else "nothing to redo")
        payload: dict[str, Any] = row.payload
        ids = [int(i) for i in payload["records"]]
        expected, wanted = (payload["after"], payload["before"]) if undoing else (payload["before"], payload["after"])
        if not store.same(store.snapshot(conn, ids), expected):
            verb = "undo" if undoing else "redo"
            raise InputError(f"cannot {verb} “{row.summary}”: its records were changed since by a later action "
                             "(a tagging run or another analyst); nothing was changed")
        store.restore(conn, ids, wanted)
        if "taxonomy_version" in payload:
            payload = _step_taxonomy(conn, payload, undoing)
            store.set_payload(conn, int(row.id), payload)
        if undoing:
            store.drop_events(conn, payload["events"])
        else:
            store.put_events(conn, payload["events"])
        store.set_state(conn, int(row.id), "undone" if undoing else "done")
    entry = _entry(row)
    return HistoryStep(entry, Changes(tags=True, taxonomy="taxonomy_version" in payload, record_ids=frozenset(ids)))


def _step_taxonomy(conn: Connection, payload: dict[str, Any], undoing: bool) -> dict[str, Any]:
    """Undo or redo the taxonomy edit of an action (a theme's node), in the history step's transaction."""
    from workbench.taxonomy import repository as repo
    from workbench.taxonomy import undo as tax_undo

    repo.lock_taxonomy(conn)
    if undoing:
        return {**payload, "undo_version": tax_undo.undo_in(conn, int(payload["taxonomy_version"]))}
    if repo.current_id(conn) != payload.get("undo_version"):
        raise InputError("cannot redo: the taxonomy was edited since the undo; nothing was changed")
    current = repo.current_of(conn)
    assert current is not None
    journal = tax_undo.Journal.before(conn, current, set())
    redone = repo.insert_version(conn, repo.version_of(conn, int(payload["taxonomy_version"])), "redo: theme")
    journal.record(conn, redone, set())
    return {**payload, "taxonomy_version": redone}


def _entry(row: Any) -> HistoryEntry:
    return HistoryEntry(int(row.id), str(row.kind), str(row.summary), str(row.by or ""), row.state == "undone",
                        row.created_at)
