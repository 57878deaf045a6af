"""Preferences: defaults, round trip, tolerance of bad files, atomic writes."""

from __future__ import annotations

from pathlib import Path

from workbench.config import Preferences, add_recent, load_preferences, save_preferences


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_preferences(tmp_path / "none.json") == Preferences()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    prefs = Preferences(language="en", threads=2, server_url="http://127.0.0.1:8080")
    add_recent(prefs, "/a.kesheng")
    add_recent(prefs, "/b.kesheng")
    add_recent(prefs, "/a.kesheng")
    save_preferences(prefs, path)
    loaded = load_preferences(path)
    assert loaded == prefs
    assert loaded.recent_projects == ["/a.kesheng", "/b.kesheng"]
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]


def test_garbage_and_wrong_types_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_preferences(path) == Preferences()
    path.write_text('{"version": 1, "values": {"threads": "many", "theme": "dark"}}', encoding="utf-8")
    loaded = load_preferences(path)
    assert loaded.threads == 0 and loaded.theme == "dark"
