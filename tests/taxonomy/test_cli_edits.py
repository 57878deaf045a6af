"""Taxonomy edits from the command line, and optimistic locking between two analysts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.taxonomy.conftest import add_records, small_tree
from workbench.cli import main
from workbench.errors import ConflictError
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy import edits
from workbench.taxonomy.repository import list_versions, load_current, save_version


@pytest.fixture
def proj(tmp_path: Path) -> str:
    target = str(tmp_path / "edit.kesheng")
    with Project.open(target) as project:
        save_version(project, small_tree(), "first")
    return target


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["taxonomy", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_each_edit_makes_a_version(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, proj, "--add", "物流/退货") == (0, "taxonomy version 2: add 物流/退货\n")
    assert run(capsys, proj, "--rename", "物流/退货", "退换货")[0] == 0
    assert run(capsys, proj, "--move", "物流/退换货", "售后")[0] == 0
    assert run(capsys, proj, "--merge", "售后/退换货", "售后/退款")[0] == 0
    code, out = run(capsys, proj, "--split", "产品/质量/续航", "待机短", "充电慢")
    assert code == 0 and "version 6" in out
    assert run(capsys, proj, "--delete", "物流/包装")[0] == 0
    with Project.open(proj) as project:
        tax = load_current(project)
        notes = [v.note for v in list_versions(project)]
    assert tax is not None and tax.version_id == 7
    paths = {n.path for n in tax.nodes}
    assert {"产品/质量/待机短", "产品/质量/充电慢", "售后/退款"} <= paths
    assert not {"物流/包装", "物流/包装/破损", "售后/退换货", "产品/质量/续航"} & paths
    assert notes[1:] == ["add 物流/退货", "rename 物流/退货 → 退换货", "move 物流/退换货 → 售后",
                         "merge 售后/退换货 → 售后/退款", "split 产品/质量/续航 → 待机短 | 充电慢", "delete 物流/包装"]


def test_split_reports_records_to_retag(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(proj) as project:
        ids = add_records(project, 3)
        tax = load_current(project)
        assert tax is not None
        node = tax.by_path("产品/质量/续航")
        assert node is not None
        with project.write() as conn:
            for rid in ids[:2]:
                conn.execute(schema.tags.insert().values(record_id=rid, node_key=node.key, path=node.path,
                                                         taxonomy_version_id=tax.version_id, method="rule",
                                                         confidence=0.9, sentiment="negative"))
    code, out = run(capsys, proj, "--split", "产品/质量/续航", "待机短", "充电慢")
    assert code == 0 and "2 records need re-tagging" in out


def test_bad_edits_are_one_sentence_and_change_nothing(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, proj, "--delete", "没有这个")
    assert code != 0 and out.startswith("error: no node '没有这个'") and out.count("\n") == 1
    code, out = run(capsys, proj, "--split", "产品/质量/续航", "只有一个")
    assert code == 2 and "at least two parts" in out
    code, out = run(capsys, proj, "--add", "/")
    assert code == 2 and "--add needs" in out
    code, out = run(capsys, proj, "--rename", "物流", "运输", "--expect-version", "5")
    assert code != 0 and "version 5 does not exist" in out
    with Project.open(proj) as project:
        assert len(list_versions(project)) == 1


def test_stale_edit_is_refused(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Analyst A loaded version 1; analyst B renamed a node; A's edit against version 1 is refused."""
    with Project.open(proj) as first, Project.open(proj) as second:
        seen = load_current(first)
        assert seen is not None and seen.version_id == 1
        edits.rename_node(second, "物流", "运输", expected_version=1)
        with pytest.raises(ConflictError, match="changed while you were editing version 1"):
            edits.delete_node(first, "物流/包装", expected_version=seen.version_id)
        with pytest.raises(ConflictError):
            save_version(first, seen, "overwrite", expected_version=seen.version_id)
        with first.read() as conn:
            assert conn.execute(select(func.count()).select_from(schema.taxonomy_versions)).scalar() == 2
        tax = load_current(first)
        assert tax is not None and tax.by_path("运输/包装/破损") is not None
    code, out = run(capsys, proj, "--delete", "运输/包装", "--expect-version", "1")
    assert code != 0 and "reload the taxonomy" in out
    assert run(capsys, proj, "--delete", "运输/包装", "--expect-version", "2")[0] == 0


def test_undo_from_the_command_line(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, proj, "--delete", "物流/包装")[0] == 0
    assert run(capsys, proj, "--undo") == (0, "taxonomy version 3: undid the last edit\n")
    with Project.open(proj) as project:
        tax = load_current(project)
        assert tax is not None and tax.by_path("物流/包装/破损") is not None
    code, out = run(capsys, proj, "--undo")
    assert code != 0 and "can't be undone" in out
