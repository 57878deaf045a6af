from __future__ import annotations

import pytest

from tests.taxonomy.conftest import add_records, small_tree, tag
from workbench.errors import InputError
from workbench.project import Project
from workbench.taxonomy.repository import list_versions, load_current, load_version, save_version
from workbench.taxonomy.retag import clear_pending_retag, pending_retag
from workbench.taxonomy.tree import Draft, from_drafts


def test_empty_project_has_no_taxonomy(project: Project) -> None:
    assert load_current(project) is None
    assert list_versions(project) == []


def test_save_and_load_round_trip(project: Project) -> None:
    tree = small_tree()
    vid = save_version(project, tree, "first")
    loaded = load_current(project)
    assert loaded is not None and loaded.version_id == vid
    assert sorted(n.path for n in loaded.nodes) == sorted(n.path for n in tree.nodes)
    node = loaded.by_path("产品/质量/续航")
    assert node is not None and node.keywords == ("续航",) and node.level == 3
    assert loaded.by_key(node.parent_key or "").path == "产品/质量"
    assert [n.name for n in loaded.roots()] == ["物流", "产品", "售后"]
    assert project.stats().taxonomy_nodes == len(tree)


def test_versions_chain_and_current_flag(project: Project) -> None:
    v1 = save_version(project, small_tree(), "one")
    v2 = save_version(project, from_drafts([Draft(names=("物流", "配送时效", "发货慢")), Draft(names=("新",))]), "two")
    infos = list_versions(project)
    assert [(i.id, i.parent_id, i.is_current, i.note) for i in infos] == [(v1, None, False, "one"),
                                                                          (v2, v1, True, "two")]
    assert infos[1].nodes == 4 and infos[1].leaves == 2
    assert len(load_version(project, v1)) == len(small_tree())
    current = load_current(project)
    assert current is not None and current.version_id == v2


def test_reapplying_a_tree_keeps_keys_by_path(project: Project) -> None:
    save_version(project, small_tree(), "one")
    first = load_current(project)
    assert first is not None
    fresh = from_drafts([Draft(names=("物流", "配送时效", "发货慢")), Draft(names=("物流", "全新节点"))],
                        taken={first.by_path("物流").key})  # type: ignore[union-attr]
    save_version(project, fresh, "two")
    second = load_current(project)
    assert second is not None
    for path in ("物流", "物流/配送时效", "物流/配送时效/发货慢"):
        assert second.by_path(path).key == first.by_path(path).key  # type: ignore[union-attr]
    new_key = second.by_path("物流/全新节点").key  # type: ignore[union-attr]
    assert new_key not in {n.key for n in first.nodes}


def test_replacing_the_tree_marks_records_of_vanished_nodes(saved: Project) -> None:
    ids = add_records(saved, 3)
    tag(saved, ids[0], "物流/包装/破损")
    tag(saved, ids[1], "售后/退款")
    save_version(saved, from_drafts([Draft(names=("售后", "退款")), Draft(names=("其他",))]), "smaller")
    assert pending_retag(saved) == {ids[0]}
    clear_pending_retag(saved, [ids[0]])
    assert pending_retag(saved) == frozenset()


def test_missing_version_is_a_clear_error(project: Project) -> None:
    with pytest.raises(InputError, match="version 42 does not exist"):
        load_version(project, 42)


def test_invalid_tree_leaves_store_unchanged(saved: Project) -> None:
    tree = load_current(saved)
    assert tree is not None
    from dataclasses import replace

    from workbench.taxonomy.model import Taxonomy

    nodes = list(tree.nodes)
    nodes[1] = replace(nodes[1], path=nodes[0].path)  # a duplicate path
    with pytest.raises(InputError):
        save_version(saved, Taxonomy(nodes), "broken")
    assert len(list_versions(saved)) == 1
