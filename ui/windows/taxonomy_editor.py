"""Editing the taxonomy from the issue tree: add a child, rename, move, merge into, split, delete.

Each edit runs on a worker thread and makes a new taxonomy version. It names the version the tree
shows, so when another analyst changed the taxonomy of a shared project in between, the edit is
refused with one sentence (ConflictError) and the tree reloads instead of overwriting their work.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from ui.i18n import ask, tr
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.errors import ConflictError
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.taxonomy import edits
from workbench.taxonomy.model import Node

TOP = "/"



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

        self.runner.start(job, title=tr("taxedit.title"), on_done=self._done, on_error=self._failed,
                          parent=self.widget, changes=lambda result: result.changes)

    def undo(self) -> None:
        """Undo the last taxonomy edit (named by the version the tree shows) on a worker thread."""
        from workbench.taxonomy.undo import undo_last

        project, version = self.project, self.version
        if project is None:
            return

        def job(progress: Progress, cancel: CancelToken) -> int:
            return undo_last(project, version)

        self.runner.start(job, title=tr("taxedit.title"), on_done=lambda v: self.edited.emit(tr("taxedit.undone", v=v)),
                          on_error=self._failed, parent=self.widget, changes=Changes(taxonomy=True, tags=True))

    def _done(self, result: edits.EditResult) -> None:
        from workbench.taxonomy.repository import list_versions

        assert self.project is not None
        note = next((v.note for v in list_versions(self.project) if v.id == result.version_id), "")
        message = tr("taxedit.done", v=result.version_id, note=note)
        if result.retag_record_ids:
            message += tr("taxedit.retag", n=len(result.retag_record_ids))
        self.edited.emit(message)

    def _failed(self, error: BaseException) -> None:
        self.runner.report_error(error, self.widget)
        if isinstance(error, ConflictError):  # edited elsewhere: show the taxonomy as it is now
            self.runner.broadcast(Changes(taxonomy=True))
            self.stale.emit()

    # ---- dialogs ---------------------------------------------------------------------------------

    def _ask(self, action: str, node: Node | None) -> Callable[[Project, int | None], edits.EditResult] | None:
        if action == "add":
            name = self._text(tr("taxedit.add") if node else tr("taxedit.add_top"), "")
            if not name:
                return None
            parent = node.key if node else None
            return lambda p, v: edits.add_node(p, parent, name, expected_version=v)
        assert node is not None
        if action == "rename":
            name = self._text(tr("taxedit.rename"), node.name)
            if not name or name == node.name:
                return None
            return lambda p, v: edits.rename_node(p, node.key, name, expected_version=v)
        if action in ("move", "merge"):
            return self._ask_target(action, node)
        if action == "split":
            text = self._text(tr("taxedit.split"), "", tr("taxedit.parts"))
            parts = [s.strip() for s in (text or "").split("|") if s.strip()]
            if len(parts) < 2:
                return None
            return lambda p, v: edits.split_node(p, node.key, parts, expected_version=v)
        if not self._confirm(tr("taxedit.confirm_delete", path=node.path, n=self.tag_counts.get(node.key, 0))):
            return None
        return lambda p, v: edits.delete_node(p, node.key, expected_version=v)

    def _ask_target(self, action: str, node: Node) -> Callable[[Project, int | None], edits.EditResult] | None:
        below = {node.key} | {n.key for n in self.nodes if n.path.startswith(node.path + "/")}
        choices = [n for n in self.nodes if n.key not in below]
        if action == "move":
            choices = [n for n in choices if n.key != node.parent_key]
        paths = ([tr("taxedit.top")] if action == "move" and node.parent_key else []) + [n.path for n in choices]
        if not paths:
            return None
        picked, ok = QInputDialog.getItem(self.widget, tr(f"taxedit.{action}"), tr("taxedit.target"), paths, 0, False)
        if not ok or not picked:
            return None
        target = next((n.key for n in choices if n.path == picked), None)
        if action == "move":
            return lambda p, v: edits.move_node(p, node.key, target, expected_version=v)
        if target is None or not self._confirm(tr("taxedit.confirm_merge", a=node.path, b=picked)):
            return None
        return lambda p, v: edits.merge_nodes(p, node.key, target, expected_version=v)

    def _text(self, title: str, value: str, prompt: str | None = None) -> str | None:
        text, ok = QInputDialog.getText(self.widget, title, prompt or tr("taxedit.name"), text=value)
        return text.strip() if ok and text.strip() else None

    def _confirm(self, question: str) -> bool:
        return ask(self.widget, tr("app.name"), question)
