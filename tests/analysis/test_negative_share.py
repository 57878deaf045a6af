"""One definition of a node's negative share (issue 23): the share of the node's records negative about it
(the tag's own sentiment, the record's where the tag is neutral). Every place that shows it agrees."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.analysis.builders import Rec, add_records, setup_taxonomy
from workbench.analysis.facts import is_negative_about
from workbench.exporting import export_records
from workbench.project import Project
from workbench.queries import aggregates, analysis_rows, insights, records
from workbench.queries.dashboard import dashboard_data
from workbench.reports.gather import gather
from workbench.reports.model import ReportSpec
from workbench.store import schema
from workbench.types import RecordFilter

MARCH = RecordFilter(date_from=datetime(2024, 3, 1), date_to=datetime(2024, 4, 1))
# (tag sentiment, record sentiment, copies) on 物流/配送时效 in March: 4 + 3 + 2 negative about it of 4+3+2+5+6+1
SPEED = [("negative", "negative", 4), ("neutral", "negative", 3), ("negative", "positive", 2),
         ("positive", "negative", 5), ("neutral", "neutral", 6), ("neutral", None, 1)]
EXPECTED_SPEED = 9 / 21


def _planted() -> list[Rec]:
    recs, i = [], 0
    for tag_sent, rec_sent, copies in SPEED:
        for _ in range(copies):
            recs.append(Rec(f"配送 {i}", datetime(2024, 3, 1) + timedelta(days=i % 31, hours=i % 7),
                            [("log.speed", tag_sent)], sentiment=rec_sent))
            i += 1
    for j in range(12):  # 售后/退款: a neutral tag in a negative record on every third one
        recs.append(Rec(f"退款 {j}", datetime(2024, 3, 2) + timedelta(days=j * 2), [("ref.refund", "neutral")],
                        sentiment="negative" if j % 3 == 0 else "neutral"))
    for j in range(20):  # February, and the last day of March: the data chooses March as the period
        recs.append(Rec(f"二月 {j}", datetime(2024, 2, 1) + timedelta(days=j), [("log.damage", "negative")],
                        sentiment="negative"))
    recs.append(Rec("月末", datetime(2024, 3, 31, 20), [("log.damage", "neutral")], sentiment="neutral"))
    return recs


@pytest.fixture
def planted(project: Project) -> Project:
    setup_taxonomy(project)
    add_records(project, _planted())
    return project


def test_definition() -> None:
    assert is_negative_about("negative", "positive") and is_negative_about("neutral", "negative")
    assert not is_negative_about("positive", "negative") and not is_negative_about("neutral", None)


def test_every_place_gives_the_same_negative_share(planted: Project, tmp_path: Path) -> None:
    tree = aggregates.tree_aggregate(planted, MARCH)
    figures: dict[str, dict[str, float]] = {"tree": {k: s.negative_share for k, s in tree.nodes.items() if s.count}}
    assert figures["tree"]["log.speed"] == pytest.approx(EXPECTED_SPEED)
    assert figures["tree"]["ref.refund"] == pytest.approx(4 / 12)
    paths = {k: s.path for k, s in tree.nodes.items()}
    keys = {p: k for k, p in paths.items()}

    # the tree when the cube cannot answer (a text filter): the records path
    with planted.read() as conn:
        source = int(conn.execute(select(schema.sources.c.id)).scalar_one())
    by_source = MARCH.with_(source_ids=(source,))
    assert not aggregates.cube_can_answer(by_source)
    figures["tree_exact"] = {k: c.negative / c.count for k, c in records.node_counts(planted, by_source).items()
                             if c.count}
    # TOP (default period: the latest complete month, March) and the dashboard
    top = analysis_rows.top_list(planted, "frequent", limit=50)
    assert top.period.start == date(2024, 3, 1) and not top.partial
    figures["top"] = {i.key: i.negative_share for i in top.items}
    figures["dashboard"] = {i.key: i.negative_share for i in dashboard_data(planted).frequent}
    # the trend: negative per day about the node over all per day, and the sentiment split's negative series
    trend, split = {}, {}
    for key in ("log.speed", "ref.refund", "log"):
        total = sum(aggregates.daily_counts(planted, key, MARCH).values())
        trend[key] = sum(aggregates.daily_counts(planted, key, MARCH, negative=True).values()) / total
        by = insights.trend_by(planted, "sentiment", key, MARCH, "week")
        series = {name: sum(n for _, n in s.points) for name, s in by.items()}
        split[key] = series.get("negative", 0) / sum(series.values())
    figures["trend"], figures["trend_split"] = trend, split
    # the export: rows of the node (or below) that name it (or below) in negative_about
    out = tmp_path / "e.csv"
    export_records(planted, out, MARCH)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    exported = {}
    for key in ("log.speed", "ref.refund", "log"):
        path = paths[key]
        mine = [r for r in rows if any(p == path or p.startswith(path + "/") for p in r["tags"].split("|") if p)]
        neg = [r for r in mine if any(p == path or p.startswith(path + "/")
                                      for p in r["negative_about"].split("|") if p)]
        exported[key] = len(neg) / len(mine)
    figures["export"] = exported
    # the report (default period: March), its tree, TOP list and issue sections
    content = gather(planted, ReportSpec())
    assert content.period == (date(2024, 3, 1), date(2024, 3, 31))
    figures["report_tree"] = {keys[r.path]: r.negative_share for r in content.tree if r.count}
    figures["report_top"] = {keys[r.path]: r.negative_share for r in content.top_frequent}
    figures["report_issues"] = {keys[i.path]: i.negative_share for i in content.issues}

    for place, values in figures.items():
        for key, share in values.items():
            assert share == pytest.approx(figures["tree"][key]), (place, paths[key])
    for key in ("log.speed", "ref.refund", "log"):
        assert all(key in figures[p] for p in ("tree_exact", "top", "trend", "trend_split", "export", "report_tree"))
