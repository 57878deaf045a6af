"""Connects the filters bar's Views menu to the project's saved views (workbench.saved_views).

A view is the filters bar's state plus the selected issue node; applying it restores both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from ui.i18n import tr
from workbench.changes import Changes
from workbench.errors import KeshengError
from workbench.project import Project
from workbench.saved_views import delete_view, list_views, save_view
from workbench.selection import Selection

if TYPE_CHECKING:
    from ui.windows.main_window import MainWindow


class SavedViews(QObject):
    """Owned by the main window, one of its panels: the views follow the project and its changes (a save,
    a delete, or an undo of one, broadcast as ``Changes(settings=True)``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._project: Project | None = None
        bar = window.filters
        bar.viewChosen.connect(self.apply)
        bar.saveViewRequested.connect(self.ask_and_save)
        bar.deleteViewRequested.connect(self.delete)

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """The views are the project's, whatever the selection."""
        if project is not self._project:
            self._project = project
            self.load()

    def apply_changes(self, changes: Changes) -> None:
        if changes.settings or changes.project:
            self.load()

    def load(self) -> None:
        project = self.window.project
        self.window.filters.set_views([v.name for v in list_views(project)] if project else [])

    def save(self, name: str) -> None:
        """Save the current selection as ``name`` (replacing a view of that name)."""
        project = self.window.project
        if project is None:
            return
        state = {**self.window.filters.state(), "node": self.window.tree.selected_key()}
        try:
            views = save_view(project, name, state)
        except KeshengError as exc:
            self.window.runner.report_error(exc, self.window)
            return
        self.window.filters.set_views([v.name for v in views])
        self.window.runner.broadcast(Changes(settings=True))  # an undoable action: Edit ▸ Undo names it

    def ask_and_save(self) -> None:
        name, ok = QInputDialog.getText(self.window, tr("flt.save_view"), tr("flt.view_name"))
        if ok and name.strip():
            self.save(name)

    def apply(self, name: str) -> None:
        """Restore the view ``name``: the filters first, then the issue node."""
        project = self.window.project
        view = next((v for v in list_views(project) if v.name == name), None) if project else None
        if view is None:
            return
        self.window.filters.apply_state(view.state)
        node = view.state.get("node")
        known = {n.key for n in self.window.tree.model.nodes()}
        self.window.tree.select_key(node if node in known else None)

    def delete(self, name: str) -> None:
        project = self.window.project
        if project is not None:
            self.window.filters.set_views([v.name for v in delete_view(project, name)])
            self.window.runner.broadcast(Changes(settings=True))
