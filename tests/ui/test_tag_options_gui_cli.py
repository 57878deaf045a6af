"""The GUI's tagging panel and the CLI's ``tag`` command choose the same LLM server for the same project."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.tagging.conftest import add_records, small_taxonomy
from ui.views.tagging_view import TaggingView
from ui.workers.runner import TaskRunner
from workbench.cli import main
from workbench.config import Preferences, save_preferences
from workbench.monitor.tagger import budget_tagger
from workbench.project import Project
from workbench.selection import Selection
from workbench.tagging.options import SERVER_SETTING
from workbench.tagging.run import TagOptions, TagResult
from workbench.taxonomy.repository import save_version

PREFS_SERVER = "http://127.0.0.1:9/prefs/v1"
PROJECT_SERVER = "http://127.0.0.1:9/project/v1"


@pytest.fixture
def chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[TagOptions]:
    """The options every tagging run is started with (the runs themselves do nothing)."""
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))
    save_preferences(Preferences(server_url=PREFS_SERVER, threads=2))
    seen: list[TagOptions] = []

    def fake_tag_project(project: Project, options: TagOptions, *_args: object) -> TagResult:
        seen.append(options)
        return TagResult(run_id=1, resumed=False, total=0)

    for module in ("ui.views.tagging_view", "workbench.tagging.run"):
        monkeypatch.setattr(f"{module}.tag_project", fake_tag_project)
    return seen


def _gui_run(qtbot: QtBot, project: Project) -> None:
    runner = TaskRunner()
    view = TaggingView(runner)
    qtbot.addWidget(view)
    view.set_context(project, Selection())
    with qtbot.waitSignal(view.tagged, timeout=30_000):
        view.start()
    qtbot.waitUntil(lambda: view.start_button.isEnabled(), timeout=10_000)
    runner.shutdown()


@pytest.mark.parametrize("project_server", [PROJECT_SERVER, None])
def test_gui_cli_and_watch_choose_the_same_server(qtbot: QtBot, tmp_path: Path, chosen: list[TagOptions],
                                                  capsys: pytest.CaptureFixture[str],
                                                  project_server: str | None) -> None:
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, ["配送超时了，等了一个小时", "味道很好吃"])
        if project_server:
            project.set_setting(SERVER_SETTING, project_server)
        _gui_run(qtbot, project)
        budget_tagger(0)(project)
    assert main(["tag", str(path), "--json"]) == 0
    capsys.readouterr()
    expected = project_server or PREFS_SERVER
    assert [o.server for o in chosen] == [expected] * 3  # the panel, the watch, the CLI
    assert [o.threads for o in chosen] == [2] * 3


def test_the_cli_flag_still_wins(tmp_path: Path, chosen: list[TagOptions], capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        project.set_setting(SERVER_SETTING, PROJECT_SERVER)
    assert main(["tag", str(path), "--json", "--server", "http://127.0.0.1:9/flag/v1"]) == 0
    capsys.readouterr()
    assert [o.server for o in chosen] == ["http://127.0.0.1:9/flag/v1"]
