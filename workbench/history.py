"""Undo and redo of the analyst's actions, one linear history per project, kept in the project (``history``).

Covered: every label (a label file, the review, a fix or confirm in the record detail, a bulk label), a theme
applied (:mod:`workbench.tagging.theme`: its tags and its new node), every taxonomy edit
(:mod:`workbench.taxonomy.edits`: the version and the tags it re-pointed or removed), an alert rule added,
switched on or off, or deleted (with its fired alerts), and a saved view saved or deleted. A taxonomy version
is undone and redone in the history's step; that is refused when the taxonomy was edited since.
Undo restores exactly what the records had before (tags with their ids, evidence and method; the assessment
with its sentiment), so counts and the student's training set at the next relearn are as before, and removes
the label events the action added (agreement reads them). Redo puts the action's result back.

An entry is undone only if its records are still as the action left them; when something else changed them
since (a tagging run, another analyst on a shared database), undo is refused with one sentence and nothing
changes. Redo likewise needs the records as the undo left them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from workbench.changes import Changes
from workbench.errors import InputError, Phrase, TaxonomyNote
from workbench.progress import CancelToken
from workbench.store import history as store
from workbench.store import history_scopes as scopes
from workbench.store import schema
from workbench.store.handle import Project
from workbench.store.history import Recorder as Recorder  # actions record through it


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


def entries(project: Project) -> list[HistoryEntry]:
    """The history, newest first (undone entries are the redo stack)."""
    with project.read() as conn:
        return [_entry(r) for r in store.entries(conn)]


def next_undo(project: Project, by: str | None = None) -> HistoryEntry | None:
    """What :func:`undo` would take back (``by``: of this analyst), or None."""
    with project.read() as conn:
        row = store.latest(conn, "done", by)
    return _entry(row) if row is not None else None


def next_redo(project: Project, by: str | None = None) -> HistoryEntry | None:
    """What :func:`redo` would put back (``by``: of this analyst), or None."""
    with project.read() as conn:
        row = store.latest(conn, "undone", by)
    return _entry(row) if row is not None else None


def next_undo_version(project: Project) -> int | None:
    """The taxonomy version the next undo takes back (a taxonomy edit or a theme), else None."""
    with project.read() as conn:
        row = store.latest(conn, "done")
    return None if row is None or "taxonomy_version" not in row.payload else int(row.payload["taxonomy_version"])


def undo(project: Project, cancel: CancelToken | None = None, by: str | None = None) -> HistoryStep:
    """Undo the newest done action, in one transaction (``cancel``: rolled back, nothing changed).

    ``by``: the newest action of this analyst (on a shared database, each analyst undoes their own; one that a
    colleague's later action depends on is refused, naming that action).

    Raises:
        InputError: nothing to undo, or its records changed since (then nothing is changed).
        Cancelled: cancelled (nothing changed).
    """
    return _step(project, "done", cancel, by)


def redo(project: Project, cancel: CancelToken | None = None, by: str | None = None) -> HistoryStep:
    """Redo the oldest undone action (``by``: of this analyst), in one transaction (``cancel``: rolled back).

    Raises:
        InputError: nothing to redo, or its records changed since the undo (then nothing is changed).
        Cancelled: cancelled (nothing changed).
    """
    return _step(project, "undone", cancel, by)


def undo_taxonomy_edit(project: Project, expected_version: int | None = None) -> int:
    """Undo the edit that made the current taxonomy version; returns the new version's id. When that edit is the
    newest entry of the history, the history undoes it (so Edit ▸ Redo and ``main.py redo`` redo it); else
    :func:`workbench.taxonomy.undo.undo_last` does.

    Raises:
        InputError: the current version was not made by an undoable edit.
        ConflictError: the current version is no longer ``expected_version``.
    """
    from workbench.taxonomy import repository as repo
    from workbench.taxonomy.undo import undo_last

    with project.read() as conn:
        current = repo.current_id(conn)
    if current is None or next_undo_version(project) != current:
        return undo_last(project, expected_version)
    if expected_version is not None and expected_version != current:
        with project.write() as conn:
            repo.lock_taxonomy(conn, expected_version)  # raises ConflictError: the tree the user saw is stale
    undo(project)
    with project.read() as conn:
        return int(repo.current_id(conn) or 0)


def _step(project: Project, state: str, cancel: CancelToken | None = None, by: str | None = None) -> HistoryStep:
    undoing = state == "done"
    verb = "undo" if undoing else "redo"
    with project.write() as conn:
        store.lock(conn, taxonomy_too=True)
        row = store.latest(conn, state, by)
        if row is None:
            raise InputError.of(f"errors.history.nothing_to_{verb}_by", by=by) if by else \
                InputError.of(f"errors.history.nothing_to_{verb}")
        payload: dict[str, Any] = row.payload
        ids = [int(i) for i in payload["records"]]
        expected, wanted = (payload["after"], payload["before"]) if undoing else (payload["before"], payload["after"])
        watched = payload.get("scopes", [])
        old, new = ("after", "before") if undoing else ("before", "after")
        if not store.same(store.snapshot(conn, ids), expected) or \
                any(_norm(scopes.read(conn, w["scope"])) != _norm(w[old]) for w in watched):
            raise _refusal(conn, row, verb, set(ids), watched)
        store.restore(conn, ids, wanted)
        for w in reversed(watched):
            scopes.clear(conn, w["scope"])
        for w in watched:
            scopes.put(conn, w["scope"], w[new])
        if "taxonomy_version" in payload:
            payload = _step_taxonomy(conn, payload, undoing)
            store.set_payload(conn, int(row.id), payload)
        if undoing:
            store.drop_events(conn, payload["events"])
        else:
            store.put_events(conn, payload["events"])
        store.set_state(conn, int(row.id), "undone" if undoing else "done")
        if cancel is not None:
            cancel.check()  # the last moment to stop: the transaction rolls back
    entry = _entry(row)
    kinds = {w["scope"]["kind"] for w in watched}  # rows: an alert rule and its alerts; item: a saved view
    return HistoryStep(entry, Changes(tags=bool(ids), taxonomy="taxonomy_version" in payload,
                                      alerts="rows" in kinds, settings="item" in kinds, record_ids=frozenset(ids)))


def _refusal(conn: Connection, row: Any, verb: str, ids: set[int], watched: list[dict[str, Any]]) -> InputError:
    """The one sentence that says why an undo or redo is refused: the later action it would undercut."""
    later = store.later_overlapping(conn, int(row.id), ids, [w["scope"] for w in watched])
    what = "records" if ids else "item"
    summary = _summary(row.kind, row.summary)
    if later is not None:
        action = Phrase("errors.history.action", kind=Phrase(f"errors.history.kind.{later.kind}"),
                        summary=_summary(later.kind, later.summary))
        if later.by and later.by != row.by:
            return InputError.of(f"errors.history.{verb}_after_theirs_{what}", summary=summary, by=later.by,
                                 action=action, id=later.id)
        return InputError.of(f"errors.history.{verb}_after_{what}", summary=summary, action=action, id=later.id)
    return InputError.of(f"errors.history.{verb}_changed_{what}", summary=summary)


def _summary(kind: str, summary: str) -> Phrase | str:
    """An entry's summary as the sentence shows it: a taxonomy edit's note is worded per language."""
    return TaxonomyNote(summary) if kind == "taxonomy" else summary


def _step_taxonomy(conn: Connection, payload: dict[str, Any], undoing: bool) -> dict[str, Any]:
    """Undo or redo the taxonomy edit of an action (an edit, a theme's node), in the history step's transaction.

    Undo saves the tree before the edit as a new version, redo the edit's tree again (history only grows);
    each needs the current tree to be the one the edit left (undo) or found (redo), so several steps back
    and forth chain, and a colleague's later edit refuses it.
    """
    from workbench.taxonomy import repository as repo
    from workbench.taxonomy import undo as tax_undo

    repo.lock_taxonomy(conn)
    version = int(payload["taxonomy_version"])
    journal = tax_undo.journal_of(conn, version)
    if journal is None:
        raise InputError.of("errors.history.tax_gone")
    previous = int(journal["previous"])
    current = repo.current_id(conn)
    expected = version if undoing else previous
    if current is None or not _same_tree(repo.version_of(conn, current), repo.version_of(conn, expected)):
        verb = "undo" if undoing else "redo"
        raise InputError.of(f"errors.history.tax_{verb}_edited")
    note = conn.execute(select(schema.taxonomy_versions.c.note)
                        .where(schema.taxonomy_versions.c.id == version)).scalar()
    repo.snapshot_counts(conn)
    marked = {int(i) for i in payload.get("marked", [])}
    if undoing:
        earlier = repo.version_of(conn, previous)
        gone = {n.key for n in repo.version_of(conn, current).nodes} - {n.key for n in earlier.nodes}
        tagged = repo.records_tagged(conn, gone)
        if tagged:  # tags a later run or label put on the edit's nodes: they would point nowhere
            raise InputError.of("errors.history.tax_tagged", note=TaxonomyNote(str(note)), n=len(tagged))
        repo.insert_version(conn, earlier, f"undo: {note}")
        tax_undo.unmark(conn, marked)
        repo.repath_tags(conn, earlier)
        return payload
    assert current is not None
    tree = repo.version_of(conn, version)
    redone = repo.insert_version(conn, tree, str(note or ""))
    conn.execute(schema.settings.insert().values(key=tax_undo.JOURNAL_KEY.format(redone),
                                                 value={**journal, "previous": current, "tags": []}))
    repo.add_pending(conn, marked)
    repo.repath_tags(conn, tree)
    return {**payload, "taxonomy_version": redone}


def _same_tree(a: Any, b: Any) -> bool:
    def nodes(tax: Any) -> list[tuple[Any, ...]]:
        return sorted((n.key, n.parent_key, n.path, n.name, n.name_en, n.description, tuple(n.keywords),
                       tuple(n.examples), n.sort) for n in tax.nodes)

    return nodes(a) == nodes(b)


def _norm(state: scopes.State) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in state)


def _entry(row: Any) -> HistoryEntry:
    return HistoryEntry(int(row.id), str(row.kind), str(row.summary), str(row.by or ""), row.state == "undone",
                        row.created_at)
