"""Template narrative: sentences built only from computed numbers (no model, so nothing is invented).

The LLM narrative (when chosen) is written by the assistant and checked against the same numbers.
"""

from __future__ import annotations

import re

from workbench.reports.labels import fmt_pct, t
from workbench.reports.model import Kpi, Quote, ReportContent, TopRow, TreeRow

SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]?")
# a transcript line's head: "2024-03-23 16:08:15 客户：", "[10:02] 客服小王(工号1032):"
STAMP = re.compile(r"^\s*(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?|\[\d{1,2}:\d{2}(?::\d{2})?\])\s*")
SPEAKER = re.compile(r"^([^：:\s]{1,24})\s*[：:]\s*")
ROLE = re.compile(r"客户|顾客|买家|用户|访客|客服|机器人|系统|visitor|customer|agent|robot|system", re.IGNORECASE)
CUSTOMER = re.compile(r"客户|顾客|买家|用户|访客|visitor|customer", re.IGNORECASE)
MAX_QUOTE = 140


def _kpi(kpis: list[Kpi], key: str) -> Kpi | None:
    return next((k for k in kpis if k.key == key), None)


def _change(now: float | None, before: float | None, lang: str) -> str:
    if now is None or not before:
        return ""
    pct = (now - before) / before * 100
    return t("narr.change", lang, direction=t("narr.up" if pct >= 0 else "narr.down", lang), pct=abs(pct))


def summary(kpis: list[Kpi], frequent: list[TopRow], rising: list[TopRow], lang: str) -> list[str]:
    """Three to five sentences of executive summary, the finding first: the fastest-rising issue when one
    rose significantly, then the volume, the negative share and the most frequent issue."""
    out: list[str] = []
    if rising:
        r = rising[0]
        change = t("narr.rise", lang, rise=(r.count - r.previous) / r.previous) if r.previous else t("narr.new", lang)
        out.append(t("narr.rising", lang, path=r.path, previous=r.previous, count=r.count, change=change))
    records, negative = _kpi(kpis, "kpi_records"), _kpi(kpis, "kpi_negative")
    if records and records.value is not None:
        change = _change(records.value, records.previous, lang)
        out.append(t("narr.records", lang, n=records.value, change=change))
    if negative and negative.value is not None:
        out.append(t("narr.negative", lang, share=fmt_pct(negative.value), previous=fmt_pct(negative.previous)))
    if frequent:
        top = frequent[0]
        out.append(t("narr.frequent", lang, path=top.path, count=top.count, share=fmt_pct(top.share)))
    return out


def period_note(content: ReportContent, lang: str) -> list[str]:
    """One sentence on what the period is and what it is compared with, when the data chose it or it is
    partial; nothing when the reader gave whole dates."""
    if content.period is None or content.previous is None or (content.grain is None and not content.partial):
        return []
    (a, b), (c, d) = content.period, content.previous
    grain = content.grain if content.grain in ("day", "week", "month") else None
    unit = t(f"narr.unit.{grain}", lang) if grain else ""
    if content.partial:
        return [t("narr.partial", lang, unit=unit or t("narr.unit.period", lang), a=a, b=b, c=c, d=d,
                  days=(b - a).days + 1)]
    # no "--from/--to" here: the client reads this; the command prints that hint to the analyst
    return [t("narr.complete", lang, unit=unit, a=a, b=b, c=c, d=d)]


def issue_text(row: TreeRow, lang: str, compared: bool = True) -> str:
    """One paragraph about a TOP issue from its tree row."""
    change = t("narr.first_period", lang)
    if compared:
        change = t("narr.previous", lang, previous=row.previous, delta=row.delta) if row.previous else \
            t("narr.none_before", lang)
    return t("narr.issue", lang, path=row.path, count=row.count, share=fmt_pct(row.share), change=change,
             negative=fmt_pct(row.negative_share))


def quote_text(text: str, start: int | None, end: int | None) -> str:
    """The record's text, or — when long or a multi-line transcript — the line or sentences around the
    evidence span: always a verbatim substring."""
    if "\n" in text:
        lines, pos = [], 0
        for line in text.split("\n"):
            lines.append((pos, line))
            pos += len(line) + 1
        if start is not None:
            hit = [(p, line) for p, line in lines if p <= start < p + len(line) + 1]
            if hit:
                return quote_text(hit[0][1], start - hit[0][0], (end or start + 1) - hit[0][0])
        return quote_text(max((line for _, line in lines), key=len), None, None)
    if len(text) <= MAX_QUOTE:
        return text
    if start is None or end is None or not (0 <= start < end <= len(text)):
        start, end = 0, 1
    lo = max((m.start() for m in SENTENCE.finditer(text) if m.start() <= start and m.group()), default=0)
    hi = min(len(text), max(end, lo + MAX_QUOTE))
    return text[lo:hi]


def clean_quote(text: str, evidence: str | None) -> str | None:
    """The quote without a transcript line's timestamp and speaker; None when the line is someone else's
    than the customer's, or the node's ``evidence`` is not inside what is left."""
    body = text
    stamp = STAMP.match(body)
    if stamp:
        body = body[stamp.end():]
    speaker = SPEAKER.match(body)
    if speaker and (stamp or ROLE.search(speaker.group(1))):
        if not CUSTOMER.search(speaker.group(1)):
            return None
        body = body[speaker.end():]
    body = body.strip()
    if not body or (evidence and evidence not in body):
        return None
    return body


def pick_quotes(candidates: list[dict[str, object]], n: int, prefer_negative: bool,
                used: set[str] | None = None) -> list[Quote]:
    """Up to ``n`` quotes: confident, preferring the dominant sentiment and different channels; each a
    customer's words with the node's evidence inside, never one already in ``used`` (updated)."""
    used = set() if used is None else used
    ranked = sorted(candidates, key=lambda c: (
        (c["sentiment"] != "negative") if prefer_negative else 0, -float(c["confidence"] or 0),  # type: ignore[arg-type]
        abs(len(str(c["text"])) - 50)))
    out: list[Quote] = []
    channels: set[str] = set()
    for pass_ in (0, 1):
        for c in ranked:
            if len(out) >= n:
                break
            if any(q.record_id == c["id"] for q in out) or (pass_ == 0 and c["channel"] in channels):
                continue
            raw = quote_text(str(c["text"]), c["span_start"], c["span_end"])  # type: ignore[arg-type]
            text = clean_quote(raw, str(c.get("evidence") or "") or None)
            if text is None or text in used:
                continue
            used.add(text)
            out.append(Quote(int(c["id"]), text, str(c["channel"]), c["created_at"]))  # type: ignore[call-overload, arg-type]
            channels.add(str(c["channel"]))
    return out
