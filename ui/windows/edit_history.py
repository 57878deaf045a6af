"""Edit ▸ Undo / Redo over the project's history (:mod:`workbench.history`): the menu names what will be
undone or redone; the history lives in the project, so the CLI's `undo` and the window share it."""

from __future__ import annotations

from PySide6.QtGui import QAction

from ui.i18n import error_tr, taxonomy_note, tr
from workbench.changes import Changes
from workbench.errors import KeshengError
from workbench.history import HistoryEntry, next_redo, next_undo, redo, undo
from workbench.progress import CancelToken
from workbench.project import Project


def describe(entry: HistoryEntry) -> str:
    """The entry in the UI language ("标注 3 → 物流/配送时效", "分类体系 合并 产品/温度 → 产品/口味")."""
    summary = taxonomy_note(entry.summary) if entry.kind == "taxonomy" else entry.summary
    return f"{tr(f'history.{entry.kind}')} {summary}"


def analyst(project: Project) -> str | None:
    """Whose actions Undo takes back: on a shared database (PostgreSQL) this analyst's own, else all."""
    if project.is_sqlite:
        return None
    from workbench.tagging.labels import default_labeller

    return default_labeller()


def update_actions(project: Project | None, undo_act: QAction, redo_act: QAction) -> None:
    """Name the next undo and redo in the actions' text, and disable them when there is none."""
    for act, find, key in ((undo_act, next_undo, "act.undo"), (redo_act, next_redo, "act.redo")):
        entry = find(project, analyst(project)) if project is not None else None
        act.setEnabled(entry is not None)
        act.setText(tr(f"{key}_what", what=describe(entry)) if entry is not None else tr(key))


def step(project: Project, backwards: bool, cancel: CancelToken | None = None) -> tuple[str, Changes | None]:
    """Undo (or redo) once; returns the status-bar sentence and what changed (None when refused).
    Runs on a worker thread (the task runner); ``Cancelled`` propagates (nothing changed)."""
    try:
        who = analyst(project)
        done = undo(project, cancel, who) if backwards else redo(project, cancel, who)
    except KeshengError as exc:
        return error_tr(exc), None
    return tr("history.undone" if backwards else "history.redone", what=describe(done.entry)), done.changes
