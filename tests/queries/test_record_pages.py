"""The record table's pages: the per-record probe walk gives exactly the rows, order and count of the eager path.

``page_ids`` finds a page by testing node and sentiment per record (``record_where.where(..., probe=True)``) when
that is faster; the eager path to compare against is every id of the selection in sort order with probing off.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.ui.sample_project import fill
from workbench.project import Project
from workbench.queries import record_where, records
from workbench.store import schema
from workbench.types import RecordFilter

EVERY = 10**9

FILTERS = {
    "node": RecordFilter(node_key="logistics"),
    "leaf": RecordFilter(node_key="quality.battery.swell"),
    "negative": RecordFilter(sentiments=("negative",)),
    "node+negative": RecordFilter(node_key="logistics", sentiments=("negative",)),
    "node+neutral+channel": RecordFilter(node_key="aftersales", sentiments=("neutral",), channels=("工单",)),
    "node+dates": RecordFilter(node_key="logistics", date_from=datetime(2025, 1, 10), date_to=datetime(2025, 2, 1)),
    "node+search": RecordFilter(node_key="logistics", text="快递"),
    "negative+search": RecordFilter(sentiments=("negative",), text="编号1"),
    "node+product": RecordFilter(node_key="quality", products=("X1",)),
}
ORDERS = [("created_at", True), ("created_at", False), ("id", False), ("id", True), ("channel", False),
          ("sentiment", True)]


@pytest.fixture
def filled(project: Project) -> Project:
    """The sample set plus what makes ordering and distinctness bite: ties in time, records without a time or an
    assessment, and records tagged twice under one parent."""
    fill(project, n=400)
    same = datetime(2025, 1, 20, 12, 0)
    with project.write() as conn:
        conn.execute(schema.records.update().where(schema.records.c.id.in_(range(100, 140))).values(created_at=same))
        conn.execute(schema.records.update().where(schema.records.c.id.in_(range(200, 212))).values(created_at=None))
        conn.execute(schema.assessments.delete().where(schema.assessments.c.record_id.in_(range(300, 330))))
        conn.execute(schema.tags.insert(), [
            {"record_id": i, "node_key": "logistics.damage", "path": "物流/包装破损", "sentiment": "negative",
             "method": "rule", "confidence": 0.5} for i in range(1, 400, 4)])  # their first tag: logistics.delay
    return project


def _probes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    seen: list[bool] = []
    real = records.where

    def spy(conn: Any, flt: RecordFilter, probe: bool = False) -> Any:
        seen.append(probe)
        return real(conn, flt, probe=probe)

    monkeypatch.setattr(records, "where", spy)
    return seen


def _eager(project: Project, flt: RecordFilter, order: str, desc: bool) -> list[int]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "_walk_in_order", lambda *_: False)
        patch.setattr(records, "_few_text_matches", lambda *_: False)
        return records.page_ids(project, flt, order, desc, 0, EVERY)


@pytest.mark.parametrize("name", FILTERS)
def test_pages_match_the_eager_path(filled: Project, name: str) -> None:
    flt = FILTERS[name]
    for order, desc in ORDERS:
        eager = _eager(filled, flt, order, desc)
        assert len(eager) == len(set(eager)) == records.count(filled, flt)
        assert eager, name
        for offset in (0, 37, len(eager) - 5):
            assert records.page_ids(filled, flt, order, desc, offset, 50) == eager[offset:offset + 50], (order, offset)
        assert records.page_ids(filled, flt, order, desc, 0, EVERY) == eager
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "_few_text_matches", lambda *_: False)
        collected = (records.count(filled, flt), records.daily_counts(filled, flt.with_(date_from=None), "week"))
    assert (records.count(filled, flt), records.daily_counts(filled, flt.with_(date_from=None), "week")) == collected


def test_the_fast_pages_probe(filled: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk is taken where it pays (so the comparison above covers it) and not where it cannot."""
    seen = _probes(monkeypatch)
    for name, order, probe in (("node", "created_at", True), ("negative", "created_at", True),
                               ("node+negative", "id", True), ("node+search", "created_at", True),
                               ("node+search", "channel", True), ("negative+search", "sentiment", True),
                               ("node", "channel", False), ("node+product", "created_at", False)):
        records.page_ids(filled, FILTERS[name], order, True, 0, 200)
        assert seen.pop() is probe, (name, order)
    monkeypatch.setattr(records, "FEW_MATCHES", 10)  # a search matching many records only walks a shallow page
    for name, order, offset, probe in (("node+search", "channel", 0, False), ("node+search", "created_at", 0, True),
                                       ("node+search", "created_at", 6000, False)):
        records.page_ids(filled, FILTERS[name], order, True, offset, 200)
        assert seen.pop() is probe, (name, order, offset)


def test_eager_path_is_the_plain_filter(filled: Project) -> None:
    """The eager path itself against the records picked in Python: node and sentiment, newest first, ties by id."""
    flt = FILTERS["node+negative"]
    with filled.read() as conn:
        r, t, a = schema.records, schema.tags, schema.assessments
        logistics = set(record_where.subtree_keys(conn, "logistics"))
        tagged = {int(i) for i, k in conn.execute(schema.tags.select().with_only_columns(t.c.record_id, t.c.node_key))
                  if k in logistics}
        negative = {int(i) for i, s in conn.execute(a.select().with_only_columns(a.c.record_id, a.c.sentiment))
                    if s == "negative"}
        times = dict(conn.execute(r.select().with_only_columns(r.c.id, r.c.created_at)).all())
    wanted = tagged & negative
    timed = sorted((i for i in wanted if times[i] is not None), key=lambda i: (times[i], i), reverse=True)
    expected = timed + sorted((i for i in wanted if times[i] is None), reverse=True)  # NULL sorts lowest
    if filled.engine.dialect.name == "postgresql":  # NULL sorts highest there
        expected = sorted((i for i in wanted if times[i] is None), reverse=True) + timed
    assert _eager(filled, flt, "created_at", True) == expected
    assert records.page_ids(filled, flt, "created_at", True, 0, 200) == expected[:200]
