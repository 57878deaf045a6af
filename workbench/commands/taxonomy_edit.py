"""`taxonomy PROJECT --add/--rename/--move/--merge/--split/--delete`: one edit, one new taxonomy version.

Nodes are named by path (一级/二级) or key. ``--expect-version N`` refuses the edit when another
analyst saved a newer version since N (optimistic locking on a shared PostgreSQL project).
"""

from __future__ import annotations

import argparse

from workbench.errors import UsageError
from workbench.project import Project
from workbench.taxonomy import edits
from workbench.taxonomy.tree import SEP

EDIT_OPTIONS = ("add", "rename", "move", "merge", "split", "delete", "undo")


def wants_edit(args: argparse.Namespace) -> bool:
    """Whether the command line asks for an edit."""
    return any(getattr(args, name, None) for name in EDIT_OPTIONS)


def run_edit(args: argparse.Namespace) -> int:
    """Apply the one edit the arguments name and print the new version and what needs re-tagging."""
    expected: int | None = args.expect_version
    with Project.open(args.project, create=False) as project:
        if args.undo:
            from workbench.history import undo_taxonomy_edit

            print(f"taxonomy version {undo_taxonomy_edit(project, expected)}: undid the last edit")
            return 0
        result = _apply(project, args, expected)
        from workbench.taxonomy.repository import list_versions

        note = next(v.note for v in list_versions(project) if v.id == result.version_id)
    print(f"taxonomy version {result.version_id}: {note}")
    if result.retag_record_ids:
        print(f"{len(result.retag_record_ids)} records need re-tagging: run `tag {args.project}`")
    return 0


def _apply(project: Project, args: argparse.Namespace, expected: int | None) -> edits.EditResult:
    if args.add:
        path = args.add.strip().strip(SEP)
        if not path:
            raise UsageError("--add needs the new node's path, such as 物流/配送慢")
        parent, _, name = path.rpartition(SEP)
        return edits.add_node(project, parent or None, name, expected_version=expected)
    if args.rename:
        return edits.rename_node(project, args.rename[0], args.rename[1], expected_version=expected)
    if args.move:
        parent = args.move[1].strip().strip(SEP)
        return edits.move_node(project, args.move[0], parent or None, expected_version=expected)
    if args.merge:
        return edits.merge_nodes(project, args.merge[0], args.merge[1], expected_version=expected)
    if args.split:
        if len(args.split) < 3:
            raise UsageError("--split needs a node and at least two parts: --split 物流/配送 配送慢 配送错")
        return edits.split_node(project, args.split[0], args.split[1:], expected_version=expected)
    return edits.delete_node(project, args.delete, expected_version=expected)
