"""Chat exports: rows per message → one conversation record per session, with its messages.

The record's text is the customer's non-noise turns joined by newlines; every message (noise included,
flagged) is kept in ``messages`` with its role, so customer and agent turns stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from workbench.ingest.builder import Columns, Context, cell, customer_key, extras, mask_text, parse_time
from workbench.ingest.clean import is_noise, tidy_text
from workbench.ingest.dedup import content_hash
from workbench.ingest.speakers import SpeakerRoles, agent_name
from workbench.ingest.values import as_int, as_key, as_role, lang_of
from workbench.ingest.writer import Row, record_row


@dataclass
class Message:
    """One message of a session, already cleaned and masked."""

    order: tuple[int, datetime, int]
    role: str
    sent_at: datetime | None
    agent: str | None
    text: str
    is_noise: bool


@dataclass
class Session:
    """Messages and session-level values gathered from the rows of one session."""

    key: str
    first_row: int
    messages: list[Message] = field(default_factory=list)
    pii: list[tuple[str, str]] = field(default_factory=list)
    column_pii: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    repeated: int = 0


class ConversationCollector:
    """Gathers message rows by session id; :meth:`records` emits the conversation records at the end."""

    def __init__(self, ctx: Context, cols: Columns, roles: SpeakerRoles | None = None) -> None:
        self.ctx, self.cols = ctx, cols
        self.roles = roles or SpeakerRoles()
        self.sessions: dict[str, Session] = {}

    def add(self, rownum: int, row: list[object]) -> None:
        """Add one message row (rows without a session id become sessions of their own)."""
        ctx, cols = self.ctx, self.cols
        key = as_key(cell(row, cols.get("session"))) or f"row-{rownum}"
        session = self.sessions.get(key)
        if session is None:
            session = self.sessions[key] = Session(key, rownum)
        value = cell(row, cols.index["text"])
        text = tidy_text(value) if self.ctx.clean else ("" if value is None else str(value)).strip()
        if not text:
            return
        role_raw, speaker = cell(row, cols.get("role")), as_key(cell(row, cols.get("speaker")))
        if speaker is not None and agent_name(speaker) in self.roles.overrides:
            role = self.roles.overrides[agent_name(speaker)]  # the analyst's fix beats the role column
        elif role_raw not in (None, "") or speaker is None:
            role = as_role(role_raw)
        else:
            role = self.roles.role(speaker)
        sent = parse_time(ctx, cell(row, cols.get("time")), rownum)
        if speaker is not None:
            ctx.tally.saw_speaker(agent_name(speaker), role)
        signature = repr(row)  # a row exported twice is identical in every cell
        if signature in session.seen:
            session.repeated += 1  # the same message exported twice (overlapping pulls of an archive)
            return
        session.seen.add(signature)
        text = mask_text(ctx, text, session.pii)
        turn = as_int(cell(row, cols.get("turn")))
        order = (turn if turn is not None else 1 << 30, sent or datetime.max, rownum)
        column_agent = as_key(cell(row, cols.get("agent")))
        agent = message_agent(role, speaker, column_agent)
        if column_agent is not None:
            session.values.setdefault("agent", agent_name(column_agent))
        noise = (self.ctx.drop_noise and is_noise(text)) or role in ("bot", "system")
        session.messages.append(Message(order, role, sent, agent, text, noise))
        for name in ("customer", "channel", "product", "rating", "id"):
            value = cell(row, cols.get(name))
            if value not in (None, "") and name not in session.values and (name != "customer" or role == "customer"):
                session.values[name] = value
        if cols.extras and "extra" not in session.values:
            session.values["extra"] = extras(ctx, cols, row, session.pii, session.column_pii)

    def records(self) -> list[tuple[Row, list[dict[str, object]], list[tuple[str, str]]]]:
        """(record, messages, PII found) per new session, in first-row order; duplicates and empty ones dropped."""
        out = []
        for session in self.sessions.values():
            built = self._build(session)
            if built is not None:
                out.append(built)
        return out

    def _build(self, s: Session) -> tuple[Row, list[dict[str, object]], list[tuple[str, str]]] | None:
        ctx, tally = self.ctx, self.ctx.tally
        s.messages.sort(key=lambda m: m.order)
        voice = [m.text for m in s.messages if m.role == "customer" and not m.is_noise]
        if s.repeated:
            tally.dropped["repeated message rows"] = tally.dropped.get("repeated message rows", 0) + s.repeated
            tally.duplicates += 1
            tally.problem(f"session {s.key}: {s.repeated} message rows appear twice; kept once")
        if not voice:
            tally.drop("session without a customer message",
                       f"{ctx.where(s.first_row)}: session {s.key} has no customer message; skipped")
            return None
        text = "\n".join(voice)
        started = next((m.sent_at for m in s.messages if m.sent_at), None)
        customer = customer_key(ctx, s.values.get("customer"))
        transcript = "\n".join(f"{m.role}:{m.text}" for m in s.messages)
        digest = content_hash(f"{s.key}\n{transcript}", customer, started.date().isoformat() if started else "")
        if ctx.deduper.is_duplicate(digest):
            tally.duplicates += 1
            return None
        record_id = ctx.next_id
        ctx.next_id += 1
        for m in s.messages:
            tally.turns[m.role] = tally.turns.get(m.role, 0) + 1
        tally.count_masked(s.pii, s.column_pii)
        if s.pii or s.column_pii:
            tally.masked += 1
        rating, nps = ctx.ratings.read(s.values.get("rating"))
        if nps is not None:
            s.values["extra"] = {**(s.values.get("extra") or {}), "nps": nps}  # type: ignore[dict-item]
        channel = ctx.channel or as_key(s.values.get("channel")) or "chat"
        agent = next((m.agent for m in s.messages if m.agent and m.role == "agent"), None) \
            or as_key(s.values.get("agent"))
        record: dict[str, object] = {
            "id": record_id, "source_id": ctx.source_id, "source_row": s.first_row, "channel": channel[:64],
            "external_id": as_key(s.values.get("id")), "created_at": started, "customer_key": customer,
            "session_key": s.key, "agent": agent, "text": text, "rating": rating,
            "product": as_key(s.values.get("product")), "extra": s.values.get("extra"), "content_hash": digest,
            "near_dup_of": None, "is_conversation": True, "lang": lang_of(text),
        }
        messages: list[dict[str, object]] = [
            {"record_id": record_id, "turn": i, "role": m.role, "sent_at": m.sent_at, "agent": m.agent,
             "text": m.text, "is_noise": m.is_noise} for i, m in enumerate(s.messages, 1)]
        return record_row(record, ctx.sqlite), messages, s.pii + s.column_pii


def message_agent(role: str, speaker: str | None, column_agent: str | None) -> str | None:
    """The speaker stored with a message: an agent or bot by its own name; the agent column names only agent
    messages (a session-level agent on a customer's or robot's row is not who said it)."""
    if speaker is not None and role in ("agent", "bot"):
        return agent_name(speaker)
    if column_agent is not None and role == "agent":
        return agent_name(column_agent)
    return None
