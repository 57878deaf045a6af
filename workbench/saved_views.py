"""Saved views: a named selection (time preset or range, channel, product, sentiment, search, issue node)
kept in the project, so every analyst opening the project (also a shared PostgreSQL one) sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.errors import InputError
from workbench.store.handle import Project

KEY = "ui.saved_views"
MAX_NAME = 60


@dataclass(frozen=True)
class SavedView:
    """A view's name and its state (plain JSON values; the GUI decides what the keys mean)."""

    name: str
    state: dict[str, Any]


def list_views(project: Project) -> list[SavedView]:
    """The project's saved views, in the order they were first saved."""
    raw = project.get_setting(KEY, [])
    return [SavedView(str(v["name"]), dict(v.get("state") or {})) for v in raw if isinstance(v, dict) and v.get("name")]


def save_view(project: Project, name: str, state: dict[str, Any]) -> list[SavedView]:
    """Save (or replace) the view ``name``; returns every view.

    Raises:
        InputError: an empty or over-long name.
    """
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InputError(f"a view needs a name of 1 to {MAX_NAME} characters")
    views = list_views(project)
    index = next((i for i, v in enumerate(views) if v.name == name), None)
    view = SavedView(name, dict(state))
    if index is None:
        views.append(view)
    else:
        views[index] = view
    _store(project, views)
    return views


def delete_view(project: Project, name: str) -> list[SavedView]:
    """Remove the view ``name`` (no error if it is already gone); returns the remaining views."""
    views = [v for v in list_views(project) if v.name != name]
    _store(project, views)
    return views


def _store(project: Project, views: list[SavedView]) -> None:
    project.set_setting(KEY, [{"name": v.name, "state": v.state} for v in views])
