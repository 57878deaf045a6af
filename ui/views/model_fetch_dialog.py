"""First use of a registry model that is not on this computer: ask, then download it (progress, Cancel) or take
a model file the user already has. The work is the core's (:mod:`workbench.llm.model_fetch`) on the task runner;
nothing is downloaded without the user's click."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.i18n import tr
from ui.workers.runner import TaskRunner
from workbench.llm.fake_backend import fake_requested
from workbench.llm.model_fetch import DEFAULT_INDEX, ModelSource, add_model_file, fetch_model, model_source
from workbench.llm.registry import load_registry, locate_model
from workbench.progress import CancelToken, Progress

DOWNLOAD, OPEN, CANCEL = "download", "open", "cancel"



def missing_source(name: str | None) -> ModelSource | None:
    """The download source of registry model ``name`` when its file is not on this computer, else None."""
    key = name or "default"
    if fake_requested() or key not in load_registry() or locate_model(key) is not None:
        return None
    return model_source(key)


def ask(parent: QWidget, source: ModelSource) -> str:
    """The user's choice for a missing model: :data:`DOWNLOAD`, :data:`OPEN` or :data:`CANCEL`."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("model_fetch.title"),
                      tr("model_fetch.ask", title=source.title, size=source.size_text,
                         host=urlsplit(DEFAULT_INDEX).netloc),
                      QMessageBox.StandardButton.NoButton, parent)
    download = box.addButton(tr("model_fetch.download", size=source.size_text), QMessageBox.ButtonRole.AcceptRole)
    choose = box.addButton(tr("model_fetch.open"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("model_fetch.cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return DOWNLOAD if clicked is download else OPEN if clicked is choose else CANCEL


def choose_file(parent: QWidget) -> str:
    """A GGUF file the user picks ('' when they cancel)."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("model_fetch.open"), str(Path.home()), tr("model_fetch.filter"))
    return path


def offer_model(parent: QWidget, runner: TaskRunner, name: str | None, on_ready: Callable[[], None]) -> bool:
    """Before a run needing registry model ``name``: if it is missing, ask and start the download or the check of
    the user's file on ``runner``; ``on_ready`` runs on the GUI thread once the model is there.

    Returns:
        True when the caller must not go on now (the user was asked; ``on_ready`` follows if they got the model),
        False when the model is here or the registry names no download for it (go on as usual).
    """
    source = missing_source(name)
    if source is None:
        return False
    choice = ask(parent, source)
    if choice == DOWNLOAD:
        def job(progress: Progress, cancel: CancelToken) -> Path:
            return fetch_model(source, progress, cancel)

        runner.start(job, title=tr("model_fetch.fetching", title=source.title), on_done=lambda _path: on_ready(),
                     parent=parent)
    elif choice == OPEN and (path := choose_file(parent)):
        def check(progress: Progress, cancel: CancelToken) -> Path:
            progress(-1, tr("model_fetch.checking"))
            return add_model_file(source, Path(path))

        runner.start(check, title=tr("model_fetch.checking"), on_done=lambda _path: on_ready(), parent=parent)
    return True
