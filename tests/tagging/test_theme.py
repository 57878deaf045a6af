"""Themes by example on real SQLite projects: the preview finds the planted records and no others, apply adds
the node (a taxonomy version) and rule tags in one undoable history entry, the CLI's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.cli import main
from workbench.errors import InputError
from workbench.history import entries, redo, undo
from workbench.llm.fake_backend import FakeBackend
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.theme import ThemeSpec, apply_theme, preview_theme
from workbench.taxonomy.repository import load_current, save_version

FILLER = [f"{what}，{how}" for what in ("配送超时了", "味道很好吃", "包装洒了", "饭菜凉了", "客服态度差", "骑手很准时",
                                        "分量太少", "米饭太硬", "汤很鲜", "送错地址了")
          for how in ("下次不点了", "还会再来", "一般般", "希望改进", "挺满意的")]
PLANTED = ["发票一直开不出来，找商家也不理", "要开发票商家说不能开", "发票抬头开错了，要重开",
           "申请了电子发票三天还没收到", "能不能开发票啊，公司报销要用", "发票金额和订单对不上"]
EXAMPLES = ("想开发票但是商家不给开发票", "发票开不出来怎么办", "电子发票一直收不到")


@pytest.fixture
def target(tmp_path: Path) -> tuple[str, list[int], list[int]]:
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        filler = add_records(project, FILLER)
        planted = add_records(project, PLANTED)
    return str(path), planted, filler


def test_preview_finds_the_planted_records_and_no_others(target: tuple[str, list[int], list[int]]) -> None:
    path, planted, _ = target
    with Project.open(path, create=False) as project:
        preview = preview_theme(project, ThemeSpec("发票", "开发票难、发票错", EXAMPLES, parent="服务"))
        assert preview.node == "服务/发票"
        assert "发票" in preview.keywords
        assert set(preview.record_ids) == set(planted)
        assert preview.by["rule"] + preview.by["student"] == len(planted)
        assert {m.record_id for m in preview.matches} == set(planted)
        assert all(m.text in PLANTED for m in preview.matches)
        assert preview.scanned == len(FILLER) + len(PLANTED)
        assert load_current(project).by_path("服务/发票") is None  # type: ignore[union-attr]  # nothing written


def test_the_student_finds_members_the_rules_miss(target: tuple[str, list[int], list[int]]) -> None:
    path, planted, filler = target
    with Project.open(path, create=False) as project:
        # the analyst's keyword matches nothing, so every match is the student's
        preview = preview_theme(project, ThemeSpec("发票", "", (*EXAMPLES, *PLANTED[:3]), keywords=("无此词",)))
    assert preview.by["rule"] == 0 and preview.by["student"] == len(preview.record_ids)
    assert set(planted[:3]) <= set(preview.record_ids)
    assert not set(preview.record_ids) & set(filler)


def test_example_records_and_the_model_on_a_sample(target: tuple[str, list[int], list[int]]) -> None:
    path, planted, filler = target
    fake = FakeBackend()
    with Project.open(path, create=False) as project:
        preview = preview_theme(project, ThemeSpec("发票", "", example_records=(planted[0], planted[1]),
                                                   keywords=("开不出",)), llm_sample=10, backend=fake)
    assert len(fake.requests) == 10  # the model judged exactly the sample
    assert planted[0] in preview.record_ids and planted[1] in preview.record_ids
    llm = {m.record_id for m in preview.matches if m.by == "llm"}
    assert preview.by["llm"] == len(llm) > 0
    assert llm <= set(planted)  # the fake says yes only to texts that name the theme
    assert not set(preview.record_ids) & set(filler)


def test_bad_specs_are_refused(target: tuple[str, list[int], list[int]]) -> None:
    path, _, _ = target
    with Project.open(path, create=False) as project:
        with pytest.raises(InputError, match="examples"):
            preview_theme(project, ThemeSpec("发票", "d"))
        with pytest.raises(InputError, match="already has"):
            preview_theme(project, ThemeSpec("口味", "d", EXAMPLES, parent="产品"))
        with pytest.raises(InputError, match="no record"):
            preview_theme(project, ThemeSpec("发票", "d", example_records=(99999,)))


def _theme_tags(project: Project) -> dict[int, tuple[str, str]]:
    t = schema.tags
    with project.read() as conn:
        return {int(r): (str(p), str(m)) for r, p, m in conn.execute(
            select(t.c.record_id, t.c.path, t.c.method).where(t.c.path == "服务/发票"))}


def test_apply_adds_the_node_and_tags_and_undo_takes_both_back(target: tuple[str, list[int], list[int]]) -> None:
    path, planted, _ = target
    with Project.open(path, create=False) as project:
        spec = ThemeSpec("发票", "开发票难、发票错", EXAMPLES, parent="服务")
        preview = preview_theme(project, spec)
        kept = [r for r in preview.record_ids if r != planted[-1]]  # the analyst unchecked one
        result = apply_theme(project, spec, kept, preview.keywords, by="ana")
        node = load_current(project).by_path("服务/发票")  # type: ignore[union-attr]
        assert node is not None and node.description == "开发票难、发票错" and "发票" in node.keywords
        assert result.tagged == len(planted) - 1 and result.changes.taxonomy
        assert _theme_tags(project) == {r: ("服务/发票", "rule") for r in kept}
        assert [(e.kind, e.undone) for e in entries(project)] == [("theme", False)]

        undo(project)
        assert load_current(project).by_path("服务/发票") is None  # type: ignore[union-attr]
        assert _theme_tags(project) == {}
        redo(project)
        assert load_current(project).by_path("服务/发票") is not None  # type: ignore[union-attr]
        assert _theme_tags(project) == {r: ("服务/发票", "rule") for r in kept}
        undo(project)  # again, after the redo
        assert load_current(project).by_path("服务/发票") is None  # type: ignore[union-attr]


def test_cli_preview_json_and_apply(target: tuple[str, list[int], list[int]],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path, planted, _ = target
    args = ["theme", path, "--name", "发票", "--parent", "服务", "--description", "开发票难",
            "--example", *EXAMPLES]
    assert main([*args, "--preview", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["node"] == "服务/发票" and out["matches"] == len(planted)
    assert set(out["by"]) == {"rule", "student"} and sum(out["by"].values()) == len(planted)
    assert {e["record_id"] for e in out["examples"]} == set(planted)
    assert all(set(e) >= {"record_id", "text", "score"} and isinstance(e["score"], float) for e in out["examples"])
    assert main([*args, "--apply", "--exclude", str(planted[0]), "--json"]) == 0
    applied = json.loads(capsys.readouterr().out)
    assert applied["node"] == "服务/发票" and applied["tagged"] == len(planted) - 1 and applied["excluded"] == 1
    with Project.open(path, create=False) as project:
        assert set(_theme_tags(project)) == set(planted[1:])
    assert main(["undo", path]) == 0


def test_a_cancelled_apply_leaves_tags_tree_and_history_as_they_were(target: tuple[str, list[int], list[int]]) -> None:
    from workbench.errors import Cancelled
    from workbench.progress import CancelToken

    path, planted, _ = target
    token = CancelToken()
    with Project.open(path, create=False) as project:
        paths = sorted(n.path for n in load_current(project).nodes)  # type: ignore[union-attr]
        with pytest.raises(Cancelled):  # cancelled while the tags are written
            apply_theme(project, ThemeSpec("发票", "", EXAMPLES, parent="服务"), planted,
                        progress=lambda f, m: token.cancel() if "tagged" in str(m) else None, cancel=token)
        assert sorted(n.path for n in load_current(project).nodes) == paths  # type: ignore[union-attr]
        with project.read() as conn:
            assert conn.execute(select(schema.tags.c.id).where(schema.tags.c.path.like("%发票%"))).all() == []
        assert entries(project) == []
