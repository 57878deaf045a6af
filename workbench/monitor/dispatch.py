"""Delivering the watch's alerts exactly once each, and keeping the ones a mail server refused.

Alerts are stored before they are sent (``evaluate_alerts`` without a delivery); this module then sends
every stored, undelivered alert of the watch, oldest first, and marks each as delivered. Each message is
keyed by its alert id: an outbox file is named after it (written under a temporary name, then renamed,
and never written twice), and the mail's Message-ID is derived from it, so a send interrupted between
the server's acceptance and our mark is recognisable downstream.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select

from workbench.alerts.delivery import Delivery, OutboxDelivery
from workbench.alerts.evaluate import FiredAlert, deliver
from workbench.alerts.rules import list_rules
from workbench.store import schema
from workbench.store.handle import Project


def alert_key(project: Project, alert_id: int) -> str:
    """A key for one firing of one project, stable across restarts."""
    return f"kesheng-{hashlib.sha1(project.target.encode()).hexdigest()[:8]}-alert-{alert_id}"


@dataclass(frozen=True)
class KeyedDelivery:
    """``base`` for one alert: a fixed Message-ID, and an outbox file written once under the alert's key."""

    base: Delivery
    key: str

    def __call__(self, msg: EmailMessage) -> str:
        del msg["Message-ID"]
        msg["Message-ID"] = f"<{self.key}@kesheng.local>"
        if not isinstance(self.base, OutboxDelivery):
            return self.base(msg)
        folder = self.base.folder
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{self.key}.eml"
        if not final.exists():  # delivered before a crash that came before our mark: not twice
            tmp = folder / f".{self.key}.eml.tmp"
            tmp.write_bytes(bytes(msg))
            os.replace(tmp, final)
        return "outbox"


def undelivered(project: Project, after_id: int) -> list[FiredAlert]:
    """Stored alerts with an id above ``after_id`` that no delivery took yet, oldest first."""
    a = schema.alerts
    rules = {r.id: r for r in list_rules(project)}
    with project.read() as conn:
        rows = conn.execute(select(a.c.id, a.c.rule_id, a.c.record_ids, a.c.detail)
                            .where(a.c.id > after_id, a.c.delivered.is_(None)).order_by(a.c.id)).all()
    return [FiredAlert(rules[int(rule_id)], [int(i) for i in ids or []], dict(detail or {}), alert_id=int(i))
            for i, rule_id, ids, detail in rows if int(rule_id) in rules]


def send_pending(project: Project, delivery: Delivery, after_id: int) -> int:
    """Send the watch's undelivered alerts; returns how many were sent.

    Raises:
        DeliveryError: the first refusal; the alerts from that one on stay undelivered for a later cycle.
    """
    to = str(getattr(delivery, "to", "analyst@localhost"))
    sender = str(getattr(delivery, "sender", "kesheng@localhost"))
    sent = 0
    for fired in undelivered(project, after_id):
        assert fired.alert_id is not None
        deliver(project, fired, KeyedDelivery(delivery, alert_key(project, fired.alert_id)), to, sender)
        sent += 1
    return sent


def waiting_count(project: Project, after_id: int) -> int:
    return len(undelivered(project, after_id))
