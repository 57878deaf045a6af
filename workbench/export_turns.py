"""One row per turn of the conversations (``export PROJECT --turns --out F``), to CSV or Excel.

Columns (CLI.md): record_id, session, role (customer|agent|bot|system), speaker, time, text. The speaker is the
agent's or the robot's name as stored with the turn; a customer turn names the record's customer key (a
pseudonym when the key was personal data). Records that are not conversations (reviews, tickets) have no turns.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from workbench.exporting import write_table
from workbench.progress import CancelToken, Progress, no_progress
from workbench.queries.record_where import where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.types import RecordFilter

TURN_COLUMNS = ("record_id", "session", "role", "speaker", "time", "text")
_BATCH = 5000


def _turns(project: Project, flt: RecordFilter, cancel: CancelToken | None) -> Iterator[list[Any]]:
    r, m = schema.records, schema.messages
    last = (0, 0)
    while True:
        with project.read() as conn:
            rows = conn.execute(
                select(m.c.record_id, m.c.turn, r.c.session_key, m.c.role, m.c.agent, r.c.customer_key, m.c.sent_at,
                       m.c.text)
                .join(r, r.c.id == m.c.record_id)
                .where(where(conn, flt),
                       (m.c.record_id > last[0]) | ((m.c.record_id == last[0]) & (m.c.turn > last[1])))
                .order_by(m.c.record_id, m.c.turn).limit(_BATCH)).all()
        if not rows:
            return
        for row in rows:
            speaker = row.agent or (row.customer_key if row.role == "customer" else None)
            yield [row.record_id, row.session_key or "", row.role, speaker or "",
                   row.sent_at.isoformat(sep=" ") if row.sent_at else "", row.text]
        last = (rows[-1].record_id, rows[-1].turn)
        if cancel:
            cancel.check()


def export_turns(project: Project, out: str | Path, flt: RecordFilter | None = None,
                 progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
    """Write every turn of the selected conversations in record and turn order; returns the row count.

    Raises:
        InputError: not a .csv/.xlsx name, a missing folder, or the file cannot be written there.
    """
    flt = flt or RecordFilter()
    with project.read() as conn:
        total = conn.execute(select(func.count()).select_from(schema.messages)).scalar_one()
    return write_table(out, TURN_COLUMNS, lambda: _turns(project, flt, cancel), max(1, int(total)), progress,
                       "turns", sheet="turns")
