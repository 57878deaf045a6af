"""Record totals from the aggregate cube: KPIs, score moments, conversation and tagging-stage counts.

The report and the dashboard ask these of every selection; on a million records the direct scans
take seconds each, the cube's day/month rows milliseconds. Each function answers only filters the
cube can (``aggregates.cube_can_answer``) and returns None otherwise, so callers keep their exact path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Table, func, select

from workbench.queries.aggregate_cube import (
    TOTAL_MEASURES,
    agg_day,
    agg_method_day,
    agg_method_month,
    agg_month,
    ensure_cube,
)
from workbench.queries.aggregates import cube_can_answer, cube_parts, cube_where
from workbench.types import RecordFilter

if TYPE_CHECKING:
    from workbench.store.handle import Project


def _sum_by(project: Project, flt: RecordFilter, tables: tuple[Table, Table], key: str,
            measures: tuple[str, ...]) -> dict[str, list[float]]:
    """Σ of ``measures`` per value of column ``key`` over the filter's whole months and edge days."""
    ensure_cube(project)
    out: dict[str, list[float]] = {}
    with project.read() as conn:
        for monthly, lo, hi in cube_parts(flt):
            tbl = tables[1] if monthly else tables[0]
            stmt = (select(tbl.c[key], *(func.sum(tbl.c[m]) for m in measures))
                    .where(cube_where(tbl, flt, lo, hi)).group_by(tbl.c[key]))
            for k, *values in conn.execute(stmt):
                acc = out.setdefault(str(k), [0.0] * len(measures))
                for i, v in enumerate(values):
                    acc[i] += float(v or 0)
    return out


def totals(project: Project, flt: RecordFilter) -> dict[str, float] | None:
    """Σ of every total measure, plus ``assessed`` and ``negative`` record counts; None: ask the records."""
    if not cube_can_answer(flt):
        return None
    by_sentiment = _sum_by(project, flt, (agg_day, agg_month), "sentiment", TOTAL_MEASURES)
    out = {m: sum(v[i] for v in by_sentiment.values()) for i, m in enumerate(TOTAL_MEASURES)}
    out["assessed"] = sum(v[0] for s, v in by_sentiment.items() if s != "none")
    out["negative"] = by_sentiment.get("negative", [0.0])[0]
    return out


def tag_methods(project: Project, flt: RecordFilter) -> dict[str, int] | None:
    """Tags per tagging stage (rule, student, llm, human) over the selection; None: ask the tags."""
    if not cube_can_answer(flt):
        return None
    by_method = _sum_by(project, flt, (agg_method_day, agg_method_month), "method", ("n",))
    return {m: int(v[0]) for m, v in by_method.items() if v[0]}
