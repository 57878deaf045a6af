"""Smoke test and screenshots: drive the main window through every main view once, and save PNGs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ui.i18n import tr
from ui.windows.main_window import MainWindow
from workbench.queries import customers, records


def _settle(window: MainWindow) -> None:
    window.wait_idle()
    app = QApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()


def exercise(window: MainWindow) -> None:
    """Show the window, drill into the biggest top-level issue, open a conversation, and render every dock."""
    window.show()
    _settle(window)
    nodes = window.tree.model.nodes()
    if nodes and window.project is not None:
        counts = records.node_counts(window.project, window.selection.tree_filter())
        top = [n for n in nodes if n.parent_key is None]
        if top:
            window.tree.select_key(max(top, key=lambda n: counts[n.key].count if n.key in counts else 0).key)
            _settle(window)
    _open_conversation(window)
    _fill_panels(window)
    for dock in window.docks.values():
        dock.raise_()
        _settle(window)
    window.docks["trend"].raise_()
    _settle(window)


def _fill_panels(window: MainWindow) -> None:
    """Give the on-demand panels real content: a service analysis and an answered example question."""
    if window.project is None:
        return
    window.service.analyse()
    window.ask.question.setText(tr("ask.example"))
    window.ask.ask()
    _settle(window)
    busiest = _busiest_customer(window)
    if busiest:
        window.customer.show_customer(window.project, busiest)
        _settle(window)


def _busiest_customer(window: MainWindow) -> str | None:
    """The customer with the most contacts (the customer view's example)."""
    assert window.project is not None
    return customers.busiest_customer(window.project)


def _open_conversation(window: MainWindow) -> None:
    model = window.table.model
    if window.project is None or model.rowCount() == 0:
        return
    ids = [i for i in (model.record_id(r) for r in range(min(model.rowCount(), 100))) if i is not None]
    rows = records.fetch_rows(window.project, ids, ("id", "is_conversation"))
    for row, rid in enumerate(ids):
        if rows.get(rid, {}).get("is_conversation"):
            window.table.select_row(row)
            break
    _settle(window)


def save_screenshots(window: MainWindow, folder: Path) -> list[Path]:
    """Write window.png, filters.png and one PNG per dock into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    exercise(window)
    shots: list[tuple[str, QWidget]] = [("window", window), ("filters", window.filters), ("table", window.table)]
    written = [_grab(window, name, widget, folder) for name, widget in shots]
    for key, dock in window.docks.items():
        dock.raise_()
        _settle(window)
        written.append(_grab(window, key, dock, folder))
    window.docks["trend"].raise_()
    return written


def _grab(window: MainWindow, name: str, widget: QWidget, folder: Path) -> Path:
    _settle(window)
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write the screenshot {path}")
    return path
