"""Undo of taxonomy edits: the last edit's version is replaced by a new version equal to the one before it.

Each edit (:mod:`workbench.taxonomy.edits`) keeps a journal in the settings (``taxonomy.undo.<id>``):
the version it replaced, the tag rows it re-pointed or removed (as they were), and the records it newly
marked for re-tagging. Undo puts those tags back exactly, unmarks those records, and saves the earlier
tree as a new version (history only grows). Templates, codebooks and undos themselves are not undoable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update

from workbench.errors import InputError
from workbench.store import schema
from workbench.store.handle import Project
from workbench.taxonomy import repository as repo
from workbench.taxonomy.model import Taxonomy

JOURNAL_KEY = "taxonomy.undo.{}"
T, S = schema.tags, schema.settings


@dataclass
class Journal:
    """What an edit is about to change, captured before it changes it."""

    previous_version: int
    tags: list[dict[str, Any]]
    pending_before: set[int]

    @classmethod
    def before(cls, conn: Connection, current: Taxonomy, keys: set[str]) -> Journal:
        rows = [dict(r) for r in conn.execute(select(T).where(T.c.node_key.in_(keys))).mappings()] if keys else []
        assert current.version_id is not None
        return cls(current.version_id, rows, _pending(conn))

    def record(self, conn: Connection, version_id: int, marked: set[int]) -> None:
        """Keep the journal for the edit that made ``version_id`` (``marked``: records it marks for re-tagging)."""
        value = {"previous": self.previous_version, "tags": self.tags,
                 "marked": sorted(marked - self.pending_before)}
        conn.execute(S.insert().values(key=JOURNAL_KEY.format(version_id), value=value))


def can_undo(project: Project) -> str | None:
    """The note of the edit that :func:`undo_last` would undo, or None when the last change is not undoable."""
    with project.read() as conn:
        current = repo.current_id(conn)
        if current is None or _journal(conn, current) is None:
            return None
        return str(conn.execute(select(schema.taxonomy_versions.c.note)
                                .where(schema.taxonomy_versions.c.id == current)).scalar() or "")


def undo_last(project: Project, expected_version: int | None = None) -> int:
    """Undo the edit that made the current version; returns the new version's id. This undoes the taxonomy
    alone: the tree's “撤销” and ``taxonomy --undo`` call :func:`workbench.history.undo_taxonomy_edit`, which
    goes through the project's undo history when the edit is its newest action.

    Raises:
        InputError: the current version was not made by an undoable edit.
        ConflictError: the current version is no longer ``expected_version``.
    """
    with project.write() as conn:
        repo.lock_taxonomy(conn, expected_version)
        return undo_in(conn)


def undo_in(conn: Connection, expected_current: int | None = None) -> int:
    """:func:`undo_last` inside the caller's write transaction (the label history undoes a theme so).

    Raises:
        InputError: the current version was not made by an undoable edit, or is not ``expected_current``.
    """
    current = repo.current_id(conn)
    if expected_current is not None and current != expected_current:
        raise InputError.of("errors.taxonomy.undo_edited")
    journal = None if current is None else _journal(conn, current)
    if current is None or journal is None:
        raise InputError.of("errors.taxonomy.undo_not")
    note = conn.execute(select(schema.taxonomy_versions.c.note)
                        .where(schema.taxonomy_versions.c.id == current)).scalar()
    earlier = repo.version_of(conn, int(journal["previous"]))
    repo.snapshot_counts(conn)
    version_id = repo.insert_version(conn, earlier, f"undo: {note}")
    _restore_tags(conn, journal["tags"])
    _unmark(conn, set(journal["marked"]))
    repo.repath_tags(conn, earlier)
    conn.execute(S.delete().where(S.c.key == JOURNAL_KEY.format(current)))
    return version_id


def journal_of(conn: Connection, version_id: int) -> dict[str, Any] | None:
    """The journal the edit that made ``version_id`` kept (None: not an undoable edit)."""
    return _journal(conn, version_id)


def unmark(conn: Connection, record_ids: set[int]) -> None:
    """Take records off the re-tagging list again (an edit that marked them is undone)."""
    _unmark(conn, record_ids)


def _journal(conn: Connection, version_id: int) -> dict[str, Any] | None:
    value = conn.execute(select(S.c.value).where(S.c.key == JOURNAL_KEY.format(version_id))).scalar()
    return dict(value) if value else None


def _pending(conn: Connection) -> set[int]:
    from workbench.taxonomy.retag import PENDING_KEY

    value = conn.execute(select(S.c.value).where(S.c.key == PENDING_KEY)).scalar()
    return {int(i) for i in (value or ())}


def _restore_tags(conn: Connection, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        found = conn.execute(select(T.c.id).where(T.c.id == row["id"])).scalar()
        if found is None:  # removed by the edit (or by a re-tagging since): put it back
            if conn.execute(select(schema.records.c.id).where(schema.records.c.id == row["record_id"])).scalar():
                conn.execute(T.insert().values(**row))
        else:  # re-pointed by the edit
            conn.execute(update(T).where(T.c.id == row["id"]).values(
                node_key=row["node_key"], path=row["path"], taxonomy_version_id=row["taxonomy_version_id"]))


def _unmark(conn: Connection, record_ids: set[int]) -> None:
    from workbench.taxonomy.retag import PENDING_KEY

    if not record_ids:
        return
    left = sorted(_pending(conn) - record_ids)
    conn.execute(delete(S).where(S.c.key == PENDING_KEY))
    conn.execute(S.insert().values(key=PENDING_KEY, value=left))
