"""Delivering fired alerts: e-mail through the user's SMTP server, or .eml files in an outbox folder.

Credentials never live in the project file. The SMTP user is ``KESHENG_SMTP_USER`` or, for the server
configured in the preferences (``smtp_host``), the preferences' ``smtp_user``; its password comes from
:func:`workbench.secrets.get_secret` (``"smtp"``: the environment, the OS keyring or the chosen secrets
file), so it is never sent to another server. The sender is ``KESHENG_MAIL_FROM`` or the preferences'
``mail_from``. STARTTLS is used whenever the server offers it, and required before sending credentials.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, Protocol

from workbench.errors import InputError, KeshengError, UsageError

DEFAULT_SENDER = "kesheng@localhost"


class DeliveryError(KeshengError):
    """An alert could not be delivered (the alert itself is stored)."""


@dataclass(frozen=True)
class Quote:
    """A record quoted in an alert message."""

    record_id: int
    created_at: datetime | None
    channel: str
    text: str


def compose(rule: str, kind: str, record_count: int, quotes: list[Quote], detail: dict[str, Any],
            to: str, sender: str = DEFAULT_SENDER) -> EmailMessage:
    """A bilingual (Chinese first, then English) alert message with counts and a few quotes."""
    msg = EmailMessage()
    msg["Subject"] = f"[客声告警] {rule}：{record_count} 条记录 / [Kesheng alert] {rule}: {record_count} records"
    msg["From"], msg["To"] = sender, to
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="kesheng.local")
    lines = [f"规则「{rule}」（{kind}）触发，涉及 {record_count} 条记录。"]
    lines += rise_lines(detail, "zh")
    lines += ["", "示例原话："] + [_quote_line(q) for q in quotes]
    lines += ["", "—", f"Rule '{rule}' ({kind}) fired on {record_count} records."]
    lines += rise_lines(detail, "en")
    lines += ["", "Quotes:"] + [_quote_line(q) for q in quotes]
    msg.set_content("\n".join(lines), charset="utf-8")
    return msg


GRAIN_ZH = {"day": "日", "week": "周", "month": "月"}


def rise_lines(detail: dict[str, Any], lang: str) -> list[str]:
    """The sentence that says what rose against what; a partial period says so (empty for a words alert)."""
    if "day" in detail:  # alerts stored before periods compared like with like
        if lang == "en":
            return [f"On {detail['day']}: {detail['count']} records against a baseline of "
                    f"{detail['baseline']:.1f} (z = {detail['z']:.1f})."]
        return [f"日期 {detail['day']}：{detail['count']} 条，基线 {detail['baseline']:.1f}，z = {detail['z']:.1f}。"]
    if "from" not in detail:
        return []
    d = detail
    if lang == "en":
        now = f"{d['from']} to {d['to']}"
        if d["partial"]:
            now += (f" (the {d['grain']} so far, {d['days']} days, compared with the same {d['days']} days "
                    "just before it)")
        return [f"{now}: {d['count']} records, against {d['previous']} in {d['previous_from']} to "
                f"{d['previous_to']} (z = {d['z']:.1f})."]
    unit = GRAIN_ZH.get(str(d["grain"]), "期")
    now = f"{d['from']} 至 {d['to']}"
    if d["partial"]:
        now += f"（本{unit}未完，仅 {d['days']} 天，与此前同样 {d['days']} 天相比）"
    return [f"{now}：{d['count']} 条，上期 {d['previous_from']} 至 {d['previous_to']}：{d['previous']} 条"
            f"（z = {d['z']:.1f}）。"]


def _quote_line(q: Quote) -> str:
    text = re.sub(r"\s+", " ", q.text).strip()
    when = q.created_at.strftime("%Y-%m-%d %H:%M") if q.created_at else "-"
    return f"  #{q.record_id} [{when} · {q.channel}] {text[:140]}{'…' if len(text) > 140 else ''}"


class Delivery(Protocol):
    """Sends one message; returns how (``"smtp"`` or ``"outbox"``)."""

    def __call__(self, msg: EmailMessage) -> str: ...


@dataclass(frozen=True)
class SmtpDelivery:
    """Sends through ``host:port``; credentials from :meth:`credentials`, never from the project."""

    host: str
    port: int
    to: str
    timeout: float = 15.0

    @classmethod
    def parse(cls, address: str, to: str) -> SmtpDelivery:
        """From ``HOST:PORT`` (port defaults to 25).

        Raises:
            UsageError: the address or recipient is malformed.
        """
        host, _, port = address.rpartition(":") if ":" in address else (address, ":", "25")
        if not host or not port.isdigit() or "@" not in to:
            raise UsageError(f"give --smtp as HOST:PORT and --mail-to as an e-mail address (got {address!r}, {to!r})")
        return cls(host, int(port), to)

    @property
    def sender(self) -> str:
        from workbench.config import load_preferences

        return os.environ.get("KESHENG_MAIL_FROM") or load_preferences().mail_from.strip() or DEFAULT_SENDER

    def credentials(self) -> tuple[str | None, str | None]:
        """The SMTP user and password for this server, or ``(None, None)`` to send without logging in.

        Raises:
            DeliveryError: a user is configured but no password is stored for it.
            SecretStoreError: the secrets store cannot be read.
        """
        from workbench.config import load_preferences
        from workbench.secrets import get_secret

        user = os.environ.get("KESHENG_SMTP_USER")
        if not user:
            prefs = load_preferences()
            same = prefs.smtp_host.strip().lower() == self.host.lower()
            user = prefs.smtp_user.strip() if same else None
        if not user:
            return None, None
        password = get_secret("smtp")
        if not password:
            raise DeliveryError.of("errors.alerts.no_password", user=user)
        return user, password

    def __call__(self, msg: EmailMessage) -> str:
        user, password = self.credentials()
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if smtp.has_extn("starttls"):
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                elif user:
                    raise DeliveryError.of("errors.alerts.no_starttls", host=self.host, port=self.port)
                if user and password:
                    smtp.login(user, password)
                smtp.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError.of("errors.alerts.smtp", host=self.host, port=self.port, reason=exc) from exc
        return "smtp"


@dataclass(frozen=True)
class OutboxDelivery:
    """Writes each message as an .eml file into a folder (created if missing)."""

    folder: Path
    to: str = "analyst@localhost"
    sender: str = DEFAULT_SENDER

    def __call__(self, msg: EmailMessage) -> str:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError.of("errors.alerts.outbox", folder=self.folder, reason=exc) from exc
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"alert-{stamp}.eml"
        path.write_bytes(bytes(msg))
        return "outbox"
