"""The tagging run with the deterministic fake backend: writes, provenance, budget, retag, resume, cancel."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.tagging.conftest import add_records, all_tags
from workbench.errors import Cancelled, UsageError
from workbench.llm.backend import Backend
from workbench.llm.fake_backend import FakeBackend
from workbench.llm.prompts import PROMPT_VERSION
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.run import TagOptions, tag_project

TEXTS = ["配送时效太差了，等了一个小时", "味道很好吃，包装也不错", "客服态度差", "今天收到了", "饭都凉了，难吃"]


def _opener(backend: FakeBackend):  # type: ignore[no-untyped-def]
    def open_(options: TagOptions) -> Backend:
        return backend
    return open_


def _assessments(project: Project) -> dict[int, tuple[str, int | None, str | None]]:
    a = schema.assessments
    with project.read() as conn:
        return {int(r): (m, run, pv) for r, m, run, pv in conn.execute(
            select(a.c.record_id, a.c.method, a.c.run_id, a.c.prompt_version))}


def test_every_record_is_assessed_and_tags_carry_provenance(tax_project: Project) -> None:
    ids = add_records(tax_project, TEXTS)
    result = tag_project(tax_project, TagOptions(), open_backend=_opener(FakeBackend()))
    assert result.tagged == len(TEXTS) and result.by_method == {"llm": len(TEXTS)}
    assessed = _assessments(tax_project)
    assert set(assessed) == set(ids)
    assert {v[2] for v in assessed.values()} == {PROMPT_VERSION}
    tags = all_tags(tax_project)
    assert (ids[0], "物流/配送时效", "llm", "配送时效太差了") in tags
    t = schema.tags
    with tax_project.read() as conn:
        for rid, text, start, end in conn.execute(select(t.c.record_id, t.c.evidence, t.c.span_start, t.c.span_end)):
            assert TEXTS[ids.index(rid)][start:end] == text  # evidence is an exact substring
        run = conn.execute(select(schema.runs)).one()
    assert run.status == "complete" and run.model_sha256 == "0" * 64 and run.prompt_version == PROMPT_VERSION
    assert run.done == len(TEXTS) and run.taxonomy_version_id is not None


def test_second_run_has_nothing_to_do_and_retag_redoes_without_duplicates(tax_project: Project) -> None:
    add_records(tax_project, TEXTS)
    tag_project(tax_project, TagOptions(), open_backend=_opener(FakeBackend()))
    before = all_tags(tax_project)
    assert tag_project(tax_project, TagOptions(), open_backend=_opener(FakeBackend())).total == 0
    again = tag_project(tax_project, TagOptions(retag=True), open_backend=_opener(FakeBackend()))
    assert again.tagged == len(TEXTS)
    assert all_tags(tax_project) == before


def test_budget_limits_llm_records_and_rules_tag_the_rest(tax_project: Project) -> None:
    add_records(tax_project, TEXTS)
    fake = FakeBackend()
    result = tag_project(tax_project, TagOptions(llm_budget=2), open_backend=_opener(fake))
    assert result.by_method == {"llm": 2, "rule": 3}
    assert len(fake.requests) == 2
    rule_tags = [t for t in all_tags(tax_project) if t[2] == "rule"]
    assert ("客服态度", "rule") in {(p.rsplit("/", 1)[-1], m) for _, p, m, _ in rule_tags}


def test_rules_only_run_loads_no_model(tax_project: Project) -> None:
    add_records(tax_project, ["送得不慢", "超时了"])

    def refuse(options: TagOptions) -> Backend:
        raise AssertionError("no model may be opened with a zero budget")

    result = tag_project(tax_project, TagOptions(llm_budget=0), open_backend=refuse)
    assert result.by_method == {"rule": 2}
    assert [p for _, p, _, _ in all_tags(tax_project)] == ["物流/配送时效"]  # "不慢" is not "慢"


def test_human_labels_survive_retag(tax_project: Project) -> None:
    ids = add_records(tax_project, TEXTS[:2])
    with tax_project.write() as conn:
        conn.execute(schema.assessments.insert().values(record_id=ids[0], sentiment="positive", method="human"))
        conn.execute(schema.tags.insert().values(record_id=ids[0], node_key="k2_0", path="产品/口味", method="human"))
    tag_project(tax_project, TagOptions(retag=True), open_backend=_opener(FakeBackend()))
    assert _assessments(tax_project)[ids[0]][0] == "human"
    assert (ids[0], "产品/口味", "human", None) in all_tags(tax_project)


def test_cancel_keeps_finished_batches_and_the_next_run_resumes(tax_project: Project) -> None:
    add_records(tax_project, TEXTS * 4)
    token = CancelToken()
    calls = 0

    def progress(fraction: float, message: str = "") -> None:
        nonlocal calls
        calls += 1
        token.cancel()  # cancel after the first batch

    with pytest.raises(Cancelled, match="resume"):
        tag_project(tax_project, TagOptions(batch_size=3), progress, token, open_backend=_opener(FakeBackend()))
    assert len(_assessments(tax_project)) == 3
    result = tag_project(tax_project, TagOptions(batch_size=3), open_backend=_opener(FakeBackend()))
    assert result.resumed and result.total == len(TEXTS) * 4 - 3
    with tax_project.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.runs)).scalar() == 1
    assert len(_assessments(tax_project)) == len(TEXTS) * 4
    assert len({a[1] for a in _assessments(tax_project).values()}) == 1


def test_no_taxonomy_is_a_clear_usage_error(project: Project) -> None:
    add_records(project, ["x"])
    with pytest.raises(UsageError, match="taxonomy"):
        tag_project(project, TagOptions(), open_backend=_opener(FakeBackend()))


def test_conversations_show_roles_and_only_customer_text_is_evidence(tax_project: Project) -> None:
    fake = FakeBackend()
    ids = add_records(tax_project, [], [[("customer", "我的外卖超时了"), ("agent", "抱歉，客服态度会改进"),
                                         ("customer", "好的呢，非常感谢")]])
    tag_project(tax_project, TagOptions(), open_backend=_opener(fake))
    user = fake.requests[-1][1]
    assert "客户：我的外卖超时了" in user and "客服：抱歉" in user
    for _, _, _, evidence in all_tags(tax_project):
        assert evidence and evidence in "我的外卖超时了\n好的呢，非常感谢"
    assert ids


class _Flaky(FakeBackend):
    def __init__(self, fail_on: set[str]) -> None:
        super().__init__(delay=0)
        self.fail_on = fail_on

    def complete_json(self, system, user, schema, max_tokens):  # type: ignore[no-untyped-def]
        if any(word in user for word in self.fail_on):
            from workbench.errors import ModelError

            raise ModelError("boom")
        return super().complete_json(system, user, schema, max_tokens)


def test_one_failed_request_falls_back_to_rules(tax_project: Project) -> None:
    add_records(tax_project, TEXTS)
    result = tag_project(tax_project, TagOptions(), open_backend=_opener(_Flaky({"客服"})))
    assert result.by_method == {"llm": 4, "rule": 1}


def test_a_dead_model_stops_the_run_keeping_finished_batches(tax_project: Project) -> None:
    from workbench.errors import ModelError

    add_records(tax_project, ["好吃"] * 4 + ["坏了"] * 6)
    with pytest.raises(ModelError, match="in a row"):
        tag_project(tax_project, TagOptions(batch_size=2), open_backend=_opener(_Flaky({"坏了"})))
    methods = [m for m, _, _ in _assessments(tax_project).values()]
    assert methods == ["llm"] * 4 + ["rule"] * 2  # two failures fell back to rules, the third stopped the run
    with tax_project.read() as conn:
        assert conn.execute(select(schema.runs.c.status)).scalar() == "interrupted"
