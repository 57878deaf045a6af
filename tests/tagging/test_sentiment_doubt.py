"""The records whose sentiment the student doubts (issue 25, fourth pass): kept by the cascade, merged across runs,
and asked by the review queue next to the records with doubtful topics."""

from __future__ import annotations

from sqlalchemy import select

from tests.tagging.conftest import add_records
from tests.tagging.test_cascade import _opener, corpus
from workbench.llm.fake_backend import FakeBackend
from workbench.project import Project
from workbench.store import schema
from workbench.tagging import review_queue, sentiment_doubt
from workbench.tagging.labels import label_records
from workbench.tagging.review_queue import next_for_review
from workbench.tagging.run import TagOptions, tag_project
from workbench.tagging.sentiment_doubt import DoubtKeeper


def test_the_keeper_holds_the_least_sure_pairs_only() -> None:
    keeper = DoubtKeeper(cap=3)
    keeper.add_many([0.9, 0.55, 0.7, 0.51, 0.99], [1, 2, 3, 4, 5])
    keeper.add(0.6, 6)
    keeper.add_many([0.95], [7])  # above every kept one: not looked at
    assert keeper.pairs() == {4: 0.51, 2: 0.55, 6: 0.6}


def test_a_run_keeps_the_students_doubts_and_a_later_run_merges_its_own(tax_project: Project) -> None:
    texts = corpus(120)
    ids = add_records(tax_project, texts)
    tag_project(tax_project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
    first = sentiment_doubt.load(tax_project)
    assert set(first) == set(ids)  # fewer records than the cap: every one the student gave a sentiment
    assert all(0.0 < p <= 1.0 for p in first.values())
    assert len(set(first.values())) > 1  # real probabilities, not a constant
    more = add_records(tax_project, ["味道很好吃，下次还来", "等了两个小时，饭都凉了"])
    tag_project(tax_project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
    merged = sentiment_doubt.load(tax_project)
    assert set(merged) == set(ids) | set(more)  # the new run's records next to the earlier ones
    assert all(merged[rid] == first[rid] for rid in ids)  # not re-judged: kept as they were


def test_the_queue_asks_about_doubtful_sentiments_not_only_doubtful_topics(tax_project: Project) -> None:
    """Twenty records with doubtful topics (confidence 0.2) and twenty with sure topics whose sentiment the
    student doubts: without the doubts every ask goes to the first group; with them, SENTIMENT_SHARE of the asks
    go to the second, least sure first, never to a record the analyst labelled."""
    topics = add_records(tax_project, [f"看不出说的是什么事情{i}" for i in range(20)])
    moods = add_records(tax_project, [f"味道还行吧，就是第{i}次送得有点慢" for i in range(20)])
    with tax_project.write() as conn:
        conn.execute(schema.assessments.insert(), [
            {"record_id": rid, "sentiment": "negative", "confidence": 0.2 if rid in topics else 0.9,
             "method": "student"} for rid in topics + moods])
    assert {i.record_id for i in next_for_review(tax_project, 4)} <= set(topics)
    keeper = DoubtKeeper()
    keeper.add_many([0.5 + i / 100 for i in range(20)], moods)
    sentiment_doubt.remember(tax_project, keeper)
    label_records(tax_project, [(moods[0], (), "negative")])  # the least sure one, now the analyst's
    items = next_for_review(tax_project, 4)
    asked = {i.record_id for i in items}
    assert len(asked) == 4 and moods[0] not in asked
    assert len(asked & set(moods)) == 2  # SENTIMENT_SHARE: half of them
    assert asked & set(moods) <= set(moods[1:1 + 2 * review_queue.POOL])  # among the least sure


def test_after_a_real_run_the_queue_picks_from_the_students_doubts(tax_project: Project) -> None:
    ids = add_records(tax_project, corpus(160))
    tag_project(tax_project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
    doubts = sentiment_doubt.load(tax_project)
    least_sure = sorted(doubts, key=lambda rid: (doubts[rid], rid))[: 10 * review_queue.POOL]
    asked = [i.record_id for i in next_for_review(tax_project, 20)]
    assert len(asked) == 20 and set(asked) <= set(ids)
    assert len(set(asked) & set(least_sure)) >= 10
    with tax_project.read() as conn:  # the run wrote its judgements; the doubts are beside them, not in them
        assert conn.execute(select(schema.assessments.c.record_id)).scalars().all()


def test_beside_the_sentiment_asks_the_others_go_to_doubtful_topics(tax_project: Project) -> None:
    """Twenty records with a sure topic and a doubtful sentiment (assessment 0.3, tag 0.95) and twenty with a doubtful
    topic (0.5 both): alone, the queue asks the first group (the record's confidence is the lower of the two); once
    the student's sentiment doubts have their own asks, the rest go to the doubtful topics."""
    sure_topic = add_records(tax_project, [f"配送很快，但是第{i}份菜有点咸又有点淡" for i in range(20)])
    unsure_topic = add_records(tax_project, [f"这个东西第{i}次用，说不上来哪里怪" for i in range(20)])
    moods = add_records(tax_project, [f"味道还行吧，就是第{i}次送得有点慢" for i in range(20)])
    confidence = {**{r: (0.3, 0.95) for r in sure_topic}, **{r: (0.5, 0.5) for r in unsure_topic},
                  **{r: (0.9, 0.9) for r in moods}}
    with tax_project.write() as conn:
        conn.execute(schema.assessments.insert(), [
            {"record_id": rid, "sentiment": "negative", "confidence": a, "method": "student"}
            for rid, (a, _) in confidence.items()])
        conn.execute(schema.tags.insert(), [
            {"record_id": rid, "node_key": "n1", "path": "服务/态度", "method": "student", "confidence": t}
            for rid, (_, t) in confidence.items()])
    assert {i.record_id for i in next_for_review(tax_project, 4)} <= set(sure_topic)
    keeper = DoubtKeeper()
    keeper.add_many([0.5 + i / 100 for i in range(20)], moods)
    sentiment_doubt.remember(tax_project, keeper)
    asked = {i.record_id for i in next_for_review(tax_project, 4)}
    assert len(asked & set(moods)) == 2 and len(asked & set(unsure_topic)) == 2
