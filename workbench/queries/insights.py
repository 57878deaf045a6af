"""One-call analyses for the GUI, reports and ``ask``: each reads the store once and runs a pure function.

Every function takes an open Project and a :class:`RecordFilter`; none writes (except the cube refresh
done by :mod:`aggregate_cube`). Heavy ones (drivers, hot words) read every selected record and are
meant for a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from workbench.analysis import drivers as drv
from workbench.analysis import hotwords
from workbench.analysis.facts import NodeComparison, compare
from workbench.analysis.periods import Grain
from workbench.analysis.trends import SurgePoint, TrendSeries, series, surges
from workbench.errors import UsageError
from workbench.nlp.tokenize import Tokenizer
from workbench.queries import aggregate_cube as cube
from workbench.queries import aggregates, analysis_rows
from workbench.types import RecordFilter

if TYPE_CHECKING:
    from workbench.store.handle import Project


def tree_comparison(project: Project, flt: RecordFilter, repeat_days: int | None = None,
                    before: RecordFilter | None = None) -> list[NodeComparison]:
    """Every node in the filter's date range next to the previous range of the same length (Δ, Δ%).

    Args:
        repeat_days: also compute the repeat-contact rate per node (same customer back within N days).
        before: the selection to compare with instead (the report's previous calendar month).

    Raises:
        UsageError: the filter has no complete date range.
    """
    if flt.date_from is None or flt.date_to is None:
        raise UsageError.of("errors.queries.compare_dates")
    length = flt.date_to - flt.date_from
    before = before or flt.with_(date_from=flt.date_from - length, date_to=flt.date_from)
    current = aggregates.tree_aggregate(project, flt)
    previous = aggregates.tree_aggregate(project, before)
    rates = drv.repeat_rates(analysis_rows.contacts(project, flt), repeat_days) if repeat_days else None
    return compare(current, previous, rates)


def _span(project: Project, flt: RecordFilter) -> tuple[date, date] | None:
    span = aggregates.date_range(project)
    if span is None:
        return None
    lo = flt.date_from.date() if flt.date_from else span[0]
    hi = (flt.date_to - timedelta(microseconds=1)).date() if flt.date_to else span[1]
    return lo, hi


def trend(project: Project, node_key: str | None, flt: RecordFilter = aggregates.ALL, grain: Grain = "day",
          negative: bool = False) -> TrendSeries:
    """A node's (or all records') counts per day/week/month over the filter's range, gaps filled with 0."""
    span = _span(project, flt)
    if span is None:
        return TrendSeries(grain, [])
    return series(aggregates.daily_counts(project, node_key, flt, negative), span[0], span[1], grain)


def trend_by(project: Project, dimension: str, node_key: str | None = None, flt: RecordFilter = aggregates.ALL,
             grain: Grain = "day") -> dict[str, TrendSeries]:
    """One series per channel or per record sentiment (``dimension``: ``channel`` | ``sentiment``)."""
    if dimension not in ("channel", "sentiment"):
        raise UsageError.of("errors.queries.split")
    span = _span(project, flt)
    if span is None:
        return {}
    daily = aggregates.daily_counts_by(project, dimension, node_key, flt)
    return {k: series(v, span[0], span[1], grain) for k, v in sorted(daily.items())}


def node_surges(project: Project, node_key: str | None, flt: RecordFilter = aggregates.ALL, z: float = 3.0,
                min_count: int = 3) -> list[SurgePoint]:
    """Every day of the range scored against its weekday-aware baseline (``spike`` marks surges)."""
    span = _span(project, flt)
    if span is None:
        return []
    history = flt.with_(date_from=None)  # the baseline needs the weeks before the range
    daily = aggregates.daily_counts(project, node_key, history)
    return surges(daily, span[0], span[1], z=z, min_count=min_count, first=min(daily) if daily else None)


@dataclass(frozen=True)
class DriverRow:
    """A driver with its node path, ready to show: "fixing PATH would move the mean by about +impact"."""

    path: str
    driver: drv.Driver

    def statement(self, lang: str = "zh") -> str:
        """The driver as one sentence, with its effect, 95% CI and count."""
        d = self.driver.diff
        if lang == "en":
            return (f"Fixing {self.path} would move the mean score by about {self.driver.impact:+.2f} "
                    f"(with it {d.mean_with:.2f} vs {d.mean_without:.2f} without; effect {d.effect:+.2f}, "
                    f"95% CI {d.low:+.2f} to {d.high:+.2f}; n = {d.n_with})")
        return (f"解决「{self.path}」可使平均分提升约 {self.driver.impact:+.2f}"
                f"（涉及该问题 {d.mean_with:.2f}，其余 {d.mean_without:.2f}；差值 {d.effect:+.2f}，"
                f"95% 置信区间 {d.low:+.2f} 至 {d.high:+.2f}；n = {d.n_with}）")


def score_drivers(project: Project, flt: RecordFilter = aggregates.ALL, level: int | None = None,
                  min_n: int = 10) -> list[DriverRow]:
    """Issues ranked by how much they pull the mean score (records.rating: stars, NPS, CSAT) down."""
    per, total, paths = analysis_rows.score_moments(project, flt, level)
    return [DriverRow(paths.get(d.key, d.key), d) for d in drv.drivers_from_moments(per, total, min_n=min_n)]


def cooccurring(project: Project, flt: RecordFilter = aggregates.ALL, level: int | None = None,
                min_count: int = 3) -> list[tuple[str, str, drv.Pair]]:
    """Pairs of issues raised together, with their paths, by lift."""
    rows, paths = analysis_rows.node_sets(project, flt, level)
    pairs = drv.cooccurrence((keys for _rid, _rating, keys in rows), min_count)
    return [(paths.get(p.a, p.a), paths.get(p.b, p.b), p) for p in pairs]


def _tokenizer(project: Project) -> Tokenizer:
    with project.read() as conn:
        words = [w for n in cube.current_nodes(conn) for w in (n.name, *n.keywords)]
    return Tokenizer(words)


def hot_words(project: Project, flt: RecordFilter, node_key: str | None = None, limit: int = 20,
              sample: int = 20000) -> list[hotwords.Keyword]:
    """Keywords of a node's records (or of the filter's records) against all records of the filter."""
    tok = _tokenizer(project)
    background = hotwords.doc_words((t for _i, t in analysis_rows.texts(project, flt, sample)), tok)
    if node_key is None:
        return hotwords.keywords(background, background, limit)
    group = hotwords.doc_words((t for _i, t in analysis_rows.texts(project, flt.with_(node_key=node_key), sample)),
                               tok)
    return hotwords.keywords(group, background, limit)


def rising_keywords(project: Project, flt: RecordFilter, limit: int = 20,
                    sample: int = 20000) -> list[hotwords.RisingWord]:
    """Words used significantly more in the filter's range than in the previous range of the same length."""
    if flt.date_from is None or flt.date_to is None:
        raise UsageError.of("errors.queries.rising_dates")
    before = flt.with_(date_from=flt.date_from - (flt.date_to - flt.date_from), date_to=flt.date_from)
    tok = _tokenizer(project)
    cur = hotwords.doc_words((t for _i, t in analysis_rows.texts(project, flt, sample)), tok)
    prev = hotwords.doc_words((t for _i, t in analysis_rows.texts(project, before, sample)), tok)
    return hotwords.rising_words(cur, prev, limit)


def discover_words(project: Project, flt: RecordFilter = aggregates.ALL, limit: int = 30,
                   sample: int = 50000, min_count: int = 5) -> list[hotwords.NewWord]:
    """New-word candidates (not in jieba's dictionary nor the taxonomy) proposed as dictionary entries."""
    with project.read() as conn:
        known = {w for n in cube.current_nodes(conn) for w in (n.name, *n.keywords)}
    texts = [t for _i, t in analysis_rows.texts(project, flt, sample)]
    found = hotwords.new_words(texts, known, min_count=min_count, limit=limit * 3)
    return [w for w in found if not hotwords.in_jieba_dictionary(w.word)][:limit]
