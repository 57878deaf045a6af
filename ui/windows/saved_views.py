"""Connects the filters bar's Views menu to the project's saved views (workbench.saved_views).

A view is the filters bar's state plus the selected issue node; applying it restores both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from ui.i18n import tr
from workbench.errors import KeshengError
from workbench.saved_views import delete_view, list_views, save_view

if TYPE_CHECKING:
    from ui.windows.main_window import MainWindow


class SavedViews(QObject):
    """Owned by the main window; call :meth:`load` when the project changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.filters
        bar.viewChosen.connect(self.apply)
        bar.saveViewRequested.connect(self.ask_and_save)
        bar.deleteViewRequested.connect(self.delete)

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
        self.window.update_history_actions()

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
            self.window.update_history_actions()
