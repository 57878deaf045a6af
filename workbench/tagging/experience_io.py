"""Stores the rules' effort, emotion and actionability per record (``experience``, schema 4).

Written with every batch of a tagging run (:func:`workbench.tagging.store_io.write_batch`), and filled for
records that have none, or one of an older rules version, by :func:`backfill`: at the end of every ``tag`` run
(even one with nothing to tag, so ``main.py tag PROJECT --llm-budget 0`` brings an old project up to date
without the model) and before ``export`` reads them. The rules are cheap (tens of microseconds a record).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, or_, select

from workbench.nlp.experience import VERSION, assess
from workbench.store import schema
from workbench.store.handle import Project

R, X = schema.records, schema.experience
BATCH = 5000


def rows_for(texts: Sequence[tuple[int, str]]) -> list[dict[str, object]]:
    """The ``experience`` rows of ``(record_id, text)`` pairs."""
    out: list[dict[str, object]] = []
    for record_id, text in texts:
        exp = assess(text)
        out.append(dict(record_id=record_id, effort=exp.effort, emotion=exp.emotion, actionable=exp.actionable,
                        version=VERSION))
    return out


def write(conn: Connection, record_ids: Sequence[int]) -> int:
    """(Re)compute the rows of these records inside the caller's transaction; returns how many were written."""
    ids = list(record_ids)
    n = 0
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        texts = [(int(i), str(t or "")) for i, t in conn.execute(select(R.c.id, R.c.text).where(R.c.id.in_(chunk)))]
        conn.execute(delete(X).where(X.c.record_id.in_(chunk)))
        rows = rows_for(texts)
        if rows:
            conn.execute(X.insert(), rows)
        n += len(rows)
    return n


def missing(conn: Connection, limit: int | None = None) -> list[int]:
    """Records without a row of the current rules version, in id order."""
    query = (select(R.c.id).select_from(R.outerjoin(X, X.c.record_id == R.c.id))
             .where(or_(X.c.record_id.is_(None), X.c.version != VERSION)).order_by(R.c.id))
    if limit is not None:
        query = query.limit(limit)
    return [int(i) for i in conn.execute(query).scalars()]


def backfill(project: Project) -> int:
    """Fill every missing or outdated row, in batches of their own transactions; returns how many."""
    total = 0
    while True:
        with project.read() as conn:
            todo = missing(conn, BATCH)
        if not todo:
            return total
        with project.write() as conn:
            total += write(conn, todo)
