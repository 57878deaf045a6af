"""The Review queue panel: load a batch, confirm one, fix one, skip one; labels land as human tags."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from ui.views.review_view import ReviewView
from ui.workers.runner import TaskRunner
from workbench.cli import main
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import save_version


def test_confirm_fix_skip(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "p.kesheng"
    with Project.open(target) as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, ["配送超时了，等了一个小时", "味道很好吃", "客服态度差", "包装洒了", "今天收到了"])
    assert main(["tag", str(target), "--llm-budget", "0"]) == 0
    runner = TaskRunner()
    view = ReviewView(runner)
    qtbot.addWidget(view)
    with Project.open(target) as project:
        view.set_project(project)
        assert view.issue.count() == 5  # the leaves
        view.count.setValue(3)
        view.load()
        qtbot.waitUntil(lambda: view.item is not None, timeout=30_000)
        first = view.item
        assert first is not None
        view.confirm()
        second = view.item
        assert second is not None and second.record_id != first.record_id
        view.issue.setCurrentIndex(view.issue.findData("产品/包装"))
        view.fix()
        view.skip()
        assert view.item is None and "2" in view.header.text()
        with project.read() as conn:
            human = conn.execute(select(schema.tags.c.record_id, schema.tags.c.path)
                                 .where(schema.tags.c.method == "human")).all()
        assert (second.record_id, "产品/包装") in human
        assert {r for r, _ in human} <= {first.record_id, second.record_id}
    runner.shutdown()


def test_detail_panel_corrections(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.views.record_detail_view import RecordDetailView

    target = tmp_path / "p.kesheng"
    with Project.open(target) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["配送超时了，等了一个小时", "味道很好吃"])
    assert main(["tag", str(target), "--llm-budget", "0"]) == 0
    view = RecordDetailView()
    qtbot.addWidget(view)
    with Project.open(target) as project:
        view.show_record(project, ids[0])
        with qtbot.waitSignal(view.labelled):
            view.confirm()
        view.show_record(project, ids[1])
        view.issue.setCurrentIndex(view.issue.findData("产品/温度"))
        view.sentiment.setCurrentIndex(view.sentiment.findData("negative"))
        with qtbot.waitSignal(view.labelled):
            view.correct(replace=True)
        with project.read() as conn:
            human = conn.execute(select(schema.tags.c.record_id, schema.tags.c.path, schema.tags.c.sentiment)
                                 .where(schema.tags.c.method == "human")).all()
        assert (ids[0], "物流/配送时效", "negative") in human
        assert (ids[1], "产品/温度", "negative") in human
        assert "温度" in view.browser.toPlainText()
