"""The typed, safe operations a plan may use. Each reads the store through the analysis layer and
returns figures (every number an answer may state) with a description of the query behind it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from workbench.analysis.top import rank
from workbench.assistant.entities import product_groups
from workbench.queries import aggregates, records, report_rows
from workbench.store.handle import Project
from workbench.types import RecordFilter


@dataclass(frozen=True)
class Figure:
    """A number an answer may quote, what it counts, and the query that produced it."""

    value: float
    label: str
    query: str


@dataclass(frozen=True)
class QuoteRef:
    record_id: int
    text: str


@dataclass
class OpResult:
    """One operation's outcome: figures, optional ranked rows and quotes."""

    op: str
    figures: list[Figure] = field(default_factory=list)
    rows: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[QuoteRef] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)


def day_filter(flt: RecordFilter, period: tuple[date, date] | None) -> RecordFilter:
    if period is None:
        return flt
    start, end = period
    return flt.with_(date_from=datetime.combine(start, datetime.min.time()),
                     date_to=datetime.combine(end + timedelta(days=1), datetime.min.time()))


def describe(flt: RecordFilter, node_path: str | None) -> str:
    parts = []
    if node_path:
        parts.append(f"node={node_path}")
    if flt.date_from and flt.date_to:
        parts.append(f"{flt.date_from:%Y-%m-%d}..{(flt.date_to - timedelta(days=1)):%Y-%m-%d}")
    for name, value in (("channel", flt.channels), ("product", flt.products), ("sentiment", flt.sentiments)):
        if value:
            parts.append(f"{name}={','.join(value)}")
    if flt.text:
        parts.append(f"text~{flt.text}")
    return ", ".join(parts) or "all records"


def count(project: Project, flt: RecordFilter, node_path: str | None) -> OpResult:
    n = records.count(project, flt)
    return OpResult("count", [Figure(n, "records", f"count({describe(flt, node_path)})")])


def compare(project: Project, flt: RecordFilter, node_path: str | None) -> OpResult:
    """This period against the previous period of the same length."""
    assert flt.date_from is not None and flt.date_to is not None
    length = flt.date_to - flt.date_from
    before = flt.with_(date_from=flt.date_from - length, date_to=flt.date_from)
    now, prev = records.count(project, flt), records.count(project, before)
    out = OpResult("compare", [Figure(now, "this period", f"count({describe(flt, node_path)})"),
                               Figure(prev, "previous period", f"count({describe(before, node_path)})"),
                               Figure(now - prev, "change", "difference")])
    if prev:
        out.figures.append(Figure(round(100 * (now - prev) / prev, 1), "change %", "relative change"))
    out.facts["previous"] = describe(before, None)
    return out


def by_period(project: Project, flt: RecordFilter, node_path: str | None, grain: str = "month") -> OpResult:
    """Counts per month (or week) over all time; the first period it appears and the peak."""
    series = records.daily_counts(project, flt.with_(date_from=None, date_to=None), grain)  # type: ignore[arg-type]
    rows = [(d.strftime("%Y-%m") if grain == "month" else d.isoformat(), n)
            for d, n in zip(series.starts, series.totals, strict=True)]
    out = OpResult(f"by_{grain}", rows=rows)
    if not rows or max(n for _, n in rows) == 0:
        return out
    peak = max(rows, key=lambda r: r[1])
    threshold = min(peak[1], max(3, 0.15 * peak[1]))
    first = next(r for r in rows if r[1] >= threshold)
    query = f"count per {grain}({describe(flt.with_(date_from=None, date_to=None), node_path)})"
    out.figures += [Figure(peak[1], f"peak {grain} {peak[0]}", query),
                    Figure(first[1], f"first {grain} {first[0]}", query)]
    out.figures += [Figure(n, f"{grain} {label}", query) for label, n in rows]
    out.facts.update({"peak": peak[0], "first": first[0]})
    return out


def by_product(project: Project, flt: RecordFilter, node_path: str | None) -> OpResult:
    """Counts per product, name variants grouped."""
    counts = dict(records.products(project))
    groups = product_groups(tuple(counts))
    rows = []
    for canonical, variants in groups.items():
        n = records.count(project, flt.with_(products=tuple(variants)))
        if n:
            rows.append((canonical, n))
    rows.sort(key=lambda r: -r[1])
    query = f"count per product({describe(flt, node_path)})"
    return OpResult("by_product", [Figure(n, f"product {p}", query) for p, n in rows], rows=rows)


def by_channel(project: Project, flt: RecordFilter, node_path: str | None) -> OpResult:
    with project.read() as conn:
        counts = report_rows.channel_counts(conn, flt)
    rows = sorted(counts.items(), key=lambda r: -r[1])
    query = f"count per channel({describe(flt, node_path)})"
    return OpResult("by_channel", [Figure(n, f"channel {c}", query) for c, n in rows], rows=rows)


def top(project: Project, flt: RecordFilter, by: str, level: int | None = 2, limit: int = 5) -> OpResult:
    """TOP issues in the period against the previous period of the same length."""
    prev = flt
    if flt.date_from and flt.date_to:
        length = flt.date_to - flt.date_from
        prev = flt.with_(date_from=flt.date_from - length, date_to=flt.date_from)
    items = rank(by, aggregates.tree_aggregate(project, flt), aggregates.tree_aggregate(project, prev),  # type: ignore[arg-type]
                 level=level, limit=limit)
    query = f"top {by}({describe(flt, None)})"
    out = OpResult(f"top_{by}", rows=[(i.node, i.count) for i in items])
    for i in items:
        out.figures += [Figure(i.count, f"{i.node}", query), Figure(i.previous, f"{i.node} previous", query)]
    return out


def quotes(project: Project, flt: RecordFilter, node_key: str | None, n: int = 3) -> OpResult:
    """Representative records, copied verbatim (whole text, or the sentence holding the evidence)."""
    from workbench.reports.narrative import pick_quotes

    if node_key:
        candidates = report_rows.quote_candidates(project, flt, node_key, limit=60)
    else:
        ids = records.page_ids(project, flt, "id", True, 0, 60)
        rows = records.fetch_rows(project, ids, ("text", "channel", "created_at"))
        candidates = [{"id": i, "text": r["text"], "channel": r["channel"], "created_at": r["created_at"],
                       "sentiment": None, "confidence": 1.0, "span_start": None, "span_end": None}
                      for i, r in rows.items()]
    picked = pick_quotes(candidates, n, prefer_negative=bool(flt.sentiments == ("negative",)))
    return OpResult("quotes", quotes=[QuoteRef(q.record_id, q.text) for q in picked])


def channels_mentioned(rows: list[tuple[str, int]]) -> Counter[str]:
    return Counter(dict(rows))


def drivers(project: Project, flt: RecordFilter, level: int = 2, limit: int = 5) -> OpResult:
    """Issues that pull the mean score (stars, NPS, CSAT) down most, with the means behind each."""
    from workbench.queries.insights import score_drivers

    rows = score_drivers(project, flt, level=level)[:limit]
    query = f"score drivers({describe(flt, None)}, level {level})"
    out = OpResult("drivers", rows=[(r.path, r.driver.diff.n_with) for r in rows])
    for r in rows:
        d = r.driver.diff
        out.figures += [Figure(round(d.mean_with, 2), f"{r.path} mean score with", query),
                        Figure(round(d.mean_without, 2), f"{r.path} mean score without", query),
                        Figure(d.n_with, f"{r.path} scored records", query),
                        Figure(round(r.driver.impact, 2), f"{r.path} impact", query)]
    return out
