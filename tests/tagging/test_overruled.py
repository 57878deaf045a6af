"""Issue 25: a codebook keyword the analyst keeps overruling stops tagging and teaching in the cascade."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from tests.tagging.test_cascade import _opener, corpus
from workbench.llm.fake_backend import FakeBackend
from workbench.nlp.rules import RuleSet
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.labels import label_records
from workbench.tagging.overruled import KEPT_SHARE, MIN_SEEN, overruled, without_overruled
from workbench.tagging.results import RecordInput
from workbench.tagging.rule_tagger import rule_result
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.repository import save_version

PRINTED = ["外卖包装上印着店名，味道很好吃", "包装袋上写着祝福，味道不错", "包装很普通，就是味道太难吃了",
           "包装上有二维码，味道一般", "看了包装才知道是连锁店，味道很好"]


def _rule_tags(project: Project, ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    t = schema.tags
    out: dict[int, set[tuple[str, str]]] = {i: set() for i in ids}
    with project.read() as conn:
        for rid, key, evidence in conn.execute(select(t.c.record_id, t.c.node_key, t.c.evidence)
                                               .where(t.c.method == "rule", t.c.record_id.in_(ids))):
            out[rid].add((evidence, key))
    return out


def test_a_keyword_the_analyst_keeps_taking_off_is_overruled(tmp_path: Path) -> None:
    taxonomy = small_taxonomy()
    rules = RuleSet(taxonomy)
    with Project.open(tmp_path / "t.kesheng") as project:
        save_version(project, taxonomy, "t")
        ids = add_records(project, PRINTED + corpus(40))
        assert overruled(project, taxonomy, rules) == frozenset()  # no analyst labels yet
        label_records(project, [(rid, ("产品/口味",), None) for rid in ids[:MIN_SEEN - 1]])
        assert overruled(project, taxonomy, rules) == frozenset()  # too few to judge
        label_records(project, [(ids[MIN_SEEN - 1], ("产品/口味",), None)])
        assert overruled(project, taxonomy, rules) == frozenset({("包装", "k2_2")})
        label_records(project, [(ids[3], ("产品/口味", "产品/包装"), None)])  # one of four kept: under a third
        assert KEPT_SHARE * 4 > 1 and overruled(project, taxonomy, rules) == frozenset({("包装", "k2_2")})
        label_records(project, [(ids[4], ("产品/包装",), None)])  # two of five kept: no longer overruled
        assert overruled(project, taxonomy, rules) == frozenset()


def test_without_overruled_drops_only_that_keywords_rule_tag() -> None:
    taxonomy = small_taxonomy()
    result = rule_result(RecordInput(1, "包装上印着店名，送得太慢了"), taxonomy, RuleSet(taxonomy))
    assert {t.node_key for t in result.tags} == {"k2_2", "k2_3"}
    kept = without_overruled(result, frozenset({("包装", "k2_2")}))
    assert [t.node_key for t in kept.tags] == ["k2_3"] and kept.sentiment == result.sentiment
    assert without_overruled(result, frozenset()) is result


def test_the_cascade_stops_tagging_by_an_overruled_keyword_after_the_analysts_labels(tmp_path: Path) -> None:
    taxonomy = small_taxonomy()
    with Project.open(tmp_path / "t.kesheng") as project:
        save_version(project, taxonomy, "t")
        unlabelled = [f"包装上印着第{i}号店的标志，味道很好吃" for i in range(6)]
        ids = add_records(project, PRINTED[:MIN_SEEN] + unlabelled + corpus(120))
        rest = ids[MIN_SEEN:MIN_SEEN + len(unlabelled)]
        tag_project(project, TagOptions(llm_budget=0), open_backend=_opener(FakeBackend()))
        assert all(("包装", "k2_2") in tags for tags in _rule_tags(project, rest).values())
        label_records(project, [(rid, ("产品/口味",), None) for rid in ids[:MIN_SEEN]])
        tag_project(project, TagOptions(llm_budget=0, relearn=True), open_backend=_opener(FakeBackend()))
        assert not any(("包装", "k2_2") in tags for tags in _rule_tags(project, rest).values())
