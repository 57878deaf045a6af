"""Saved views: a named selection (time preset or range, channel, product, sentiment, search, issue node)
kept in the project, so every analyst opening the project (also a shared PostgreSQL one) sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select

from workbench.errors import InputError
from workbench.history import Recorder
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging.labels import default_labeller

KEY = "ui.saved_views"
MAX_NAME = 60


@dataclass(frozen=True)
class SavedView:
    """A view's name and its state (plain JSON values; the GUI decides what the keys mean)."""

    name: str
    state: dict[str, Any]


def list_views(project: Project) -> list[SavedView]:
    """The project's saved views, in the order they were first saved."""
    with project.read() as conn:
        return _read(conn)


def save_view(project: Project, name: str, state: dict[str, Any]) -> list[SavedView]:
    """Save (or replace) the view ``name``; returns every view. Undoable (:mod:`workbench.history`).

    Raises:
        InputError: an empty or over-long name.
    """
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InputError.of("errors.views.name", most=MAX_NAME)
    with project.write() as conn:
        recorder = Recorder(conn, [], [_scope(name)])
        views = _read(conn)
        index = next((i for i, v in enumerate(views) if v.name == name), None)
        view = SavedView(name, dict(state))
        if index is None:
            views.append(view)
        else:
            views[index] = view
        _store(conn, views)
        recorder.finish("view_save", name, default_labeller())
    return views


def delete_view(project: Project, name: str) -> list[SavedView]:
    """Remove the view ``name`` (no error if it is already gone); returns the remaining views. Undoable."""
    with project.write() as conn:
        views = _read(conn)
        if not any(v.name == name for v in views):
            return views
        recorder = Recorder(conn, [], [_scope(name)])
        views = [v for v in views if v.name != name]
        _store(conn, views)
        recorder.finish("view_delete", name, default_labeller())
    return views


def _scope(name: str) -> dict[str, Any]:
    return {"kind": "item", "key": KEY, "name": name}


def _read(conn: Connection) -> list[SavedView]:
    s = schema.settings
    raw = conn.execute(select(s.c.value).where(s.c.key == KEY)).scalar() or []
    return [SavedView(str(v["name"]), dict(v.get("state") or {})) for v in raw if isinstance(v, dict) and v.get("name")]


def _store(conn: Connection, views: list[SavedView]) -> None:
    s = schema.settings
    conn.execute(delete(s).where(s.c.key == KEY))
    if views:  # no views is no setting, as before the first (so undoing the first save restores exactly)
        conn.execute(s.insert().values(key=KEY, value=[{"name": v.name, "state": v.state} for v in views]))
