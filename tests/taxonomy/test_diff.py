from __future__ import annotations

from tests.taxonomy.conftest import add_records, tag
from workbench.project import Project
from workbench.taxonomy.diff import diff_versions
from workbench.taxonomy.edits import add_node, delete_node, merge_nodes, move_node, rename_node, update_node
from workbench.taxonomy.repository import list_versions


def test_diff_lists_structure_changes(saved: Project) -> None:
    v1 = list_versions(saved)[0].id
    add_node(saved, "售后", "维修")
    rename_node(saved, "物流/包装", "包装问题")
    move_node(saved, "产品/质量/发烫", "产品")
    delete_node(saved, "物流/配送时效/发货慢")
    last = update_node(saved, "售后/退款", keywords=["退钱"]).version_id
    diff = diff_versions(saved, v1, last)
    assert [n.path for n in diff.added] == ["售后/维修"]
    assert [n.path for n in diff.removed] == ["物流/配送时效/发货慢"]
    assert [(a.path, b.path) for a, b in diff.renamed] == [("物流/包装", "物流/包装问题")]
    assert [(a.path, b.path) for a, b in diff.moved] == [("产品/质量/发烫", "产品/发烫")]
    assert [b.path for _, b in diff.edited] == ["售后/退款"]
    assert any(line.startswith("+ 售后/维修") for line in diff.lines())


def test_diff_shows_how_counts_changed(saved: Project) -> None:
    ids = add_records(saved, 3)
    tag(saved, ids[0], "物流/配送时效/发货慢")
    tag(saved, ids[1], "物流/配送时效/发货慢")
    tag(saved, ids[2], "物流/包装/破损")
    v1 = list_versions(saved)[0].id
    v2 = merge_nodes(saved, "物流/配送时效/发货慢", "物流/包装/破损").version_id
    tag(saved, ids[0], "售后/退款")  # a later tag counts for the current version only
    diff = diff_versions(saved, v1, v2)
    counts = {c.old_path or c.new_path: (c.old_count, c.new_count) for c in diff.counts}
    assert counts["物流/配送时效/发货慢"] == (2, 0)
    assert counts["物流/配送时效"] == (2, 0)
    assert counts["物流/包装/破损"] == (1, 3)
    assert counts["售后/退款"] == (0, 1)
    assert "物流" not in counts  # 3 before, 3 after
    assert diff_versions(saved, v1, v1).counts == []
