"""Renders a :class:`RecordDetail` as Qt rich text: the verbatim or the conversation as chat bubbles,
evidence spans highlighted in their tag's colour, tags with method and confidence, and provenance."""

from __future__ import annotations

from datetime import datetime
from html import escape
from urllib.parse import quote

from ui.i18n import tr
from ui.theme import SENTIMENT_COLORS, TAG_COLORS, is_dark
from workbench.queries.records import MessageInfo, RecordDetail, TagInfo

Span = tuple[int, int, str]


def tag_colors(tags: list[TagInfo]) -> dict[str, str]:
    """One stable colour per tagged node, in the order the tags are listed."""
    colors: dict[str, str] = {}
    for tag in tags:
        colors.setdefault(tag.node_key, TAG_COLORS[len(colors) % len(TAG_COLORS)])
    return colors


def highlight(text: str, spans: list[Span]) -> str:
    """HTML of ``text`` with each (start, end, colour) span on a coloured background; overlaps keep the first."""
    out, pos = [], 0
    for start, end, color in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<span style="background-color:{color}; color:#111;">{escape(text[start:end])}</span>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _spans_in(text: str, tags: list[TagInfo], colors: dict[str, str], offsets: bool) -> list[Span]:
    spans: list[Span] = []
    for tag in tags:
        if offsets and tag.span_start is not None and tag.span_end is not None and (
                not tag.evidence or text[tag.span_start:tag.span_end] == tag.evidence):
            spans.append((tag.span_start, tag.span_end, colors[tag.node_key]))
            continue
        if tag.evidence:
            at = text.find(tag.evidence)
            if at >= 0:
                spans.append((at, at + len(tag.evidence), colors[tag.node_key]))
    return spans


def render(detail: RecordDetail) -> str:
    """The whole detail panel as one HTML document."""
    colors = tag_colors(detail.tags)
    rec = detail.record
    parts = [_header(detail), _tags(detail.tags, colors)]
    if detail.messages:
        parts.append(_conversation(detail.messages, detail.tags, colors))
    else:
        body = highlight(str(rec.get("text", "")), _spans_in(str(rec.get("text", "")), detail.tags, colors, True))
        parts.append(f'<p style="font-size:11pt; line-height:150%;">{body}</p>')
    parts.append(_provenance(detail))
    return "".join(parts)


def _header(detail: RecordDetail) -> str:
    rec, a = detail.record, detail.assessment
    bits = [f"#{rec['id']}", escape(str(rec.get("channel") or "")), _time(rec.get("created_at"))]
    for key in ("external_id", "product", "customer_key"):
        if rec.get(key):
            value = escape(str(rec[key]))
            if key == "customer_key":  # opens the customer view (every contact of this customer)
                value = f'<a href="customer:{quote(str(rec[key]), safe="")}">{value}</a>'
            bits.append(f"{tr('col.' + key)}: {value}")
    if rec.get("rating") is not None:
        bits.append("★" * int(rec["rating"]))
    line = " · ".join(b for b in bits if b)
    if a is not None:
        color = SENTIMENT_COLORS.get(a["sentiment"], "#888")
        intent = tr("intent." + str(a.get("intent") or "other"))
        line += (f' &nbsp; <span style="color:{color}; font-weight:bold;">{tr("sent." + a["sentiment"])}</span>'
                 f" · {intent} · {tr('col.dissatisfaction')} {a['dissatisfaction']:.2f}")
    return f'<p style="color:{"#b0b6bc" if is_dark() else "#555"};">{line}</p>'


def _tags(tags: list[TagInfo], colors: dict[str, str]) -> str:
    if not tags:
        return f"<p><i>{tr('detail.untagged')}</i></p>"
    rows = []
    for tag in tags:
        sent = SENTIMENT_COLORS.get(tag.sentiment, "#888")
        reason = f"<br><small>{tr('detail.reason')}: {escape(tag.reason)}</small>" if tag.reason else ""
        rows.append(f'<tr><td style="background-color:{colors[tag.node_key]}; color:#111; padding:2px 6px;">'
                    f"{escape(tag.path)}</td>"
                    f'<td style="color:{sent}; padding:2px 6px;">{tr("sent." + tag.sentiment)}</td>'
                    f'<td style="padding:2px 6px;">{escape(tag.method)} · {tag.confidence:.0%}{reason}</td></tr>')
    return f'<table cellspacing="2">{"".join(rows)}</table>'


def _conversation(messages: list[MessageInfo], tags: list[TagInfo], colors: dict[str, str]) -> str:
    dark = is_dark()
    rows = []
    for msg in messages:
        customer = msg.role == "customer"
        bg = ("#2f4f3a" if dark else "#e3f4e1") if customer else ("#2f3e55" if dark else "#e8eef9")
        who = tr(f"role.{msg.role}") + (f" {escape(msg.agent)}" if msg.agent and not customer else "")
        meta = f'<small style="color:#888;">{who} · {_time(msg.sent_at)}</small>'
        body = highlight(msg.text, _spans_in(msg.text, tags, colors, offsets=False))
        color = "color:#888;" if msg.is_noise else ""
        align = "left" if customer else "right"
        rows.append(f'<table width="78%" align="{align}" cellpadding="7" style="margin-top:6px;">'
                    f'<tr><td style="background-color:{bg}; {color}">{meta}<br>{body}</td></tr></table>')
    return "".join(rows)


def _provenance(detail: RecordDetail) -> str:
    src = detail.source
    if src is None:
        return ""
    where = escape(src.path)
    if src.sheet:
        where += f" · {tr('detail.sheet')} {escape(src.sheet)}"
    if src.table_name:
        where += f" · {escape(src.table_name)}"
    if src.row is not None:
        where += f" · {tr('detail.row')} {src.row}"
    return f'<hr><p style="color:#888;"><small>{tr("detail.source")}: {where}</small></p>'


def _time(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""
