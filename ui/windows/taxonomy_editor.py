"""Editing the taxonomy from the issue tree: add a child, rename, move, merge into, split, delete.

Each edit runs on a worker thread and makes a new taxonomy version. It names the version the tree
shows, so when another analyst changed the taxonomy of a shared project in between, the edit is
refused with one sentence (ConflictError) and the tree reloads instead of overwriting their work.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ui.i18n import pick
from ui.workers.runner import TaskRunner
from workbench.errors import ConflictError
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.taxonomy import edits
from workbench.taxonomy.model import Node

ACTIONS = ("add", "rename", "move", "merge", "split", "delete")
TOP = "/"

TEXT = {
    "add": ("新增子节点…", "Add a child…"), "rename": ("重命名…", "Rename…"), "move": ("移动到…", "Move to…"),
    "merge": ("合并到…", "Merge into…"), "split": ("拆分…", "Split…"), "delete": ("删除…", "Delete…"),
    "add_top": ("新增一级节点…", "Add a top-level node…"),
    "name": ("名称：", "Name:"), "target": ("目标节点：", "Target node:"), "top": ("（一级）", "(top level)"),
    "parts": ("拆分为（用 | 分隔，至少两个）：", "Split into (separate with |, at least two):"),
    "confirm_delete": ("删除“{path}”及其所有子节点？其 {n} 条标签将移到上一级节点。",
                       "Delete “{path}” and everything below it? Its {n} tags move up to the parent."),
    "confirm_merge": ("把“{a}”合并到“{b}”？标签、子节点和关键词都将并入“{b}”。",
                      "Merge “{a}” into “{b}”? Its tags, children and keywords all move to “{b}”."),
    "done": ("分类体系版本 {v}：{note}", "Taxonomy version {v}: {note}"),
    "retag": ("；{n} 条记录需要重新打标", "; {n} records need re-tagging"),
    "title": ("修改分类体系", "Editing the taxonomy"),
    "undo": ("撤销：{note}", "Undo: {note}"), "undo_none": ("没有可撤销的修改", "Nothing to undo"),
    "undone": ("分类体系版本 {v}：已撤销上一次修改", "Taxonomy version {v}: the last edit was undone"),
}


def label(key: str, **fmt: object) -> str:
    return pick(TEXT, key, **fmt)


class TaxonomyEditor(QObject):
    """Asks for the details of an edit, runs it, and emits ``edited(message)`` or ``stale()``."""

    edited = Signal(str)
    stale = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.widget = runner, parent
        self.project: Project | None = None
        self.nodes: list[Node] = []
        self.version: int | None = None
        self.tag_counts: dict[str, int] = {}

    def set_tree(self, project: Project | None, nodes: list[Node], version: int | None,
                 tag_counts: dict[str, int]) -> None:
        """What the tree shows now: the edits name these nodes and this version."""
        self.project, self.nodes, self.version, self.tag_counts = project, nodes, version, tag_counts

    def request(self, action: str, key: str | None) -> None:
        """Ask for what the ``action`` needs (a name, a target, a confirmation), then run it."""
        if action == "undo":
            self.undo()
            return
        node = next((n for n in self.nodes if n.key == key), None)
        if self.project is None or (node is None and action != "add"):
            return
        edit = self._ask(action, node)
        if edit is not None:
            self.run(edit)

    def run(self, edit: Callable[[Project, int | None], edits.EditResult]) -> None:
        """Apply ``edit(project, expected_version)`` on a worker thread."""
        project, version = self.project, self.version
        if project is None:
            return

        def job(progress: Progress, cancel: CancelToken) -> edits.EditResult:
            return edit(project, version)

        self.runner.start(job, title=label("title"), on_done=self._done, on_error=self._failed,
                          parent=self.widget)

    def undo(self) -> None:
        """Undo the last taxonomy edit (named by the version the tree shows) on a worker thread."""
        from workbench.taxonomy.undo import undo_last

        project, version = self.project, self.version
        if project is None:
            return

        def job(progress: Progress, cancel: CancelToken) -> int:
            return undo_last(project, version)

        self.runner.start(job, title=label("title"), on_done=lambda v: self.edited.emit(label("undone", v=v)),
                          on_error=self._failed, parent=self.widget)

    def _done(self, result: edits.EditResult) -> None:
        from workbench.taxonomy.repository import list_versions

        assert self.project is not None
        note = next((v.note for v in list_versions(self.project) if v.id == result.version_id), "")
        from ui.windows.edit_history import taxonomy_note

        message = label("done", v=result.version_id, note=taxonomy_note(note))
        if result.retag_record_ids:
            message += label("retag", n=len(result.retag_record_ids))
        self.edited.emit(message)

    def _failed(self, error: BaseException) -> None:
        self.runner.report_error(error, self.widget)
        if isinstance(error, ConflictError):
            self.stale.emit()

    # ---- dialogs ---------------------------------------------------------------------------------

    def _ask(self, action: str, node: Node | None) -> Callable[[Project, int | None], edits.EditResult] | None:
        if action == "add":
            name = self._text(label("add") if node else label("add_top"), "")
            if not name:
                return None
            parent = node.key if node else None
            return lambda p, v: edits.add_node(p, parent, name, expected_version=v)
        assert node is not None
        if action == "rename":
            name = self._text(label("rename"), node.name)
            if not name or name == node.name:
                return None
            return lambda p, v: edits.rename_node(p, node.key, name, expected_version=v)
        if action in ("move", "merge"):
            return self._ask_target(action, node)
        if action == "split":
            text = self._text(label("split"), "", label("parts"))
            parts = [s.strip() for s in (text or "").split("|") if s.strip()]
            if len(parts) < 2:
                return None
            return lambda p, v: edits.split_node(p, node.key, parts, expected_version=v)
        if not self._confirm(label("confirm_delete", path=node.path, n=self.tag_counts.get(node.key, 0))):
            return None
        return lambda p, v: edits.delete_node(p, node.key, expected_version=v)

    def _ask_target(self, action: str, node: Node) -> Callable[[Project, int | None], edits.EditResult] | None:
        below = {node.key} | {n.key for n in self.nodes if n.path.startswith(node.path + "/")}
        choices = [n for n in self.nodes if n.key not in below]
        if action == "move":
            choices = [n for n in choices if n.key != node.parent_key]
        paths = ([label("top")] if action == "move" and node.parent_key else []) + [n.path for n in choices]
        if not paths:
            return None
        picked, ok = QInputDialog.getItem(self.widget, label(action), label("target"), paths, 0, False)
        if not ok or not picked:
            return None
        target = next((n.key for n in choices if n.path == picked), None)
        if action == "move":
            return lambda p, v: edits.move_node(p, node.key, target, expected_version=v)
        if target is None or not self._confirm(label("confirm_merge", a=node.path, b=picked)):
            return None
        return lambda p, v: edits.merge_nodes(p, node.key, target, expected_version=v)

    def _text(self, title: str, value: str, prompt: str | None = None) -> str | None:
        text, ok = QInputDialog.getText(self.widget, title, prompt or label("name"), text=value)
        return text.strip() if ok and text.strip() else None

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.widget, "Kesheng", question)
        return answer == QMessageBox.StandardButton.Yes
