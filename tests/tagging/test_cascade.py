"""The cascade (rules → student → LLM as teacher) with the fake backend: budget enforcement, retraining on
analyst labels, the student kept per taxonomy version, sentiment doubt, and the review queue's order."""

from __future__ import annotations

import math
import random

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, all_tags, small_taxonomy
from workbench.errors import Cancelled
from workbench.llm.backend import Backend
from workbench.llm.fake_backend import FakeBackend
from workbench.nlp.student import Student, StudentExample, StudentPrediction
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.store import schema
from workbench.tagging import student_stage
from workbench.tagging.labels import label_records
from workbench.tagging.results import RecordInput, RecordResult
from workbench.tagging.review_queue import next_for_review
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.repository import load_current, save_version

PHRASES = {"口味": ["味道很好吃", "太难吃了", "味道一般"], "温度": ["饭都凉了", "送来是冰的"],
           "包装": ["包装破了", "汤洒了一袋子"], "配送时效": ["送得太慢", "等了两个小时", "又超时了"],
           "客服态度": ["客服态度差", "客服不理人"]}
FILLER = ["今天中午点的", "第二次买", "和同事一起", "周末", "晚上加班"]


def corpus(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        leaf = list(PHRASES)[i % len(PHRASES)]
        out.append(f"{rng.choice(FILLER)}，{rng.choice(PHRASES[leaf])}，第{i}单")
    return out


def _opener(backend: FakeBackend):  # type: ignore[no-untyped-def]
    def open_(options: TagOptions) -> Backend:
        return backend
    return open_


def _methods(project: Project) -> dict[int, str]:
    a = schema.assessments
    with project.read() as conn:
        return {int(r): str(m) for r, m in conn.execute(select(a.c.record_id, a.c.method))}


def test_the_budget_caps_llm_calls_and_every_record_is_tagged_once(tax_project: Project) -> None:
    vague = [f"第{i}次点了，就那样吧" for i in range(20)]  # no signal: the student is unsure, the LLM is asked
    texts_in = corpus(150) + vague
    ids = add_records(tax_project, texts_in)
    fake = FakeBackend()
    result = tag_project(tax_project, TagOptions(llm_budget=12), open_backend=_opener(fake))
    assert len(fake.requests) == 12 and result.by_method["llm"] == 12
    assert result.tagged == len(ids) and sum(result.by_method.values()) == len(ids)
    assert result.by_method.get("student", 0) > 0  # the student learnt from rules + teacher and took over
    assert set(_methods(tax_project)) == set(ids)
    assert {m for _, _, m, _ in all_tags(tax_project)} <= {"llm", "student", "rule"}
    assert {"load_s", "sample_s", "llm_s", "train_s", "student_s", "uncertain_s"} <= set(result.phases)
    t, texts = schema.tags, dict(zip(ids, texts_in, strict=True))
    with tax_project.read() as conn:
        spans = conn.execute(select(t.c.record_id, t.c.evidence, t.c.span_start, t.c.span_end)).all()
    assert len(spans) > len(ids) // 2 and all(texts[r][a:b] == e for r, e, a, b in spans)  # evidence = exact text
    # a second run with budget left finds nothing pending and asks the model nothing
    again = tag_project(tax_project, TagOptions(llm_budget=12), open_backend=_opener(fake))
    assert again.total == 0 and len(fake.requests) == 12


def test_a_resumed_run_spends_only_what_is_left_of_its_budget(tax_project: Project) -> None:
    add_records(tax_project, corpus(60))
    fake, token = FakeBackend(), CancelToken()

    def progress(fraction: float, message: str = "") -> None:
        if len(fake.requests) >= 3:
            token.cancel()

    options = TagOptions(llm_budget=8, batch_size=1)
    with pytest.raises(Cancelled):
        tag_project(tax_project, options, progress, token, open_backend=_opener(fake))
    spent = len(fake.requests)
    assert 3 <= spent < 8
    result = tag_project(tax_project, options, open_backend=_opener(fake))
    assert result.resumed and len(fake.requests) == 8  # the cancelled run's calls count against its budget
    assert len(_methods(tax_project)) == 60


def test_analyst_labels_teach_the_student_a_word_no_rule_knows(tax_project: Project) -> None:
    rng = random.Random(8)
    novel = [f"{rng.choice(FILLER)}，米饭硬邦邦的，第{i}份" for i in range(60)]
    ids = add_records(tax_project, corpus(120) + novel)
    tag_project(tax_project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
    novel_ids = ids[120:]
    before = {r for r, p, _, _ in all_tags(tax_project) if p == "产品/口味"} & set(novel_ids[20:])
    assert len(before) < 0.5 * 40  # no rule knows 硬邦邦: at most the student's guesses from shared words
    label_records(tax_project, [(r, ("产品/口味",), "negative") for r in novel_ids[:20]])
    tag_project(tax_project, TagOptions(llm_budget=0, retag=True), open_backend=_opener(FakeBackend()))
    rest = novel_ids[20:]
    learnt = {r for r, p, m, _ in all_tags(tax_project) if p == "产品/口味" and m == "student"}
    assert len(learnt & set(rest)) >= 0.9 * len(rest) > len(before)  # 20 corrections spread to the other 40
    assert all(_methods(tax_project)[r] == "human" for r in novel_ids[:20])
    t = schema.tags
    with tax_project.read() as conn:
        found = conn.execute(select(t.c.record_id, t.c.evidence).where(t.c.method == "student",
                                                                        t.c.record_id.in_(rest))).all()
    assert found and all(e == "米饭硬邦邦的" for _, e in found)  # the clause that made the student decide


def test_human_labels_outweigh_machine_labels_in_training(tax_project: Project) -> None:
    ids = add_records(tax_project, corpus(40))
    tag_project(tax_project, TagOptions(llm_budget=4), open_backend=_opener(FakeBackend()))
    label_records(tax_project, [(ids[0], ("服务/客服态度",), "negative")])
    taxonomy = load_current(tax_project)
    assert taxonomy is not None
    examples = student_stage.training_examples(tax_project, taxonomy)
    by_text = {e.text: e for e in examples}
    first = by_text[corpus(40)[0]]
    assert first.weight == student_stage.WEIGHTS["human"] and first.labels == ("k2_4",)
    assert {e.weight for e in examples} == {student_stage.WEIGHTS[m] for m in ("human", "llm", "rule")}


def test_weak_rule_labels_stay_until_real_labels_suffice(tax_project: Project) -> None:
    add_records(tax_project, corpus(80))
    taxonomy = load_current(tax_project)
    assert taxonomy is not None
    weak = [StudentExample(t, ("k2_0",) if "味" in t else ("k2_3",), None, student_stage.WEIGHTS["rule"])
            for t in corpus(80)]
    student_stage.train(tax_project, taxonomy, corpus(80), weak)
    saved = tax_project.get_setting(student_stage.STUDENT_SETTING)
    assert saved["examples"] == 80  # no teacher or analyst label yet: the weak labels are all there is


def test_a_taxonomy_edit_makes_the_next_run_retrain(tax_project: Project) -> None:
    add_records(tax_project, corpus(80))
    tag_project(tax_project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
    taxonomy = load_current(tax_project)
    assert taxonomy is not None and student_stage.load(tax_project, taxonomy) is not None
    edited = Taxonomy([*small_taxonomy().nodes, Node("k2_5", "k1_2", "服务/退款", "退款", 2, keywords=("退款",))])
    save_version(tax_project, edited, "add 退款")
    current = load_current(tax_project)
    assert current is not None and student_stage.load(tax_project, current) is None  # the old one no longer fits
    tag_project(tax_project, TagOptions(llm_budget=0, retag=True), open_backend=_opener(FakeBackend()))
    assert student_stage.load(tax_project, current) is not None


def test_a_doubtful_sentiment_lowers_the_records_confidence() -> None:
    taxonomy = small_taxonomy()
    record = RecordInput(1, "味道还行吧")
    rule = RecordResult(1, [], "neutral", "other", 0.3, 0.0, "rule")

    class Stub:
        def predict(self, texts: list[str], top_k: int = 3) -> list[StudentPrediction]:
            return [StudentPrediction((("k2_0", 0.9),), "positive", 0.6) for _ in texts]

        def node_probabilities(self, texts: list[str]) -> tuple[list[str], object]:
            import numpy as np

            return ["k2_0"], np.full((len(texts), 1), 0.9)

    pred = StudentPrediction((("k2_0", 0.9),), "positive", 0.6)
    result = student_stage.student_result(record, pred, rule, Stub(), taxonomy,  # type: ignore[arg-type]
                                          student_stage.Thresholds())
    assert result is not None and result.sentiment == "positive"
    assert result.confidence == pytest.approx(0.6)  # sure of the topic, not of the sentiment
    sure = StudentPrediction((("k2_0", 0.9),), "positive", 0.95)
    result = student_stage.student_result(record, sure, rule, Stub(), taxonomy,  # type: ignore[arg-type]
                                          student_stage.Thresholds())
    assert result is not None and result.confidence == pytest.approx(0.9)


def test_review_queue_asks_for_the_least_certain_and_skips_labelled_and_duplicates(tax_project: Project) -> None:
    texts = corpus(200) + ["完全看不懂的一句话"] * 3
    ids = add_records(tax_project, texts)
    with tax_project.write() as conn:  # the three copies share one content hash (as the import would set)
        conn.execute(schema.records.update().where(schema.records.c.id.in_(ids[200:])).values(content_hash="same"))
    tag_project(tax_project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
    label_records(tax_project, [(ids[0], ("产品/口味",), "positive")])
    items = next_for_review(tax_project, 10)
    chosen = [i.record_id for i in items]
    assert ids[0] not in chosen  # already labelled
    assert len(set(chosen) & set(ids[200:])) == 1  # one of the three copies, not three
    assert items[0].reason == "no issue found"  # nothing tagged: the most useful to label
    scores = [i.score for i in items]
    assert scores == sorted(scores, reverse=True)
    confident = [i for i in items if i.tags]
    assert all(i.confidence <= 1.0 for i in confident)


def test_a_time_budget_stops_the_llm_and_the_cascade_tags_the_rest(tax_project: Project) -> None:
    ids = add_records(tax_project, corpus(80))
    fake = FakeBackend(delay=0.2)
    result = tag_project(tax_project, TagOptions(llm_budget=None, llm_minutes=1.0 / 60), open_backend=_opener(fake))
    assert 1 <= len(fake.requests) <= 8  # one second of LLM time at 0.2 s a record (bootstrap + uncertain)
    assert result.by_method["llm"] == len(fake.requests)
    assert sum(result.by_method.values()) == len(ids) == len(_methods(tax_project))


def test_zero_minutes_means_no_model(tax_project: Project) -> None:
    add_records(tax_project, corpus(40))

    def refuse(options: TagOptions) -> Backend:
        raise AssertionError("no model may be opened with zero minutes")

    result = tag_project(tax_project, TagOptions(llm_budget=500, llm_minutes=0), open_backend=refuse)
    assert "llm" not in result.by_method and result.tagged == 40


def test_the_estimate_takes_the_tighter_budget() -> None:
    from workbench.tagging.estimate import estimate_run

    short = estimate_run(10_000, 500, None, "fast", leaves=10)
    assert short.llm_records == 500 and short.llm_minutes == pytest.approx(500 * 3.0 / 60)
    timed = estimate_run(10_000, 500, 5, "fast", leaves=10)
    assert timed.llm_records == 100  # 5 min at 3 s a record
    long = estimate_run(10_000, 500, 5, "fast", leaves=83)
    assert long.llm_records == math.floor(300 / 10.5)  # a long taxonomy costs more per record
    assert timed.total_minutes > timed.llm_minutes  # the student's share is counted too
    everything = estimate_run(100, None, None, "default", leaves=10)
    assert everything.llm_records == 100 and everything.total_minutes == everything.llm_minutes
    assert estimate_run(0, 500, None, "fast", leaves=10).llm_records == 0


def test_the_estimate_counts_the_sentiment_checks_within_the_limits() -> None:
    from workbench.tagging.estimate import CHECK_SECONDS, CHECKS_PER_LLM_RECORD, estimate_run

    plain = estimate_run(10_000, 100, None, "fast", leaves=10, checks=200)
    assert plain.checks == 200 and plain.check_minutes == pytest.approx(200 * CHECK_SECONDS["fast"] / 60)
    assert plain.total_minutes > plain.llm_minutes + plain.check_minutes  # plus the student
    assert estimate_run(10_000, 100, None, "fast", leaves=10).checks == 100 * CHECKS_PER_LLM_RECORD  # the default
    assert estimate_run(150, 100, None, "fast", leaves=10, checks=200).checks == 50  # never more than the rest
    timed = estimate_run(10_000, 100, 5.5, "fast", leaves=10, checks=200)  # 5 min for the LLM records, 30 s left
    assert timed.checks == math.floor(30 / CHECK_SECONDS["fast"])
    assert estimate_run(10_000, 0, None, "fast", leaves=10, checks=200).checks == 200  # checks alone, as run does
    assert estimate_run(10_000, 0, None, "fast", leaves=10).checks == 0
    assert estimate_run(10_000, None, 10, "fast", leaves=10).checks == 0  # a time budget: the default allowance
    assert estimate_run(10_000, 100, 0, "fast", leaves=10, checks=200).checks == 0  # zero minutes: no model
    assert estimate_run(10_000, 100, None, "fast", leaves=10, checks=200, can_check=False).checks == 0


def test_relearn_rejudges_student_and_rule_records_and_keeps_the_llms_and_the_analysts(tax_project: Project) -> None:
    ids = add_records(tax_project, corpus(90))
    tag_project(tax_project, TagOptions(llm_budget=6), open_backend=_opener(FakeBackend()))
    first = _methods(tax_project)
    llm_before = {r for r, m in first.items() if m == "llm"}
    mine = next(r for r in ids if r not in llm_before)
    label_records(tax_project, [(mine, ("产品/温度",), "negative")])

    def refuse(options: TagOptions) -> Backend:
        raise AssertionError("relearning asks no model")

    result = tag_project(tax_project, TagOptions(llm_budget=0, relearn=True), open_backend=refuse)
    assert result.total == len(ids) - len(llm_before) - 1  # everything but the LLM's and the analyst's
    after = _methods(tax_project)
    assert {r for r, m in after.items() if m == "llm"} == llm_before and after[mine] == "human"
    a = schema.assessments
    with tax_project.read() as conn:
        runs = dict(conn.execute(select(a.c.record_id, a.c.run_id)).all())
    assert {runs[r] for r in llm_before} != {result.run_id}
    assert tag_project(tax_project, TagOptions(llm_budget=0), open_backend=refuse).total == 0


def test_weak_sentiment_labels_weigh_by_how_sure_the_lexicon_is(tax_project: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone lexicon hit teaches the sentiment head a fifth of what two hits or irony teach; node labels are
    untouched (the student is the product's, trained for real on what the run collected)."""
    from workbench.tagging import cascade

    texts = [f"{t}，第{i}单" for i, t in enumerate(["味道很好，服务也很好，下次还来", "今天中午点的，味道很好吃",
                                                    "又慢又难吃，太差了", "送得太慢"] * 10)]
    add_records(tax_project, texts)
    seen: list[StudentExample] = []
    real_train = cascade.train

    def spy(project, taxonomy, corpus, extra=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(extra or [])
        return real_train(project, taxonomy, corpus, extra, *args, **kwargs)

    monkeypatch.setattr(cascade, "train", spy)
    tag_project(tax_project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
    by_start = {e.text.split("，")[0]: e for e in seen}
    assert by_start["味道很好"].sentiment_weighs == by_start["又慢又难吃"].sentiment_weighs == \
        student_stage.WEIGHTS["rule"]
    assert by_start["今天中午点的"].sentiment_weighs == by_start["送得太慢"].sentiment_weighs == \
        student_stage.UNSURE_RULE_SENTIMENT
    assert {e.weight for e in seen} == {student_stage.WEIGHTS["rule"]}


def test_weak_sentiment_labels_fade_later_than_weak_topics() -> None:
    human = [StudentExample(f"人工{i}", ("k2_0",), "negative", student_stage.WEIGHTS["human"]) for i in range(400)]
    weak = StudentExample("弱", ("k2_3",), "positive", student_stage.WEIGHTS["rule"],
                          student_stage.UNSURE_RULE_SENTIMENT)
    faded = student_stage._faded([*human, weak])
    assert faded[:400] == human
    assert faded[-1].weight == pytest.approx(0.5 * student_stage.REAL_ENOUGH / 400)
    assert faded[-1].sentiment_weighs == pytest.approx(0.1 * student_stage.SENTIMENT_REAL_ENOUGH / 400)
    few = [*human[:100], weak]
    assert student_stage._faded(few)[-1].sentiment_weighs == pytest.approx(0.1)  # 100 real labels: not faded yet
    assert student_stage._faded(few)[-1].weight == pytest.approx(0.5 * 50 / 100)



def test_the_students_sentiment_is_trusted_sooner_once_real_labels_suffice(tmp_path: object,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 25, third pass: with SENTIMENT_REAL_ENOUGH analyst sentiment labels (a 300-record review round) the
    student's sentiment replaces the lexicon's from 0.50, not 0.55; before them the threshold stays."""
    from pathlib import Path

    seen: list[float] = []
    real = student_stage.student_result

    def spy(*args: object, **kwargs: object) -> RecordResult | None:
        seen.append(args[5].sentiment)  # type: ignore[attr-defined]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("workbench.tagging.cascade.student_result", spy)
    with Project.open(Path(str(tmp_path)) / "t.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, corpus(260))
        tag_project(project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
        assert seen and set(seen) == {student_stage.Thresholds().sentiment}
        need = student_stage.SENTIMENT_REAL_ENOUGH
        label_records(project, [(rid, (), "negative" if "难吃" in text or "慢" in text else "positive")
                                for rid, text in zip(ids[:need], corpus(260)[:need], strict=True)])
        seen.clear()
        tag_project(project, TagOptions(llm_budget=0, relearn=True), open_backend=_opener(FakeBackend()))
    assert seen and set(seen) == {student_stage.Thresholds().sentiment_labelled}


def test_prior_shift_moves_the_threshold_toward_a_positive_majority_within_bounds() -> None:
    shift = student_stage.prior_shift
    assert shift(0.5) == 0.0 == shift(0.34)  # a negative majority: no correction (courteous questions stay)
    assert shift(0.58) > 0  # hotel-like: more positive
    t = 0.5 - student_stage.PRIOR_SHARPEN * 0.08  # the threshold on P(positive) for a prior of 0.58
    assert shift(0.58) == pytest.approx(math.log((1 - t) / t))
    bound = student_stage.SHIFT_BOUND
    assert shift(1.0) == pytest.approx(math.log((0.5 + bound) / (0.5 - bound)))


def test_a_student_taught_by_the_lexicon_alone_is_prior_corrected(tmp_path: object,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 25: with no (or too few) real sentiment labels, a student that calls most texts positive is moved
    further toward positive (hotel test with the head 0.835 → 0.853 with no labels), only in records where the
    lexicon saw an opinion; after a review round it is not."""
    from pathlib import Path

    rng = random.Random(4)
    good, bad = ["味道很好吃", "很满意", "包装很好"], ["太难吃了", "送得太慢", "饭都凉了"]
    texts = [f"{rng.choice(FILLER)}，{rng.choice(good if i % 3 else bad)}，第{i}单" for i in range(240)]
    texts += [f"{rng.choice(FILLER)}，请问几点送到，第{i}单" for i in range(20)]  # no opinion the lexicon sees
    masks: list[list[bool]] = []
    real_predict = Student.predict

    def spy(self: Student, texts: list[str], top_k: int = 3, shift: list[bool] | None = None):  # type: ignore[no-untyped-def]
        masks.append(list(shift) if shift is not None else [])
        return real_predict(self, texts, top_k, shift)

    monkeypatch.setattr(Student, "predict", spy)
    with Project.open(Path(str(tmp_path)) / "t.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, texts)
        tag_project(project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
        taxonomy = load_current(project)
        student = student_stage.load(project, taxonomy)
        assert student is not None and student.sentiment_prior > 0.5
        assert student.sentiment_shift == pytest.approx(student_stage.prior_shift(student.sentiment_prior))
        assert student.sentiment_shift > 0.0
        flags = [flag for mask in masks for flag in mask]
        assert flags.count(False) >= 20 and flags.count(True) >= 200  # the questions are not shifted
        need = student_stage.SENTIMENT_REAL_ENOUGH
        label_records(project, [(rid, (), "negative" if any(b in text for b in bad) else "positive")
                                for rid, text in zip(ids[:need], texts[:need], strict=True)])
        tag_project(project, TagOptions(llm_budget=0, relearn=True), open_backend=_opener(FakeBackend()))
        relearned = student_stage.load(project, taxonomy)
        assert relearned is not None and relearned.sentiment_shift == 0.0
