"""The LLM's quick sentiment check: calibration maths, when a verdict replaces a sentiment, the limits,
and the cascade using it on the records whose sentiment the student doubts."""

from __future__ import annotations

import time

from tests.tagging.conftest import add_records
from workbench.llm.backend import Backend, choice_scorer
from workbench.llm.fake_backend import FakeBackend
from workbench.nlp.polarity import clause_polarity
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.tagging.results import RecordInput, RecordResult
from workbench.tagging.run import TagOptions, tag_project
from workbench.tagging.sentiment_check import (
    best_offset,
    calibration_sample,
    checked,
    run_checks,
)

POSITIVE = ["味道很好吃，推荐", "非常满意，很好吃", "服务热情，好评", "干净整洁，很棒"]
NEGATIVE = ["太难吃了，差评", "很差，失望", "又慢又冷，垃圾", "脏，恶心，太差"]
MIXED = ("味道很好吃，好评", "太难吃了，差评", "送来了", "还行吧，一般")


class LeaningScorer:
    """A model that says 差评 too readily: its margin is the lexicon's score shifted down by ``lean``."""

    def __init__(self, lean: float) -> None:
        self.lean, self.asked = lean, 0

    def score_choices(self, system: str, user: str, choices: tuple[str, ...]) -> list[float] | None:
        self.asked += 1
        return [clause_polarity(user) - self.lean, 0.0]


def _result(rid: int, sentiment: str = "neutral") -> RecordResult:
    return RecordResult(rid, [], sentiment, "other", 0.3, 0.2, "student")  # type: ignore[arg-type]


def test_the_offset_is_the_cut_that_best_separates_the_sides() -> None:
    assert best_offset([(-3.0, False), (-1.0, False), (1.0, True), (2.0, True)]) == 0.0  # already centred
    assert best_offset([(-6.0, False), (-5.0, False), (-2.0, True), (-1.0, True)]) == -3.5  # a lean to 差评
    assert best_offset([(1.0, True), (2.0, True)]) == 0.0  # one side only: nothing to measure
    assert best_offset([]) == 0.0


def test_calibration_draws_lexicon_sure_records_of_both_sides() -> None:
    records = [RecordInput(i, t) for i, t in enumerate(["一般", *POSITIVE, "还行吧", *NEGATIVE])]
    sample = calibration_sample(records, each=3)
    assert [p for _, p in sample] == [True] * 3 + [False] * 3
    assert all(abs(clause_polarity(r.text)) >= 2 for r, _ in sample)


def test_a_clear_verdict_replaces_the_sentiment_and_an_unclear_one_does_not() -> None:
    changed = checked(_result(1, "positive"), "等了两个小时", 0.1)
    assert (changed.sentiment, changed.intent, changed.dissatisfaction) == ("negative", "complaint", 0.7)
    assert checked(_result(1, "positive"), "等了两个小时", 0.45).sentiment == "positive"  # not clear either way
    assert checked(_result(1, "neutral"), "能改地址吗", 0.9).sentiment == "neutral"  # no neutral answer to give


def test_the_sarcasm_guards_overrule_a_check_as_they_overrule_the_tagger() -> None:
    praise = "位置方便，房间很大很干净，服务热情，卫生间小了点，早餐很差，谢谢"
    assert checked(_result(1, "positive"), praise, 0.1).sentiment == "positive"  # praise outweighs the gripes
    assert checked(_result(1, "positive"), "感谢师傅上门，半小时就修好了", 0.1).sentiment == "positive"
    assert checked(_result(1, "negative"), "谢谢你们啊，让我等了两周", 0.9).sentiment == "negative"  # irony
    assert checked(_result(1, "negative"), "味道很好吃，推荐", 0.9).sentiment == "positive"  # no guard: the check


def test_calibration_undoes_the_models_lean() -> None:
    pool = [RecordInput(100 + i, t) for i, t in enumerate(POSITIVE + NEGATIVE)]
    doubtful = [(RecordInput(i, t), _result(i, s)) for i, (t, s) in
                enumerate([("好吃，推荐", "negative"), ("难吃，差评", "positive"), ("很好，满意", "negative")])]
    scorer = LeaningScorer(lean=4.0)  # uncalibrated, every mildly positive text would read as 差评
    results, stats = run_checks(scorer, doubtful, pool, None, None, CancelToken())
    assert stats.calibration == 8 and stats.offset < -1.0
    assert [r.sentiment for r in results] == ["positive", "negative", "positive"]
    assert stats.checked == 3 and stats.changed == 3 and scorer.asked == 11


def test_the_limit_and_the_deadline_bound_the_checks() -> None:
    pool = [RecordInput(100 + i, t) for i, t in enumerate(POSITIVE + NEGATIVE)]
    doubtful = [(RecordInput(i, "难吃，差评"), _result(i, "positive")) for i in range(5)]
    results, stats = run_checks(LeaningScorer(0.0), doubtful, pool, 2, None, CancelToken())
    assert stats.checked == 2 and [r.sentiment for r in results] == ["negative"] * 2 + ["positive"] * 3
    results, stats = run_checks(LeaningScorer(0.0), doubtful, pool, None, time.monotonic() - 1, CancelToken())
    assert stats.checked == 0 and [r.sentiment for r in results] == ["positive"] * 5
    results, stats = run_checks(LeaningScorer(0.0), doubtful, pool, 0, None, CancelToken())
    assert stats.checked == 0 and stats.calibration == 0


def test_neutral_records_are_never_asked() -> None:
    scorer = LeaningScorer(0.0)
    doubtful = [(RecordInput(1, "能修改收货地址吗"), _result(1)),
                (RecordInput(2, "难吃，差评"), _result(2, "positive"))]
    results, stats = run_checks(scorer, doubtful, [], 1, None, CancelToken())
    assert [r.sentiment for r in results] == ["neutral", "negative"] and stats.checked == scorer.asked == 1


def test_a_backend_that_cannot_score_is_skipped() -> None:
    class Plain:
        def score_choices(self, system: str, user: str, choices: tuple[str, ...]) -> list[float] | None:
            return None

    doubtful = [(RecordInput(1, "难吃，差评"), _result(1, "positive"))]
    results, stats = run_checks(Plain(), doubtful, [RecordInput(2, "很好吃，推荐")], None, None, CancelToken())
    assert results == [doubtful[0][1]] and stats.checked == 0
    assert choice_scorer(object()) is None and choice_scorer(None) is None


def test_the_cascade_checks_doubtful_sentiments_within_its_allowance(tax_project: Project) -> None:
    texts = [f"第{i}单，{t}" for i in range(40) for t in MIXED]
    add_records(tax_project, texts)
    fake = FakeBackend()

    def opener(options: TagOptions) -> Backend:
        return fake

    result = tag_project(tax_project, TagOptions(llm_budget=4, sentiment_checks=30), open_backend=opener)
    assert len(fake.requests) == 4  # the full judgements stay within the record budget
    assert 0 < result.phases["checks"] <= 30 and len(fake.checks) == result.phases["checks"] + \
        result.phases["check_calibration"]
    assert result.tagged == len(texts)


def test_no_checks_when_switched_off(tax_project: Project) -> None:
    add_records(tax_project, [f"第{i}单，送来了，还行吧" for i in range(60)])
    fake = FakeBackend()
    tag_project(tax_project, TagOptions(llm_budget=3, sentiment_checks=0), open_backend=lambda options: fake)
    assert fake.checks == []


def test_checked_sentiments_teach_the_student_and_a_relearn_rejudges_them(tax_project: Project) -> None:
    from sqlalchemy import select

    from workbench.llm.prompts import SENTIMENT_CHECK_VERSION
    from workbench.store import schema
    from workbench.tagging import student_stage
    from workbench.taxonomy.repository import load_current

    texts = [f"第{i}单，{t}" for i in range(40) for t in MIXED]
    text_of = dict(zip(add_records(tax_project, texts), texts, strict=True))
    fake = FakeBackend()
    first = tag_project(tax_project, TagOptions(llm_budget=4, sentiment_checks=40), open_backend=lambda o: fake)
    a = schema.assessments
    with tax_project.read() as conn:
        marked = dict(conn.execute(select(a.c.record_id, a.c.sentiment)
                                   .where(a.c.prompt_version == SENTIMENT_CHECK_VERSION)).all())
    assert 0 < len(marked) <= first.phases["checks"]
    taxonomy = load_current(tax_project)
    assert taxonomy is not None
    taught = {(e.text, e.sentiment, e.weight) for e in student_stage.training_examples(tax_project, taxonomy)
              if not e.labels}
    assert {(text_of[r], s, student_stage.WEIGHTS["rule"]) for r, s in marked.items()} <= taught  # a weak teacher

    def refuse(options: TagOptions) -> Backend:
        raise AssertionError("a relearn without checks opens no model")

    tag_project(tax_project, TagOptions(llm_budget=0, relearn=True), open_backend=refuse)
    with tax_project.read() as conn:
        after = dict(conn.execute(select(a.c.record_id, a.c.sentiment)
                                  .where(a.c.prompt_version == SENTIMENT_CHECK_VERSION)).all())
    assert after == {}  # analyst labels beat a check: the retrained student re-judges them (dev waimai after 300
    # labels: 0.916 re-judged, 0.83 when the checked sentiments were kept)


def test_checks_alone_open_the_model_and_the_cli_refuses_a_negative_count(tax_project: Project) -> None:
    add_records(tax_project, [f"第{i}单，{t}" for i in range(30) for t in ("很好吃，好评", "难吃，差评")])
    fake = FakeBackend()
    result = tag_project(tax_project, TagOptions(llm_budget=0, sentiment_checks=10), open_backend=lambda o: fake)
    assert fake.requests == [] and 0 < result.phases["checks"] <= 10
