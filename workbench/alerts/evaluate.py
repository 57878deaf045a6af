"""Evaluating alert rules: on demand (``alerts --run``) and after every import or tagging run.

A firing becomes an ``alerts`` row (rule, time, matching record ids, detail) and is then delivered.
A rule never fires the same record twice: words rules scan only records added since their last run
(a per-rule watermark) and every rule drops ids it already fired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from workbench.alerts import matching
from workbench.alerts.delivery import Delivery, OutboxDelivery, Quote, SmtpDelivery, compose
from workbench.alerts.rules import AlertRule, list_rules
from workbench.analysis.period_rise import PeriodRise
from workbench.errors import Phrase
from workbench.progress import CancelToken, ProgressFn, no_progress
from workbench.store import schema

if TYPE_CHECKING:
    from workbench.store.handle import Project

WATERMARK = "alerts.scanned.{}"
SMTP_SETTING, MAIL_TO_SETTING, OUTBOX_SETTING = "alerts.smtp", "alerts.mail_to", "alerts.outbox"
QUOTES = 5


@dataclass
class FiredAlert:
    """One firing: the stored alert's id, the rule and the record ids; ``delivered`` how, or None."""

    rule: AlertRule
    record_ids: list[int]
    detail: dict[str, Any] = field(default_factory=dict)
    alert_id: int | None = None
    delivered: str | None = None


def fired_ids(conn: Connection, rule_id: int) -> set[int]:
    """Every record id this rule has fired on before."""
    rows = conn.execute(select(schema.alerts.c.record_ids).where(schema.alerts.c.rule_id == rule_id)).scalars()
    return {int(i) for ids in rows for i in ids}


def _watermark(project: Project, rule: AlertRule) -> int:
    return int(project.get_setting(WATERMARK.format(rule.id), 0))


def _words(project: Project, rule: AlertRule, cancel: CancelToken | None) -> tuple[list[FiredAlert], int]:
    r = schema.records
    with project.read() as conn:
        top = int(conn.execute(select(func.coalesce(func.max(r.c.id), 0))).scalar_one())
        done = fired_ids(conn, rule.id)
    ids = [h.record_id for h in matching.word_hits(project, rule, _watermark(project, rule), cancel)
           if h.record_id <= top and h.record_id not in done]
    fired = [FiredAlert(rule, ids, {"regex": rule.params["regex"]})] if ids else []
    return fired, top


def rise_detail(found: PeriodRise) -> dict[str, Any]:
    """What an alert message says about a rise: both periods, both counts, z, and whether it is partial."""
    c = found.comparison
    return {"from": c.current.start.isoformat(), "to": c.current.last_day.isoformat(),
            "previous_from": c.previous.start.isoformat(), "previous_to": c.previous.last_day.isoformat(),
            "grain": c.grain, "partial": c.partial, "days": c.current.days,
            "count": found.count, "previous": found.previous, "z": round(found.z, 2)}


def _rises(project: Project, rule: AlertRule) -> list[FiredAlert]:
    with project.read() as conn:
        done = fired_ids(conn, rule.id)
    out = []
    for found in matching.rises(project, rule):
        period = found.comparison.current
        ids = [i for i in matching.period_records(project, rule, period.start, period.end) if i not in done]
        done.update(ids)
        if ids:
            out.append(FiredAlert(rule, ids, rise_detail(found)))
    return out


def find_firings(project: Project, rule: AlertRule,
                 cancel: CancelToken | None = None) -> tuple[list[FiredAlert], int | None]:
    """What ``rule`` would fire now, without storing anything; also the new words watermark (or None).

    Surge and dissatisfaction rules compare like with like (:func:`matching.rises`): the latest complete
    period with the one before, and a partial last period with the same number of days before it.
    """
    if rule.kind == "words":
        return _words(project, rule, cancel)
    return _rises(project, rule), None


def _store(project: Project, firings: list[FiredAlert], marks: dict[int, int]) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    st = schema.settings
    with project.write() as conn:
        for f in firings:
            f.alert_id = int(conn.execute(schema.alerts.insert().values(
                rule_id=f.rule.id, fired_at=now, record_ids=f.record_ids, delivered=None,
                detail=f.detail).returning(schema.alerts.c.id)).scalar_one())
        for rule_id, mark in marks.items():
            conn.execute(st.delete().where(st.c.key == WATERMARK.format(rule_id)))
            conn.execute(st.insert().values(key=WATERMARK.format(rule_id), value=mark))


def _quotes(project: Project, ids: list[int], newest: bool = False) -> list[Quote]:
    """The first records of a words alert; the newest of a rise (what the rise is made of)."""
    r = schema.records
    ids = ids[-QUOTES:] if newest else ids[:QUOTES]
    with project.read() as conn:
        rows = conn.execute(select(r.c.id, r.c.created_at, r.c.channel, r.c.text)
                            .where(r.c.id.in_(ids)).order_by(r.c.id))
        return [Quote(int(i), at, str(ch), str(t)) for i, at, ch, t in rows]


def deliver(project: Project, fired: FiredAlert, delivery: Delivery, to: str, sender: str) -> None:
    """Send one stored firing and record how it was delivered."""
    quotes = _quotes(project, fired.record_ids, newest=fired.rule.kind != "words")
    msg = compose(fired.rule.name, fired.rule.kind, len(fired.record_ids), quotes, fired.detail, to, sender)
    fired.delivered = delivery(msg)
    with project.write() as conn:
        conn.execute(schema.alerts.update().where(schema.alerts.c.id == fired.alert_id)
                     .values(delivered=fired.delivered))


def evaluate_alerts(project: Project, delivery: Delivery | None = None, *, names: list[str] | None = None,
                    progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[FiredAlert]:
    """Evaluate enabled rules, store what fires (one transaction) and deliver it.

    Safe to call after every import or tagging run. Cancelling before the store step changes nothing.

    Raises:
        DeliveryError: a message could not be sent (the alerts stay stored, ``delivered`` empty).
    """
    rules = [r for r in list_rules(project, enabled_only=True) if names is None or r.name in names]
    firings: list[FiredAlert] = []
    marks: dict[int, int] = {}
    for i, rule in enumerate(rules):
        progress(i / max(len(rules), 1), Phrase("progress.alerts.rule", name=rule.name))
        found, mark = find_firings(project, rule, cancel=cancel)
        firings += found
        if mark is not None:
            marks[rule.id] = mark
    if cancel is not None:
        cancel.check()
    _store(project, firings, marks)
    if delivery is not None:
        to, sender = getattr(delivery, "to", "analyst@localhost"), getattr(delivery, "sender", "kesheng@localhost")
        for fired in firings:
            deliver(project, fired, delivery, to, sender)
    progress(1.0, Phrase("progress.alerts.found", n=len(firings)))
    return firings


def configured_delivery(project: Project) -> Delivery | None:
    """The delivery saved in the project (``alerts.smtp`` + ``alerts.mail_to``, or ``alerts.outbox``), if any.

    Only the server address, recipient and folder are kept in the project; the SMTP password comes from
    the secret store (system keyring or the chosen secrets file) at send time (see :class:`SmtpDelivery`).
    Import and tagging pass this to :func:`evaluate_alerts` so alerts go out without the analyst asking.
    """
    smtp, to, outbox = (project.get_setting(k) for k in (SMTP_SETTING, MAIL_TO_SETTING, OUTBOX_SETTING))
    if smtp and to:
        return SmtpDelivery.parse(str(smtp), str(to))
    if outbox:
        return OutboxDelivery(Path(str(outbox)), to=str(to or "analyst@localhost"))
    return None
