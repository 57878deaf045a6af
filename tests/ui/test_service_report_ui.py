"""The Service view and the Report dialog on a real imported project, run through the task runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from tests.service.test_service_cli import write_chats
from ui.models.service_score_model import ServiceScoreModel
from ui.views.service_view import ServiceView
from ui.windows.report_dialog import ReportDialog
from ui.workers.runner import TaskRunner
from workbench.cli import main
from workbench.project import Project
from workbench.selection import Selection


@pytest.fixture
def chat_project(tmp_path: Path) -> str:
    export = tmp_path / "chats.xlsx"
    write_chats(export)
    target = str(tmp_path / "p.kesheng")
    assert main(["import", target, str(export), "--channel", "chat"]) == 0
    assert main(["taxonomy", target, "--template", "consumer_electronics"]) == 0
    assert main(["tag", target, "--llm-budget", "0"]) == 0
    return target


def test_service_view_scores_agents(qtbot: QtBot, qtmodeltester: object, chat_project: str) -> None:
    runner = TaskRunner()
    view = ServiceView(runner)
    qtbot.addWidget(view)
    with Project.open(chat_project) as project:
        view.set_context(project, Selection())
        view.analyse()
        qtbot.waitUntil(lambda: view.result is not None, timeout=30_000)
        assert view.model.rowCount() == 4
        qtmodeltester.check(view.model)  # type: ignore[attr-defined]
        keys = {view.model.rows[i].key for i in range(4)}
        assert keys == {"KF0", "KF1", "KF2", "KF9"}
        assert view.heat.rowCount() == 4 and view.worst.rowCount() == 24
        view.table.selectRow(0)  # drill into one agent's conversations
        key = view.selected_key()
        expected = next(r.conversations for r in view.model.rows if r.key == key)
        assert view.worst.rowCount() == expected < 24
        assert {view.worst.item(i, 1).text() for i in range(view.worst.rowCount())} == {key}
        with qtbot.waitSignal(view.recordActivated) as blocker:
            view._on_worst(0, 0)
        assert isinstance(blocker.args[0], int)
        runner.shutdown()


def test_empty_model_passes_modeltester(qtmodeltester: object) -> None:
    qtmodeltester.check(ServiceScoreModel())  # type: ignore[attr-defined]


def test_report_dialog_writes_a_report(qtbot: QtBot, chat_project: str, tmp_path: Path) -> None:
    runner = TaskRunner()
    with Project.open(chat_project) as project:
        dialog = ReportDialog(project, runner)
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData("docx"))
        assert dialog.out.text().endswith(".docx")
        dialog.out.setText(str(tmp_path / "out.docx"))
        dialog.client.setText("声悦科技")
        dialog._on_create()
        qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=60_000)
        assert (tmp_path / "out.docx").stat().st_size > 10_000
        assert dialog.spec().client == "声悦科技"
        runner.shutdown()


def test_report_dialog_has_the_model_write_the_narrative(qtbot: QtBot, chat_project: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing the model narrative opens the preferred backend in the worker and names it in the appendix."""
    from workbench.llm.fake_backend import ENV_FLAG

    monkeypatch.setenv(ENV_FLAG, "1")  # the backend the preferences name, faked (the real one: tests/reports)
    runner = TaskRunner()
    with Project.open(chat_project) as project:
        dialog = ReportDialog(project, runner)
        qtbot.addWidget(dialog)
        dialog.narrative.setCurrentIndex(dialog.narrative.findData("llm"))
        dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
        dialog.out.setText(str(tmp_path / "out.pdf"))
        dialog._on_create()
        qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=60_000)
        assert dialog.spec().narrative == "llm"
        assert dialog.last_result is not None
        assert any("fake" in line for line in dialog.last_result.content.method.caveats)
        runner.shutdown()


@pytest.fixture
def ui_lang(request: pytest.FixtureRequest) -> Iterator[str]:
    from ui.i18n import language, set_language

    before = language()
    set_language(request.param)
    yield request.param
    set_language(before)


@pytest.mark.parametrize("ui_lang", ["zh", "en"], indirect=True)
def test_report_dialog_starts_from_the_data_and_speaks_the_ui_language(qtbot: QtBot, chat_project: str,
                                                                        ui_lang: str) -> None:
    runner = TaskRunner()
    with Project.open(chat_project) as project:
        stats = project.stats()
        dialog = ReportDialog(project, runner)
        qtbot.addWidget(dialog)
        assert stats.first is not None and stats.last is not None
        assert dialog.date_from.date().toPython() == stats.first.date()
        assert dialog.date_to.date().toPython() == stats.last.date()
        zh = ui_lang == "zh"
        assert (dialog.date_from.calendarWidget().locale().language() == QLocale.Language.Chinese) == zh
        assert dialog.range_problem() is None
        dialog.all_data.setChecked(False)
        dialog.date_to.setDate(dialog.date_from.date().addDays(-3))
        problem = dialog.range_problem()
        assert problem is not None and problem.count("。" if zh else ".") == 1
        assert ("早于" in problem) == zh
        dialog.report_title.setText("季度客户之声")
        assert dialog.spec().title == "季度客户之声"
        runner.shutdown()
