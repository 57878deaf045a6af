"""Fired alerts as stored, newest first (for the GUI and reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from workbench.store import schema
from workbench.store.handle import Project


@dataclass(frozen=True)
class AlertEntry:
    alert_id: int
    rule: str
    fired_at: datetime
    record_ids: tuple[int, ...]
    delivered: str | None
    detail: dict[str, Any] = field(default_factory=dict)


def fired_alerts(project: Project, limit: int = 500) -> list[AlertEntry]:
    a, r = schema.alerts, schema.alert_rules
    with project.read() as conn:
        rows = conn.execute(select(a.c.id, r.c.name, a.c.fired_at, a.c.record_ids, a.c.delivered, a.c.detail)
                            .join(r, r.c.id == a.c.rule_id).order_by(a.c.fired_at.desc(), a.c.id.desc())
                            .limit(limit)).all()
    return [AlertEntry(int(i), str(n), f, tuple(int(x) for x in (ids or [])), d, dict(det or {}))
            for i, n, f, ids, d, det in rows]
