"""The Summary & Ask panel: answers and summaries arrive off the UI thread with their evidence."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.assistant.test_ask import project_path  # noqa: F401 (fixture)
from ui.views.ask_view import AskView
from ui.workers.runner import TaskRunner
from workbench.assistant.answer import Answer
from workbench.assistant.summarize import Summary
from workbench.project import Project
from workbench.selection import Selection
from workbench.types import RecordFilter


def test_ask_and_open_a_quote(qtbot: QtBot, project_path: str) -> None:  # noqa: F811
    runner = TaskRunner()
    view = AskView(runner)
    qtbot.addWidget(view)
    with Project.open(project_path) as project:
        view.set_context(project, Selection())
        view.question.setText("电池发烫的问题是哪个月开始出现的？")
        view.ask()
        qtbot.waitUntil(lambda: isinstance(view.last, Answer), timeout=30_000)
        assert "2026-07" in view.answer.toPlainText()
        quotes = [view.evidence.item(i) for i in range(view.evidence.count()) if view.evidence.item(i).data(256)]
        assert quotes
        with qtbot.waitSignal(view.recordActivated) as blocker:
            view._on_evidence(quotes[0])
        assert blocker.args[0] == quotes[0].data(256)
        view.set_context(project, Selection(RecordFilter(text="发烫")))
        view.summarise()
        qtbot.waitUntil(lambda: isinstance(view.last, Summary), timeout=30_000)
        assert "发烫" in view.answer.toPlainText() or view.evidence.count() > 0
        runner.shutdown()
