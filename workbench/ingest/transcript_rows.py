"""One session per row, its whole transcript in one cell → a conversation record with its turns.

The record's text is the customer's turns (noise such as ``[图片]`` left out); every turn is stored as a
message with its role, speaker and time. Bot and system turns are flagged noise so they are never tagged
or quoted as the customer. Duplicates are found on the parsed turns, so the same session exported twice
(xlsx datetimes, CSV text, CRLF or LF) is one conversation.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.ingest.builder import Columns, Context, cell, customer_key, extras, mask_text, parse_time
from workbench.ingest.clean import is_noise, tidy_text
from workbench.ingest.dedup import content_hash, match_form
from workbench.ingest.ratings import RatingReader
from workbench.ingest.speakers import SpeakerRoles, agent_name, learn_agents, role_of_label
from workbench.ingest.transcript import Turn, parse_transcript
from workbench.ingest.values import as_key, lang_of
from workbench.ingest.writer import Row, record_row

Built = tuple[Row, list[dict[str, object]], list[tuple[str, str]]]


def roles_from_sample(sample: Sequence[list[object]], cols: Columns,
                      overrides: dict[str, str] | None = None) -> SpeakerRoles:
    """Speaker roles learnt from the sample rows: agent column names, recurring names, service phrases."""
    text_i, agent_i = cols.index["text"], cols.get("agent")
    agents = [str(v) for r in sample if (v := cell(r, agent_i)) not in (None, "")]
    sessions = []
    plain = SpeakerRoles()
    for r in sample:
        value = cell(r, text_i)
        if isinstance(value, str):
            sessions.append([(t.speaker or "", t.text) for t in parse_transcript(value, plain) if t.speaker])
    return SpeakerRoles(learn_agents(sessions, agents), overrides)


class TranscriptRows:
    """Builds (record, messages, PII found) from rows whose text column holds whole sessions."""

    def __init__(self, ctx: Context, cols: Columns, roles: SpeakerRoles, ratings: RatingReader | None) -> None:
        self.ctx, self.cols, self.roles, self.ratings = ctx, cols, roles, ratings

    def build(self, rownum: int, row: list[object]) -> Built | None:
        """The conversation of one row; None when it is empty or a duplicate (counted with its reason)."""
        ctx, cols, tally = self.ctx, self.cols, self.ctx.tally
        base = parse_time(ctx, cell(row, cols.get("time")), rownum)
        raw = cell(row, cols.index["text"])
        turns = parse_transcript(raw, self.roles, base) if isinstance(raw, str) else []
        pii: list[tuple[str, str]] = []
        messages = [self._message(t, pii) for t in turns]
        messages = [m for m in messages if m["text"]]
        number_turns(messages)
        voice = [str(m["text"]) for m in messages if m["role"] == "customer" and not m["is_noise"]]
        if not voice:
            tally.drop("no customer turn in the transcript", f"{ctx.where(rownum)}: no customer turn; skipped")
            return None
        session = as_key(cell(row, cols.get("session")))
        started = base or next((t.sent_at for t in turns if t.sent_at), None)
        shape = "\n".join(f"{m['role']}:{match_form(str(m['text']))}" for m in messages)
        digest = content_hash(shape, session, started.date().isoformat() if started else "")
        if ctx.deduper.is_duplicate(digest):
            tally.duplicates += 1
            return None
        record_id = ctx.next_id
        ctx.next_id += 1
        for m in messages:
            m["record_id"] = record_id
            tally.turns[str(m["role"])] = tally.turns.get(str(m["role"]), 0) + 1
        if pii:
            tally.masked += 1
        text = "\n".join(voice)
        rating, nps = self.ratings.read(cell(row, cols.get("rating"))) if self.ratings else (None, None)
        in_columns: list[tuple[str, str]] = []
        extra = extras(ctx, cols, row, pii, in_columns) if cols.extras else None
        tally.count_masked(pii, in_columns)
        pii.extend(in_columns)
        if nps is not None:
            extra = {**(extra or {}), "nps": nps}
        agent_cell = as_key(cell(row, cols.get("agent")))
        agent = agent_name(agent_cell) if agent_cell else next(
            (str(m["agent"]) for m in messages if m["role"] == "agent" and m["agent"]), None)
        channel = ctx.channel or as_key(cell(row, cols.get("channel"))) or "chat"
        record: dict[str, object] = {
            "id": record_id, "source_id": ctx.source_id, "source_row": rownum, "channel": channel[:64],
            "external_id": as_key(cell(row, cols.get("id"))), "created_at": started,
            "customer_key": customer_key(ctx, cell(row, cols.get("customer"))), "session_key": session,
            "agent": agent, "text": text, "rating": rating, "product": as_key(cell(row, cols.get("product"))),
            "extra": extra, "content_hash": digest, "near_dup_of": None, "is_conversation": True,
            "lang": lang_of(text),
        }
        return record_row(record, ctx.sqlite), messages, pii

    def _message(self, turn: Turn, pii: list[tuple[str, str]]) -> dict[str, object]:
        text = mask_text(self.ctx, tidy_text(turn.text), pii)
        if turn.speaker and role_of_label(turn.speaker) is None:
            self.ctx.tally.saw_speaker(agent_name(turn.speaker), turn.role)
        noise = turn.role in ("bot", "system") or (turn.role == "customer" and is_noise(text))
        return {"record_id": None, "turn": 0, "role": turn.role, "sent_at": turn.sent_at,
                "agent": speaker_of(turn), "text": text, "is_noise": noise}


def speaker_of(turn: Turn) -> str | None:
    """The speaker stored with a message: agents and bots by name; a customer only by a role word (no names)."""
    if turn.speaker is None:
        return None
    if turn.role == "customer" and role_of_label(turn.speaker) is None:
        return None
    return agent_name(turn.speaker)[:255]


def number_turns(messages: list[dict[str, object]]) -> None:
    """Turn numbers 1…n in order."""
    for i, m in enumerate(messages, 1):
        m["turn"] = i

