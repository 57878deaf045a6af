"""Whole chat sessions in one cell: recognising them from their values and splitting them into turns.

A line opens a turn when it carries a speaker (``客户：…``, ``【客服】…``, ``[系统消息] …``) with or
without a time before or after it (``2024-05-03 10:01:22 客户：…``, ``客服小李 2024-05-03 10:01:22``
with the text on the lines below). Any other line continues the turn above. Times without a date take
the date of the turn before (or of the row), rolling over midnight. Roles come from
:class:`~workbench.ingest.speakers.SpeakerRoles`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from workbench.ingest.speakers import SpeakerRoles, is_known_label

_BREAKS = re.compile(r"\r\n|\r|<br\s*/?>|</?p\s*>|</div>|<div[^>]{0,200}>", re.IGNORECASE)
_TAGS = re.compile(r"<[/!?]?[A-Za-z][^<>]{0,300}>")
_TIME = (r"(?:(?P<d>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)[ T]+)?"
         r"(?P<t>\d{1,2}:\d{2}(?::\d{2})?)")
_SPEAKER = r"(?P<s>(?![\d\s])[^\s：:【】\[\]][^：:【】\[\]\n]{0,39}?)"
_LINE_FORMS = (
    # 2024-05-03 10:01:22 客户：text   /   [2024-05-03 10:01:22] 客户: text
    re.compile(rf"^\[?{_TIME}\]?\s+{_SPEAKER}\s*[：:]\s?(?P<x>.*)$"),
    # 【客服小李】 2024-05-03 10:01:22 text   /   【系统】text
    re.compile(rf"^【(?P<s>[^】]{{1,40}})】\s*(?:\[?{_TIME}\]?)?\s*[：:]?\s*(?P<x>.*)$"),
    # [系统消息] text (bracketed system markers)
    re.compile(r"^\[(?P<s>系统消息|系统通知|系统提示|系统|通知|system|System|SYSTEM)\]\s*[：:]?\s*(?P<x>.*)$"),
    # 客服小李 2024-05-03 10:01:22 (text on the following lines) or 客服小李 10:01:22：text
    re.compile(rf"^{_SPEAKER}\s+\(?{_TIME}\)?\s*[：:]?\s*(?P<x>.*)$"),
    # 客户：text (no time) — only taken when the label is a known role or a speaker seen with a time
    re.compile(rf"^{_SPEAKER}\s*[：:]\s?(?P<x>.*)$"),
)
_UNTIMED = len(_LINE_FORMS) - 1


@dataclass
class Turn:
    """One turn of a session: role (customer, agent, bot, system), speaker label, time and text."""

    role: str
    speaker: str | None
    sent_at: datetime | None
    text: str


@dataclass
class _Head:
    speaker: str
    day: str | None
    clock: str | None
    text: str
    form: int


def split_lines(value: str) -> list[str]:
    """The cell's lines: CRLF, CR, ``<br>`` and block tags are line breaks; other markup is dropped."""
    s = _BREAKS.sub("\n", value)
    if "<" in s:
        s = _TAGS.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    return [line.strip() for line in s.split("\n")]


def _head(line: str, known: set[str]) -> _Head | None:
    for form, pattern in enumerate(_LINE_FORMS):
        m = pattern.match(line)
        if m is None:
            continue
        groups = m.groupdict()
        speaker = (groups.get("s") or "").strip()
        if not speaker:
            continue
        if form == _UNTIMED and not (is_known_label(speaker) or speaker in known):
            return None
        return _Head(speaker, groups.get("d"), groups.get("t"), groups.get("x") or "", form)
    return None


def count_heads(value: object) -> int:
    """How many lines of a cell open a turn (0 for what is not text)."""
    if not isinstance(value, str) or ("\n" not in value and "<br" not in value.lower() and "\r" not in value):
        return 0
    return sum(1 for line in split_lines(value)
               if line and (h := _head(line, set())) is not None and (h.clock or is_known_label(h.speaker)))


def looks_like_transcripts(values: Sequence[object]) -> bool:
    """True when most filled values hold at least two turn lines, with speakers: a transcript column."""
    filled = [v for v in values if isinstance(v, str) and v.strip()]
    if len(filled) < 1:
        return False
    hits = sum(1 for v in filled if count_heads(v) >= 2)
    return hits >= max(1, 0.6 * len(filled))


def speaker_labels(value: object) -> list[str]:
    """The speaker labels that open turns in one cell (for learning who the agents are)."""
    if not isinstance(value, str):
        return []
    return [h.speaker for line in split_lines(value) if line and (h := _head(line, set())) is not None
            and (h.clock or is_known_label(h.speaker))]


def parse_transcript(value: str, roles: SpeakerRoles, base: datetime | None = None) -> list[Turn]:
    """Split one cell into turns (empty turns dropped; lines before the first speaker are a system turn)."""
    lines = [line for line in split_lines(value) if line]
    known = {h.speaker for line in lines if (h := _head(line, set())) is not None and h.clock}
    parts: list[tuple[Turn, list[str]]] = []
    day: date | None = base.date() if base else None
    last: datetime | None = None
    for line in lines:
        h = _head(line, known)
        if h is None:
            if not parts:
                parts.append((Turn("system", None, None, ""), []))
            parts[-1][1].append(line)
            continue
        when = _when(h, day, last)
        if when is not None:
            day, last = when.date(), when
        parts.append((Turn(roles.role(h.speaker), h.speaker, when, ""), [h.text] if h.text else []))
    turns = []
    for turn, body in parts:
        turn.text = "\n".join(body)
        if turn.text:
            turns.append(turn)
    return turns


def _when(h: _Head, day: date | None, last: datetime | None) -> datetime | None:
    if not h.clock:
        return None
    parts = [int(p) for p in h.clock.split(":")]
    hour, minute, second = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    if h.day:
        nums = [int(n) for n in re.findall(r"\d+", h.day)]
        try:
            return datetime(nums[0], nums[1], nums[2], hour, minute, second)
        except ValueError:
            return None
    if day is None:
        return None
    when = datetime(day.year, day.month, day.day, hour, minute, second)
    if last is not None and when < last - timedelta(minutes=1):
        when += timedelta(days=1)  # a clock that goes back: the session went past midnight
    return when
