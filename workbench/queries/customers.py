"""One customer across channels and time: every contact in order, with repeat contacts flagged.

A contact is a *repeat* when the same customer got in touch about the same top-level issue within
``repeat_days`` before it: the signature of a problem the first contact did not solve. Untagged
contacts (praise, chit-chat) never make or count as repeats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from workbench.store import schema
from workbench.store.handle import Project
from workbench.taxonomy.tree import SEP

REPEAT_DAYS = 7
LIMIT = 1000
r, t, a = schema.records, schema.tags, schema.assessments


@dataclass(frozen=True)
class Contact:
    """One record of the customer."""

    record_id: int
    created_at: datetime | None
    channel: str
    text: str
    sentiment: str | None
    paths: tuple[str, ...]
    repeat: bool


@dataclass(frozen=True)
class CustomerHistory:
    """Every contact of one customer, oldest first (at most ``LIMIT``; ``total`` says how many exist)."""

    key: str
    contacts: list[Contact]
    total: int

    @property
    def repeats(self) -> int:
        return sum(c.repeat for c in self.contacts)

    @property
    def channels(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.contacts:
            out[c.channel] = out.get(c.channel, 0) + 1
        return out

    @property
    def negative(self) -> int:
        return sum(c.sentiment == "negative" for c in self.contacts)


def customer_history(project: Project, key: str, repeat_days: int = REPEAT_DAYS,
                     limit: int = LIMIT) -> CustomerHistory:
    """The contacts of the customer ``key`` (empty when no record carries it)."""
    with project.read() as conn:
        total = int(conn.execute(select(func.count()).where(r.c.customer_key == key)).scalar_one())
        rows = conn.execute(
            select(r.c.id, r.c.created_at, r.c.channel, r.c.text, a.c.sentiment)
            .select_from(r.outerjoin(a, a.c.record_id == r.c.id)).where(r.c.customer_key == key)
            .order_by(r.c.created_at.is_(None), r.c.created_at, r.c.id).limit(limit)).all()
        ids = [int(x.id) for x in rows]
        paths: dict[int, list[str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            stmt = select(t.c.record_id, t.c.path).where(t.c.record_id.in_(chunk)).order_by(t.c.record_id, t.c.path)
            for rid, path in conn.execute(stmt):
                paths.setdefault(int(rid), []).append(str(path))
    contacts: list[Contact] = []
    window = timedelta(days=repeat_days)
    for row in rows:
        mine = tuple(dict.fromkeys(paths.get(int(row.id), [])))
        repeat = _is_repeat(row.created_at, mine, contacts, window)
        contacts.append(Contact(int(row.id), row.created_at, str(row.channel or ""), str(row.text or ""),
                                row.sentiment, mine, repeat))
    return CustomerHistory(key, contacts, total)


def busiest_customer(project: Project) -> str | None:
    """The customer key with the most contacts (the smallest key on a tie); None when no record has one."""
    key = r.c.customer_key
    with project.read() as conn:
        found = conn.execute(select(key).where(key.is_not(None)).group_by(key)
                             .order_by(func.count().desc(), key).limit(1)).scalar()
    return None if found is None else str(found)


def _is_repeat(when: datetime | None, paths: tuple[str, ...], earlier: list[Contact], window: timedelta) -> bool:
    if when is None or not paths:
        return False
    tops = {p.split(SEP, 1)[0] for p in paths}
    for prev in reversed(earlier):
        if prev.created_at is None or when - prev.created_at > window:
            break
        prev_tops = {p.split(SEP, 1)[0] for p in prev.paths}
        if tops & prev_tops:
            return True
    return False
