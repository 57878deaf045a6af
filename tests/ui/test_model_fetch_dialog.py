"""The GUI's first use of a model that is not on this computer: nothing happens without the user's choice; Download
fetches from the index (a local server here) with the runner's progress, then the run goes on; a file the user has
is taken only if it is that model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from tests.model_index import MODEL, ModelIndex, registry_env, serve_index
from ui.views import model_fetch_dialog as dialog
from ui.workers.runner import TaskRunner


@pytest.fixture
def index(tmp_path: Path) -> Iterator[tuple[ModelIndex, str]]:
    yield from serve_index(tmp_path)


@pytest.fixture
def runner(qtbot: Any) -> Any:
    r = TaskRunner()
    r.show_dialogs = False
    yield r
    assert r.shutdown(5000)


def test_download_on_the_users_click_then_the_run_goes_on(qtbot: Any, runner: TaskRunner, tmp_path: Path,
                                                          index: tuple[ModelIndex, str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    user = registry_env(monkeypatch, tmp_path, index[1])
    monkeypatch.delenv("KESHENG_FAKE_LLM", raising=False)
    parent = QWidget()
    qtbot.addWidget(parent)
    ready: list[bool] = []
    monkeypatch.setattr(dialog, "ask", lambda *_: dialog.CANCEL)
    assert dialog.offer_model(parent, runner, None, lambda: ready.append(True))
    assert not index[0].downloads and not ready  # cancelled: nothing fetched, no run
    monkeypatch.setattr(dialog, "ask", lambda *_: dialog.DOWNLOAD)
    assert dialog.offer_model(parent, runner, "default", lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=20_000)
    assert (user / "tiny.gguf").read_bytes() == MODEL
    assert not dialog.offer_model(parent, runner, "default", lambda: ready.append(False))  # here now: go on
    assert ready == [True]


def test_a_file_the_user_has_is_checked_before_it_is_taken(qtbot: Any, runner: TaskRunner, tmp_path: Path,
                                                           index: tuple[ModelIndex, str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    user = registry_env(monkeypatch, tmp_path, index[1])
    monkeypatch.delenv("KESHENG_FAKE_LLM", raising=False)
    errors: list[str] = []
    runner.errorShown.connect(errors.append)
    parent = QWidget()
    qtbot.addWidget(parent)
    wrong, right = tmp_path / "wrong.gguf", tmp_path / "right.gguf"
    wrong.write_bytes(b"GGUF not this one")
    right.write_bytes(MODEL)
    ready: list[bool] = []
    monkeypatch.setattr(dialog, "ask", lambda *_: dialog.OPEN)
    monkeypatch.setattr(dialog, "choose_file", lambda _parent: str(wrong))
    assert dialog.offer_model(parent, runner, "default", lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert not ready and not (user / "tiny.gguf").exists()
    monkeypatch.setattr(dialog, "choose_file", lambda _parent: str(right))
    assert dialog.offer_model(parent, runner, "default", lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=10_000)
    assert (user / "tiny.gguf").read_bytes() == MODEL and not index[0].downloads

