"""“Tag all results as …”: preview, confirm through the runner, labels land as the analyst's."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from ui.i18n import language, set_language
from ui.windows.bulk_label_dialog import BulkLabelDialog
from ui.workers.runner import TaskRunner
from workbench.cli import main
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import save_version
from workbench.types import RecordFilter


def test_preview_then_confirm_labels_every_result(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "p.kesheng"
    with Project.open(target) as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, ["配送超时了", "配送太慢了", "味道很好吃"])
    assert main(["tag", str(target), "--llm-budget", "0"]) == 0
    runner = TaskRunner()
    with Project.open(target) as project:
        dialog = BulkLabelDialog(project, runner, RecordFilter(text="配送"))
        qtbot.addWidget(dialog)
        dialog.tag.setCurrentIndex(dialog.tag.findData("物流/配送时效"))
        dialog.sentiment.setCurrentIndex(dialog.sentiment.findData("negative"))
        dialog.by.setText("erin")
        assert not dialog.ok.isEnabled()  # nothing is written before a preview
        dialog.preview()
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
        assert dialog.plan is not None and dialog.plan.records == 2 and dialog.ok.isEnabled()
        assert "2" in dialog.ok.text()
        dialog.sentiment.setCurrentIndex(dialog.sentiment.findData("neutral"))  # a change asks for a new preview
        assert dialog.plan is None and not dialog.ok.isEnabled()
        dialog.preview()
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
        with qtbot.waitSignal(dialog.labelled, timeout=30_000) as signal:
            dialog.confirm()
        assert signal.args == [2]
        with project.read() as conn:
            t = schema.tags
            human = conn.execute(select(t.c.path, t.c.labelled_by, t.c.sentiment).where(t.c.method == "human")).all()
        assert sorted(human) == [("物流/配送时效", "erin", "neutral")] * 2
    runner.shutdown()


def test_zh_text_holds_no_english(qtbot: QtBot, tmp_path: Path) -> None:
    before = language()
    set_language("zh")
    try:
        with Project.open(tmp_path / "p.kesheng") as project:
            save_version(project, small_taxonomy(), "t")
            runner = TaskRunner()
            dialog = BulkLabelDialog(project, runner, RecordFilter())
            qtbot.addWidget(dialog)
            texts = [dialog.windowTitle(), dialog.summary.text(), dialog.preview_button.text(),
                     *(dialog.sentiment.itemText(i) for i in range(dialog.sentiment.count()))]
            assert all(not any("a" <= ch.lower() <= "z" for ch in text) for text in texts), texts
            runner.shutdown()
    finally:
        set_language(before)
