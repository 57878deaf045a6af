"""The UI speaks one language at a time (issue 24): every widget of the main window, its panels, menus and
dialogs is walked in Chinese and then in English; a readable string of the other language fails, except the
few proper nouns, units and file patterns below. Switching keeps the issue tree's expansion and selection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.language_walk import axis_strings, foreign, strings
from tests.ui.sample_project import fill
from ui import i18n
from ui.views.panel import Panel
from ui.workers.runner import _make_indicator
from workbench.progress import CancelToken
from workbench.types import RecordFilter

ALLOWED_IN_ZH = {
    # proper nouns and names of things that have no Chinese name
    "Excel", "CSV", "JSON", "PNG", "PDF", "Word", "xlsx", "csv", "json", "pdf", "docx", "pptx", "png", "xlsm", "xls",
    "tsv", "txt", "jsonl", "db", "sqlite", "kesheng", "kbundle", "gguf", "GGUF", "SOP", "TOP", "SMTP", "URL", "PII",
    "English", "SHA", "STARTTLS", "ID", "postgresql", "psycopg", "user", "host", "regex", "Enter", "Esc", "Ctrl",
    "Shift", "Del", "Delete", "OpenAI", "API", "KESHENG", "NPS", "CSAT", "PowerPoint", "REFI", "QDA", "qdpx",
}
ALLOWED_IN_EN = {"中文"}  # the language menu names Chinese in Chinese


def _data(window: Any) -> set[str]:
    """What the project itself says (issue names, channels, products, model names, its path): data, not UI."""
    from workbench.llm.registry import load_registry
    from workbench.queries import records

    project = window.project
    found = {project.target, *(c for c, _ in records.channels(project)), *(p for p, _ in records.products(project))}
    for node in records.current_nodes(project):
        found.update({node.path, node.name})
    for name, spec in load_registry().items():
        found.update({name, spec.title})
    return found


def _all_strings(window: Any, dialogs: list[QWidget]) -> Iterator[tuple[str, str]]:
    yield from strings(window)
    yield from axis_strings(window.trend.plot.getAxis("bottom"), "TrendPlot.bottom")
    for dialog in dialogs:
        yield from strings(dialog)


def _dialogs(window: Any) -> list[QWidget]:
    from ui.windows.analyst_name import ask_name
    from ui.windows.bulk_label_dialog import BulkLabelDialog
    from ui.windows.import_wizard import ImportWizardDialog
    from ui.windows.report_dialog import ReportDialog
    from ui.windows.settings_dialog import SettingsDialog
    from ui.windows.taxonomy_dialog import TaxonomyDialog
    from ui.windows.theme_dialog import ThemeDialog

    project = window.project
    progress = _make_indicator(i18n.tr("tagging.title"), CancelToken(), window, True).dialog
    assert progress is not None
    menus = [window.tree.edit_menu(key) for key in (None, "quality")]
    name = ask_name(window)  # the analyst's name, asked once per machine (these preferences are empty)
    assert name is not None
    return [*menus, window.table.context_menu(), SettingsDialog(window), ReportDialog(project, window.runner, window),
            TaxonomyDialog(project, window.runner, window),
            BulkLabelDialog(project, window.runner, RecordFilter(), window),
            ThemeDialog(project, window.runner, [1, 2], window), name,
            ImportWizardDialog(project, [], window), progress]


@pytest.fixture(autouse=True)
def _private_preferences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))


@pytest.mark.parametrize("order", [("zh", "en"), ("en", "zh")])
def test_every_screen_speaks_one_language(qtbot: QtBot, make_window: Callable[..., Any],
                                          order: tuple[str, str]) -> None:
    """Built in one language, then switched to the other: both passes must be clean."""
    i18n.set_language(order[0])
    window = make_window(lambda project: fill(project, n=120))
    assert all(isinstance(panel, Panel) for panel in window.panels)
    window.tree.select_key("quality.battery")
    assert window.wait_idle()
    expanded = window.tree.expanded_keys()
    problems: list[str] = []
    for lang in order:
        i18n.set_language(lang)
        assert window.wait_idle()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert window.tree.selected_key() == "quality.battery" and window.tree.expanded_keys() == expanded
        dialogs = _dialogs(window)
        allowed = (ALLOWED_IN_ZH if lang == "zh" else ALLOWED_IN_EN) | _data(window)
        for where, text in _all_strings(window, dialogs):
            bad = foreign(text, lang, allowed)
            if bad:
                problems.append(f"{lang} {where}: {text!r} ({bad})")
        for dialog in dialogs:
            dialog.close()
            dialog.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not problems, "\n".join(sorted(set(problems)))
