"""The store-fed analyses on constructed projects: drivers, co-occurrence, repeat contacts, trends, words."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from tests.analysis.builders import Rec, add_records, setup_taxonomy
from workbench.errors import UsageError
from workbench.project import Project
from workbench.queries import insights
from workbench.types import RecordFilter

START = datetime(2024, 1, 1, 10)


@pytest.fixture
def nps(project: Project) -> Project:
    """400 scored records: refund problems score ~3 NPS points lower; damage always comes with slow delivery."""
    setup_taxonomy(project)
    rng = random.Random(5)
    recs = []
    for i in range(400):
        at = START + timedelta(days=i % 60, hours=i % 7)
        if i % 8 == 0:
            recs.append(Rec(f"退款一直不到账 {i}", at, [("ref.refund", "negative")], rating=3 + rng.random(),
                            customer=f"c{i % 40}"))
        elif i % 8 == 1:
            recs.append(Rec(f"快递太慢还压坏了 {i}", at, [("log.speed", "negative"), ("log.damage", "negative")],
                            rating=6 + rng.random(), customer=f"c{i % 40}"))
        else:
            recs.append(Rec(f"电池不错 {i}", at, [("prod.battery", "positive")], rating=6 + rng.random()))
    add_records(project, recs)
    return project


def test_drivers_rank_the_planted_refund_problem(nps: Project) -> None:
    rows = insights.score_drivers(nps, level=2)
    top = rows[0]
    assert top.path == "售后/退款"
    assert top.driver.diff.n_with == 50
    assert top.driver.diff.high < 0  # the whole 95 % CI is below zero
    assert top.driver.impact == pytest.approx(0.125 * 3.0, abs=0.06)
    assert "售后/退款" in top.statement() and "n = 50" in top.statement("en")


def test_cooccurrence_pairs_with_paths(nps: Project) -> None:
    pairs = insights.cooccurring(nps, level=2)
    assert [(a, b, p.count) for a, b, p in pairs] == [("物流/包装破损", "物流/配送时效", 50)]
    assert pairs[0][2].lift == pytest.approx(400 / 50)


def test_repeat_contact_rates_and_previous_period(nps: Project) -> None:
    flt = RecordFilter(date_from=datetime(2024, 1, 31), date_to=datetime(2024, 3, 1))
    rows = {r.stats.key: r for r in insights.tree_comparison(nps, flt, repeat_days=7)}
    assert rows["ref"].previous > 0 and rows["ref"].delta_pct is not None
    assert rows["ref.refund"].repeat_rate is not None and 0 < rows["ref.refund"].repeat_rate <= 1
    assert rows["prod"].repeat_rate is None  # no customer keys
    with pytest.raises(UsageError):
        insights.tree_comparison(nps, RecordFilter())


def test_trends_and_surges(project: Project) -> None:
    setup_taxonomy(project)
    recs = [Rec(f"慢 {d} {i}", START + timedelta(days=d), [("log.speed", "negative")], channel="chat")
            for d in range(42) for i in range(2)]
    recs += [Rec(f"暴增 {i}", START + timedelta(days=42), [("log.speed", "negative")], channel="review")
             for i in range(15)]
    add_records(project, recs)
    weekly = insights.trend(project, "log", grain="week")
    assert weekly.points[0] == (date(2024, 1, 1), 14) and sum(weekly.values) == 99
    by_channel = insights.trend_by(project, "channel", "log")
    assert set(by_channel) == {"chat", "review"} and sum(by_channel["review"].values) == 15
    spikes = [p.day for p in insights.node_surges(project, "log") if p.spike]
    assert spikes == [date(2024, 2, 12)]


def test_hot_words_and_discovery(project: Project) -> None:
    setup_taxonomy(project)
    recs = [Rec(f"这次退款太慢了，等了{i}天", START + timedelta(days=i % 20), [("ref.refund", "negative")])
            for i in range(30)]
    recs += [Rec(f"快递包装很好，物流第{i}天就到", START + timedelta(days=i % 20), [("log.speed", "positive")])
             for i in range(30)]
    pre, post = ("新买", "这个", "朋友送", "刚换", "我家", "网购"), ("掉漆", "裂了", "发黄", "变形", "很滑", "太薄")
    recs += [Rec(f"{pre[i % 6]}炫彩壳{post[i * 5 % 6]}，{pre[i * 7 % 6]}炫彩壳{post[(i + 2) % 6]}",
                 START + timedelta(days=25), []) for i in range(12)]
    add_records(project, recs)
    words = insights.hot_words(project, RecordFilter(), node_key="ref")
    assert {"退款", "太慢"} <= {w.word for w in words[:3]} and words[0].docs == 30
    assert "快递" not in {w.word for w in words}
    rising = insights.rising_keywords(project, RecordFilter(date_from=datetime(2024, 1, 21),
                                                            date_to=datetime(2024, 2, 10)))
    new_topic = "".join(pre + post) + "炫彩壳"
    assert rising and all(w.word in new_topic for w in rising)  # only the new topic rises
    assert rising[0].previous == 0 and rising[0].current == 12
    found = [w.word for w in insights.discover_words(project, min_count=10)]
    assert "炫彩壳" in found
