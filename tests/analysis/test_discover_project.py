"""Discovery on a project: uncovered records cluster into proposals; accept adds a node, dismiss hides one."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.analysis.test_discovery import TOPICS
from tests.ui.sample_project import fill
from workbench.cli import main
from workbench.discover import accept, discover, dismiss, uncovered
from workbench.errors import ConflictError
from workbench.llm.backend import Usage
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import load_current
from workbench.taxonomy.retag import pending_retag
from workbench.types import RecordFilter


def plant(project: Project) -> dict[int, str]:
    """The sample (all tagged) plus 42 untagged records on three topics and 6 untagged praises."""
    fill(project, n=60)
    rng = random.Random(5)
    truth: dict[int, str] = {}
    with project.write() as conn:
        rid = 1000
        for topic, phrases in [*TOPICS.items(), ("praise", ["很好用，满意", "非常满意的一次购物"])]:
            for j in range(14 if topic != "praise" else 6):
                rid += 1
                conn.execute(schema.records.insert().values(
                    id=rid, source_id=1, source_row=rid, channel="工单", content_hash=f"u{rid}",
                    created_at=datetime(2025, 2, 1) + timedelta(hours=rid), text=rng.choice(phrases) + "。" * (j % 2)))
                if topic == "praise":
                    conn.execute(schema.assessments.insert().values(record_id=rid, sentiment="positive",
                                                                    intent="praise", confidence=0.9, method="rule"))
                truth[rid] = topic
    return truth


class Namer:
    """A scripted model for the naming step (unit test only): names every cluster after its first top word."""

    name, sha256 = "scripted", None

    def __init__(self) -> None:
        self.schemas: list[dict[str, Any]] = []
        self.last_usage = Usage()

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        self.schemas.append(schema)
        word = user.split("高频词：", 1)[1].split("、", 1)[0].strip()
        return {"name": f"{word}问题", "parent": "售后", "description": "自动命名", "keywords": [word, word]}

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        yield ""

    def close(self) -> None:
        pass


def test_uncovered_leaves_out_tagged_and_praise(project: Project) -> None:
    truth = plant(project)
    ids = {i for i, _ in uncovered(project, RecordFilter())}
    assert ids == {i for i, t in truth.items() if t != "praise"}
    assert len(uncovered(project, RecordFilter(), praise_too=True)) == len(truth)


def test_propose_accept_and_dismiss(project: Project) -> None:
    truth = plant(project)
    namer = Namer()
    proposals = discover(project, RecordFilter(), namer)  # type: ignore[arg-type]
    assert len(proposals) == 3 and all(p.by_model for p in proposals)
    assert {p.name for p in proposals} == {"发票问题", "优惠券问题", "降噪问题"}
    assert all(p.parent == "售后" for p in proposals)
    assert namer.schemas[0]["properties"]["parent"]["enum"] == ["物流", "售后", "产品质量", "（无）"]
    coupon = next(p for p in proposals if p.name == "优惠券问题")
    assert {truth[r] for r in coupon.cluster.record_ids} == {"coupon"}
    version = load_current(project).version_id  # type: ignore[union-attr]
    result = accept(project, coupon, expected_version=version)
    tax = load_current(project)
    assert tax is not None and tax.version_id == result.version_id
    node = tax.by_path("售后/优惠券问题")
    assert node is not None and "优惠券" in node.keywords and node.examples
    assert set(coupon.cluster.record_ids) <= pending_retag(project)
    with pytest.raises(ConflictError):
        accept(project, proposals[0], name="又一个", expected_version=version)
    dismiss(project, proposals[0])
    again = discover(project, RecordFilter())  # keywords only this time
    assert proposals[0].cluster.signature not in {p.cluster.signature for p in again}
    assert all(not p.by_model for p in again)


def test_cli(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    plant(project)
    target = project.target
    project.close()
    assert main(["discover", target, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["n"] for p in listed] == [1, 2, 3] and all(p["size"] >= 12 for p in listed)
    assert main(["discover", target, "--accept", "2", "--name", "开票", "--parent", "/"]) == 0
    assert "added “开票”" in capsys.readouterr().out
    with Project.open(target) as reopened:
        assert load_current(reopened).by_path("开票") is not None  # type: ignore[union-attr]
    assert main(["discover", target, "--dismiss", "9"]) == 2
    assert "choose N from 1" in capsys.readouterr().err
