"""The Review queue panel: load a batch, confirm one, fix one, skip one; labels land as human tags."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from ui.views.review_view import ReviewView
from ui.workers.runner import TaskRunner
from workbench.cli import main
from workbench.project import Project
from workbench.selection import Selection
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
        view.set_context(project, Selection())
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
    view = RecordDetailView(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(view)
    with Project.open(target) as project:
        view.show_record(project, ids[0])
        with qtbot.waitSignal(view.labelled):
            view.confirm()
        view.show_record(project, ids[1])
        view.issue.set_current("产品/温度")
        view.sentiment.setCurrentIndex(view.sentiment.findData("negative"))
        with qtbot.waitSignal(view.labelled):
            view.correct(replace=True)
        with project.read() as conn:
            human = conn.execute(select(schema.tags.c.record_id, schema.tags.c.path, schema.tags.c.sentiment)
                                 .where(schema.tags.c.method == "human")).all()
        assert (ids[0], "物流/配送时效", "negative") in human
        assert (ids[1], "产品/温度", "negative") in human
        assert "温度" in view.browser.toPlainText()


def test_ten_fixes_then_apply_to_the_rest_improves_the_unlabelled(qtbot: QtBot, tmp_path: Path) -> None:
    """The issue's promise: fix ten tags in the queue, apply, and records nobody labelled improve."""
    target = tmp_path / "p.kesheng"
    fillers = ["今天中午点的", "第二次买", "和同事一起", "周末", "晚上加班"]
    known = ["送得太慢", "等了两个小时", "味道很好吃", "太难吃了", "客服态度差", "包装破了"]
    texts = [f"{fillers[i % 5]}，{known[i % 6]}，第{i}单" for i in range(120)]
    novel = [f"米饭硬邦邦，嚼都嚼不动，第{i}份" for i in range(40)]  # no rule knows 硬邦邦
    with Project.open(target) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, texts + novel)
    assert main(["tag", str(target), "--llm-budget", "0"]) == 0
    runner = TaskRunner()
    view = ReviewView(runner)
    qtbot.addWidget(view)
    novel_ids = set(ids[120:])

    def taste(project: Project) -> set[int]:
        with project.read() as conn:
            return set(conn.execute(select(schema.tags.c.record_id).where(
                schema.tags.c.path == "产品/口味", schema.tags.c.method != "human")).scalars()) & novel_ids

    with Project.open(target) as project:
        before = taste(project)
        view.set_context(project, Selection())
        assert not view.buttons["apply"].isEnabled()  # nothing labelled yet
        view.count.setValue(20)
        view.load()
        qtbot.waitUntil(lambda: view.item is not None, timeout=30_000)
        fixed: set[int] = set()
        asked: set[int] = set()
        while view.item is not None:  # the analyst fixes what is wrong and confirms the rest
            item = view.item
            asked.add(item.record_id)
            if "硬邦邦" in item.text and "产品/口味" not in item.tags:
                view.issue.setCurrentIndex(view.issue.findData("产品/口味"))
                view.fix()
                fixed.add(item.record_id)
            else:
                view.confirm()
        assert len(fixed) >= 3  # the queue asks about records the model cannot place
        table = {view.quality.item(r, 0).text(): view.quality.item(r, 6).text() for r in range(view.quality.rowCount())}
        assert "产品/口味" in table and any(table.values())  # where the fixes came from is flagged
        assert view.buttons["apply"].isEnabled()
        with qtbot.waitSignal(view.relearned, timeout=120_000):
            view.apply()
        after = taste(project)
        rest = novel_ids - asked  # nobody labelled these (a confirmed record's tags are the analyst's now)
        assert len(after & rest) >= 0.8 * len(rest) > len(before)
        assert "学生模型" in view.applied.text() or "student" in view.applied.text()
        assert not view.buttons["apply"].isEnabled()
    runner.shutdown()



def test_why_a_record_is_asked_speaks_the_ui_language(qtbot: QtBot, tmp_path: Path) -> None:
    """The panel's line above the text says why the record was asked in the screen's language (the review file
    keeps its English column); a switch of language rewords it."""
    import re

    from ui import i18n

    target = tmp_path / "p.kesheng"
    with Project.open(target) as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, ["配送超时了，等了一个小时", "味道很好吃", "客服态度差", "包装洒了", "今天收到了"])
    assert main(["tag", str(target), "--llm-budget", "0"]) == 0
    i18n.set_language("zh")
    runner = TaskRunner()
    view = ReviewView(runner)
    qtbot.addWidget(view)
    with Project.open(target) as project:
        view.set_context(project, Selection())
        view.count.setValue(5)
        view.load()
        qtbot.waitUntil(lambda: view.item is not None, timeout=30_000)
        seen = set()
        while view.item is not None:
            assert view.item.why is not None and view.item.reason == view.item.why.text("en")
            assert not re.search(r"[A-Za-z]", view.header.text()), view.header.text()
            seen.add(view.item.why.key)
            i18n.set_language("en")
            assert view.item.why.text("en") in view.header.text()
            i18n.set_language("zh")
            view.skip()
        assert seen
    runner.shutdown()
