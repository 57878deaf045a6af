from __future__ import annotations

import pytest

from tests.taxonomy.conftest import add_records, tag, tags_of
from workbench.errors import InputError
from workbench.project import Project
from workbench.taxonomy.edits import (
    NodeSpec,
    add_node,
    delete_node,
    merge_nodes,
    move_node,
    rename_node,
    split_node,
    update_node,
)
from workbench.taxonomy.model import Taxonomy
from workbench.taxonomy.repository import list_versions, load_current, load_version
from workbench.taxonomy.retag import pending_retag


def current(project: Project) -> Taxonomy:
    tax = load_current(project)
    assert tax is not None
    return tax


def test_add_makes_a_version_with_a_note(saved: Project) -> None:
    result = add_node(saved, "售后", NodeSpec("维修", name_en="Repair", keywords=("修", "返修")))
    tax = current(saved)
    node = tax.by_path("售后/维修")
    assert node is not None and node.name_en == "Repair" and node.keywords == ("修", "返修")
    assert result.version_id == tax.version_id and result.changes.taxonomy
    assert list_versions(saved)[-1].note == "add 售后/维修"
    assert node.key not in {n.key for n in load_version(saved, list_versions(saved)[0].id).nodes}


def test_add_under_a_tagged_leaf_marks_its_records(saved: Project) -> None:
    ids = add_records(saved, 2)
    tag(saved, ids[0], "售后/退款")
    result = add_node(saved, "售后/退款", "退款到账慢")
    assert result.retag_record_ids == {ids[0]}
    assert pending_retag(saved) == {ids[0]}
    assert len(tags_of(saved)) == 1  # the tag itself stays


def test_rename_keeps_key_and_repaths_tags(saved: Project) -> None:
    ids = add_records(saved, 1)
    tag(saved, ids[0], "物流/配送时效/配送慢")
    before = current(saved)
    key = before.by_path("物流/配送时效").key  # type: ignore[union-attr]
    result = rename_node(saved, "物流/配送时效", "时效", name_en="Speed")
    after = current(saved)
    assert after.by_key(key).path == "物流/时效" and after.by_key(key).name_en == "Speed"
    assert after.by_path("物流/时效/配送慢") is not None
    ((_, _, path, version),) = tags_of(saved)
    assert path == "物流/时效/配送慢" and version == before.version_id  # the tag keeps its version
    assert result.changes.record_ids == {ids[0]} and result.retag_record_ids == frozenset()


def test_rename_to_a_sibling_name_is_refused(saved: Project) -> None:
    with pytest.raises(InputError, match="already has a node named 包装"):
        rename_node(saved, "物流/配送时效", "包装")
    assert len(list_versions(saved)) == 1


def test_move_subtree(saved: Project) -> None:
    key = current(saved).by_path("物流/包装").key  # type: ignore[union-attr]
    move_node(saved, key, "产品")
    tax = current(saved)
    assert tax.by_key(key).path == "产品/包装" and tax.by_path("产品/包装/破损") is not None
    with pytest.raises(InputError, match="inside itself"):
        move_node(saved, "产品", "产品/包装")


def test_merge_repoints_tags_and_merges_children(saved: Project) -> None:
    ids = add_records(saved, 3)
    tag(saved, ids[0], "物流/配送时效/发货慢")
    tag(saved, ids[1], "物流/配送时效/配送慢")
    tag(saved, ids[2], "产品/质量/续航")
    before = current(saved)
    result = merge_nodes(saved, "物流/配送时效/发货慢", "物流/配送时效/配送慢")
    tax = current(saved)
    slow = tax.by_path("物流/配送时效/配送慢")
    assert slow is not None and tax.by_path("物流/配送时效/发货慢") is None
    assert "发货慢" in slow.keywords
    rows = tags_of(saved)
    assert [(r, k, p) for r, k, p, _ in rows if r != ids[2]] == [(ids[0], slow.key, slow.path),
                                                                 (ids[1], slow.key, slow.path)]
    repointed = [v for r, _, _, v in rows if r == ids[0]]
    assert repointed == [result.version_id]
    assert [v for r, _, _, v in rows if r == ids[2]] == [before.version_id]  # untouched
    assert result.changes.record_ids == {ids[0]} and result.retag_record_ids == frozenset()


def test_merge_inner_nodes_merges_same_named_children(saved: Project) -> None:
    add_node(saved, "产品", "包装")
    add_node(saved, "产品/包装", "破损")
    ids = add_records(saved, 1)
    tag(saved, ids[0], "物流/包装/破损")
    merge_nodes(saved, "物流/包装", "产品/包装")
    tax = current(saved)
    assert tax.by_path("物流/包装") is None
    assert [n.name for n in tax.children(tax.by_path("产品/包装").key)] == ["破损"]  # type: ignore[union-attr]
    assert tags_of(saved)[0][2] == "产品/包装/破损"


def test_merge_into_own_descendant_is_refused(saved: Project) -> None:
    with pytest.raises(InputError, match="outside the source"):
        merge_nodes(saved, "物流", "物流/包装")


def test_split_marks_only_the_affected_records(saved: Project) -> None:
    ids = add_records(saved, 3)
    tag(saved, ids[0], "售后/退款")
    tag(saved, ids[1], "售后/退款")
    tag(saved, ids[2], "物流/包装/破损")
    result = split_node(saved, "售后/退款", [NodeSpec("退款进度", keywords=("退款到账",)), "退款被拒"])
    tax = current(saved)
    assert tax.by_path("售后/退款") is None
    assert [n.name for n in tax.children(tax.by_path("售后").key)] == ["退款进度", "退款被拒"]  # type: ignore[union-attr]
    assert result.retag_record_ids == {ids[0], ids[1]}
    assert pending_retag(saved) == {ids[0], ids[1]}
    assert [r for r, *_ in tags_of(saved)] == [ids[2]]


def test_split_needs_a_leaf_and_two_parts(saved: Project) -> None:
    with pytest.raises(InputError, match="split works on a leaf"):
        split_node(saved, "物流", ["a", "b"])
    with pytest.raises(InputError, match="at least two parts"):
        split_node(saved, "售后/退款", ["a"])


def test_delete_moves_tags_to_parent(saved: Project) -> None:
    ids = add_records(saved, 2)
    tag(saved, ids[0], "物流/包装/破损")
    tag(saved, ids[1], "售后/退款")
    parent = current(saved).by_path("物流")
    result = delete_node(saved, "物流/包装")
    assert current(saved).by_path("物流/包装/破损") is None
    assert (ids[0], parent.key, "物流") in [t[:3] for t in tags_of(saved)]  # type: ignore[union-attr]
    assert result.retag_record_ids == frozenset()
    result = delete_node(saved, "售后")
    assert result.retag_record_ids == {ids[1]}
    assert [r for r, *_ in tags_of(saved)] == [ids[0]]


def test_update_and_unknown_node(saved: Project) -> None:
    update_node(saved, "售后/退款", description="退款相关", keywords=["退钱", "退款"])
    node = current(saved).by_path("售后/退款")
    assert node is not None and node.description == "退款相关" and node.keywords == ("退钱", "退款")
    with pytest.raises(InputError, match="no node '不存在'"):
        rename_node(saved, "不存在", "x")


def test_edit_without_taxonomy_is_a_clear_error(project: Project) -> None:
    with pytest.raises(InputError, match="no taxonomy yet"):
        add_node(project, None, "x")


def test_merge_a_leaf_into_its_parent(saved: Project) -> None:
    ids = add_records(saved, 1)
    tag(saved, ids[0], "物流/包装/破损")
    merge_nodes(saved, "物流/包装/破损", "物流/包装")
    tax = current(saved)
    assert tax.by_path("物流/包装/破损") is None
    assert [t[2] for t in tags_of(saved)] == ["物流/包装"]
    assert "破损" in tax.by_path("物流/包装").keywords  # type: ignore[union-attr]
