"""Records that a taxonomy change left needing a new tag (a split, a top-level delete, a replaced tree).

The tagging run re-tags exactly these records (besides untagged ones) and then clears them, so a
merge or split re-tags only what it affects. The set lives in the project's settings table.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from workbench.store import schema
from workbench.store.handle import Project

PENDING_KEY = "taxonomy.retag_record_ids"


def pending_retag(project: Project) -> frozenset[int]:
    """Ids of records waiting to be re-tagged after a taxonomy change."""
    return frozenset(int(i) for i in project.get_setting(PENDING_KEY, []) or [])


def clear_pending_retag(project: Project, record_ids: Iterable[int] | None = None) -> None:
    """Forget ``record_ids`` (all when None), typically once a tagging run has re-tagged them."""
    table = schema.settings
    with project.write() as conn:
        value = conn.execute(select(table.c.value).where(table.c.key == PENDING_KEY)).scalar()
        left = [] if record_ids is None else sorted({int(i) for i in value or ()} - set(record_ids))
        conn.execute(table.delete().where(table.c.key == PENDING_KEY))
        conn.execute(table.insert().values(key=PENDING_KEY, value=left))
