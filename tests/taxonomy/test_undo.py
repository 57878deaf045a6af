"""Undo puts the tree, the tags and the re-tagging marks back exactly as they were before the edit."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.taxonomy.conftest import add_records, tag, tags_of
from workbench.errors import ConflictError, InputError
from workbench.project import Project
from workbench.taxonomy import edits
from workbench.taxonomy.repository import list_versions, load_current, save_version
from workbench.taxonomy.retag import pending_retag
from workbench.taxonomy.undo import can_undo, undo_last

EDITS: dict[str, Callable[[Project], object]] = {
    "merge": lambda p: edits.merge_nodes(p, "物流/包装", "物流/配送时效"),
    "delete": lambda p: edits.delete_node(p, "产品"),
    "split": lambda p: edits.split_node(p, "产品/质量/续航", ["待机", "快充"]),
    "rename": lambda p: edits.rename_node(p, "物流", "运输"),
    "move": lambda p: edits.move_node(p, "物流/包装", "售后"),
    "add": lambda p: edits.add_node(p, "售后/退款", "退款慢"),
}


def _paths(project: Project) -> set[str]:
    tax = load_current(project)
    return set() if tax is None else {n.path for n in tax.nodes}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_undo_restores_everything(saved: Project, kind: str) -> None:
    ids = add_records(saved, 6)
    for rid, path in zip(ids, ["物流/包装/破损", "物流/配送时效/发货慢", "产品/质量/续航", "产品/质量/发烫",
                               "售后/退款", "物流/包装/破损"], strict=True):
        tag(saved, rid, path)
    before = (_paths(saved), tags_of(saved), pending_retag(saved))
    EDITS[kind](saved)
    assert (_paths(saved), tags_of(saved), pending_retag(saved)) != before or kind == "add"
    assert can_undo(saved) is not None
    version = undo_last(saved)
    after = (_paths(saved), [(r, k, p) for r, k, p, _ in tags_of(saved)], pending_retag(saved))
    assert after == (before[0], [(r, k, p) for r, k, p, _ in before[1]], before[2])
    assert [v.note for v in list_versions(saved)][-1].startswith("undo: ")
    assert version == load_current(saved).version_id  # type: ignore[union-attr]
    with pytest.raises(InputError, match="can't be undone"):
        undo_last(saved)


def test_templates_are_not_undoable_and_stale_undo_is_refused(saved: Project) -> None:
    assert can_undo(saved) is None
    result = edits.rename_node(saved, "物流", "运输")
    save_version(saved, load_current(saved), "re-save")  # type: ignore[arg-type]
    assert can_undo(saved) is None
    edits.rename_node(saved, "运输", "物流")
    with pytest.raises(ConflictError):
        undo_last(saved, expected_version=result.version_id)
