"""Evaluation maths on constructed cases, label loading, the review queue and their commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.cli import main
from workbench.errors import InputError
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.labels import load_labels
from workbench.tagging.metrics import Case, evaluate
from workbench.tagging.review_queue import next_for_review


def test_metrics_with_known_answers() -> None:
    cases = [
        Case(("物流/时效",), ("物流/时效/慢", "产品/电池"), "negative", "negative", 0.9),  # right at L2
        Case(("物流/时效",), ("产品/电池",), "negative", "neutral", 0.2),  # wrong
        Case(("产品/电池",), ("产品/电池/发烫",), "positive", "positive", 0.1),
        Case(("产品/电池", "物流/时效"), (), "negative", None, None),  # nothing predicted
    ]
    e = evaluate(cases)
    assert e.n == 4
    assert e.accuracy == pytest.approx(2 / 4)
    nodes = {s.node: s for s in e.per_node}
    # 物流/时效: gold in cases 1, 2, 4; found in case 1 only; predicted nowhere else → P 1, R 1/3
    assert nodes["物流/时效"].precision == 1.0 and nodes["物流/时效"].recall == pytest.approx(1 / 3)
    # 产品/电池: gold in 3, 4; predicted in 1, 2, 3 → TP 1, FP 2, FN 1
    assert nodes["产品/电池"].precision == pytest.approx(1 / 3) and nodes["产品/电池"].recall == pytest.approx(0.5)
    tp, fp, fn = 2, 2, 3
    micro = 2 * (tp / (tp + fp)) * (tp / (tp + fn)) / ((tp / (tp + fp)) + (tp / (tp + fn)))
    assert e.micro_f1 == pytest.approx(micro)
    assert e.level_accuracy[1] == pytest.approx(2 / 4) and e.level_accuracy[2] == pytest.approx(2 / 4)
    assert e.sentiment_accuracy == pytest.approx(2 / 4)
    assert e.dissatisfaction_accuracy == pytest.approx(2 / 3)  # case 2: negative gold, score 0.2
    assert e.confusion == [("物流/时效", "产品/电池", 1)]
    data = e.to_json()
    assert set(data) >= {"n", "accuracy", "micro_f1", "macro_f1", "sentiment_accuracy", "per_node"}


def _labels(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def test_labels_replace_machine_tags(tagged_project_copy: str, tmp_path: Path) -> None:
    with Project.open(tagged_project_copy) as project:
        rid = project.engine.connect().execute(select(schema.records.c.id).limit(1)).scalar_one()
        report = load_labels(project, _labels(tmp_path / "l.csv", [
            {"record_id": str(rid), "tags": "物流配送/配送时效/物流慢|产品质量", "sentiment": "负面"},
            {"record_id": "999999", "tags": "物流配送", "sentiment": ""},
            {"record_id": str(rid + 1), "tags": "没有这个/节点", "sentiment": ""}]))
        assert report.labelled == 1 and report.tags == 2 and len(report.problems) == 2
        with project.read() as conn:
            tags = conn.execute(select(schema.tags.c.path, schema.tags.c.method)
                                .where(schema.tags.c.record_id == rid)).all()
            assessment = conn.execute(select(schema.assessments.c.sentiment, schema.assessments.c.method)
                                      .where(schema.assessments.c.record_id == rid)).one()
        assert sorted(tags) == [("产品质量", "human"), ("物流配送/配送时效/物流慢", "human")]
        assert tuple(assessment) == ("negative", "human")
        assert rid not in {i.record_id for i in next_for_review(project, 50)}


def test_bad_label_file_changes_nothing(tagged_project_copy: str, tmp_path: Path) -> None:
    with Project.open(tagged_project_copy) as project:
        before = project.stats().tags
        with pytest.raises(InputError, match="no usable label"):
            load_labels(project, _labels(tmp_path / "bad.csv", [{"record_id": "999999", "tags": "物流配送"}]))
        with pytest.raises(InputError, match="record_id"):
            load_labels(project, _labels(tmp_path / "bad2.csv", [{"id": "1", "labels": "x"}]))
        with pytest.raises(InputError, match="sentiment"):
            load_labels(project, _labels(tmp_path / "bad3.csv", [{"record_id": "1", "tags": "物流配送",
                                                                   "sentiment": "angry"}]))
        assert project.stats().tags == before


def test_review_then_label_then_eval_cli(tagged_project_copy: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "review.csv"
    assert main(["review", tagged_project_copy, "--next", "8", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8 and len({r["record_id"] for r in rows}) == 8
    assert all(r["text"] and r["reason"] for r in rows)
    gold = _labels(tmp_path / "gold.csv", [{"record_id": r["record_id"], "tags": r["tags"] or "物流配送",
                                            "sentiment": r["sentiment"]} for r in rows])
    capsys.readouterr()
    assert main(["eval", tagged_project_copy, "--gold", str(gold), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n"] == 8 and data["sentiment_accuracy"] == 1.0
    assert main(["label", tagged_project_copy, str(gold)]) == 0
    assert "labelled 8 records" in capsys.readouterr().out
    assert main(["eval", tagged_project_copy, "--gold", str(tmp_path / "missing.csv")]) == 1


def test_the_queue_is_the_same_for_a_seed_and_spreads_differently_for_another(tmp_path: Path) -> None:
    """The queue's clustering is seeded (bench/cascade.py --seeds repeats the analyst with other seeds)."""
    from tests.tagging.conftest import add_records

    with Project.open(tmp_path / "q.kesheng") as project:
        ids = add_records(project, [f"{w}，等了{i}天{t}" for i in range(12) for w, t in
                                    (("物流太慢了", "还没到"), ("电池续航很短", "就鼓包"), ("客服态度差", "没人理"))])
        with project.write() as conn:
            conn.execute(schema.assessments.insert(), [
                {"record_id": rid, "sentiment": "negative", "confidence": 0.2, "method": "student"} for rid in ids])
        picks = [tuple(i.record_id for i in next_for_review(project, 4, seed)) for seed in (0, 0, 1, 2, 3)]
    assert picks[0] == picks[1]
    assert len(set(picks)) > 1
