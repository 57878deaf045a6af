"""Reading conversations (chat records with their messages) for the service analytics."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, Connection, and_, func, select

from workbench.queries import cube_totals
from workbench.queries.record_where import where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.types import Conversation, RecordFilter, Turn

BATCH = 2000


def _conversations(conn: Connection, flt: RecordFilter | None) -> ColumnElement[bool]:
    return and_(schema.records.c.is_conversation.is_(True), where(conn, flt or RecordFilter()))


def count_conversations(project: Project, flt: RecordFilter | None = None) -> int:
    fast = cube_totals.totals(project, flt or RecordFilter())
    if fast is not None:
        return int(fast["conv_n"])
    with project.read() as conn:
        stmt = select(func.count()).select_from(schema.records).where(_conversations(conn, flt))
        return int(conn.execute(stmt).scalar_one())


def iter_conversations(project: Project, flt: RecordFilter | None = None) -> Iterator[Conversation]:
    """Conversations in record-id order, read in batches (constant memory)."""
    r, m = schema.records, schema.messages
    last = 0
    while True:
        with project.read() as conn:
            heads = conn.execute(select(r.c.id, r.c.created_at, r.c.channel, r.c.rating, r.c.customer_key)
                                 .where(_conversations(conn, flt), r.c.id > last).order_by(r.c.id).limit(BATCH)).all()
            if not heads:
                return
            ids = [h.id for h in heads]
            turns: dict[int, list[Turn]] = {i: [] for i in ids}
            rows = conn.execute(select(m.c.record_id, m.c.role, m.c.text, m.c.sent_at, m.c.agent)
                                .where(m.c.record_id.in_(ids)).order_by(m.c.record_id, m.c.turn, m.c.id))
            for row in rows:
                turns[row.record_id].append(Turn(row.role, row.text, row.sent_at, row.agent))
        for h in heads:
            yield Conversation(h.id, tuple(turns[h.id]), h.created_at, h.channel, h.rating, h.customer_key)
        last = ids[-1]


def intents(project: Project, record_ids: list[int]) -> dict[int, str]:
    """Tagged intents of the given records (records not yet tagged are absent)."""
    a = schema.assessments
    out: dict[int, str] = {}
    with project.read() as conn:
        for start in range(0, len(record_ids), 900):
            chunk = record_ids[start:start + 900]
            out.update(dict(conn.execute(select(a.c.record_id, a.c.intent).where(a.c.record_id.in_(chunk))).all()))
    return out


def bad_followups(project: Project, days: int = 7) -> set[int]:
    """Conversations whose customer left a bad review (rating ≤ 2 of 5) or a negative record within
    ``days`` after the chat, matched by customer key."""
    from datetime import timedelta

    r, a = schema.records, schema.assessments
    with project.read() as conn:
        chats = conn.execute(select(r.c.id, r.c.customer_key, r.c.created_at)
                             .where(r.c.is_conversation.is_(True), r.c.customer_key.is_not(None),
                                    r.c.created_at.is_not(None))).all()
        keys = {c.customer_key for c in chats}
        later: dict[str, list[object]] = {}
        for start in range(0, len(keys), 900):
            chunk = list(keys)[start:start + 900]
            rows = conn.execute(select(r.c.customer_key, r.c.created_at)
                                .select_from(r.outerjoin(a, a.c.record_id == r.c.id))
                                .where(r.c.customer_key.in_(chunk), r.c.is_conversation.is_(False),
                                       r.c.created_at.is_not(None),
                                       ((r.c.rating <= 2) & (r.c.rating >= 0)) | (a.c.sentiment == "negative")))
            for key, when in rows:
                later.setdefault(key, []).append(when)
    window = timedelta(days=days)
    return {c.id for c in chats
            if any(c.created_at <= w <= c.created_at + window for w in later.get(c.customer_key, []))}  # type: ignore[operator]


def issues_of(project: Project, record_ids: list[int]) -> dict[int, set[str]]:
    """The top-level issues (level-1 paths) each conversation is tagged with."""
    t = schema.tags
    out: dict[int, set[str]] = {}
    with project.read() as conn:
        for start in range(0, len(record_ids), 900):
            chunk = record_ids[start:start + 900]
            for rid, path in conn.execute(select(t.c.record_id, t.c.path).where(t.c.record_id.in_(chunk))):
                out.setdefault(int(rid), set()).add(str(path).split("/")[0])
    return out
