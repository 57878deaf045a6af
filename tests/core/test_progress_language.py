"""A long operation's progress line is a Phrase: worded in the screen's language, never a core English string."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from workbench.errors import Phrase
from workbench.progress import TerminalProgress
from workbench.texts import TEXT

ROOT = Path(__file__).resolve().parents[2] / "workbench"


def _progress_calls() -> list[tuple[str, int, ast.expr]]:
    """Every ``progress(fraction, message)`` / ``run.progress(...)`` / ``self.progress(...)`` call's message."""
    out = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("progress", "_progress", "_parent"):
                out.append((str(path.relative_to(ROOT)), node.lineno, node.args[1]))
    return out


def test_no_progress_line_is_an_english_string() -> None:
    calls = _progress_calls()
    assert len(calls) > 30  # the scan sees the core's progress calls
    worded = [f"{path}:{line}" for path, line, message in calls
              if isinstance(message, ast.JoinedStr) or (isinstance(message, ast.Constant) and message.value)]
    assert worded == []


def test_every_progress_phrase_has_both_languages_with_the_same_values() -> None:
    keys = [key for key in TEXT if key.startswith("progress.")]
    assert len(keys) > 30
    for key in keys:
        zh, en = TEXT[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
        assert fields[0] == fields[1], key
        words = "".join(literal for literal, _, _, _ in string.Formatter().parse(zh))
        assert not any(c.isascii() and c.isalpha() for c in words), key  # the Chinese line holds no English


@pytest.mark.parametrize(("key", "values", "zh", "en"), [
    ("progress.records", {"n": 12345}, "12,345 条记录", "12,345 records"),
    ("progress.tag.student", {"done": 5, "total": 10}, "学生模型：5/10", "student: 5/10"),
])
def test_a_phrase_in_each_language(key: str, values: dict[str, int], zh: str, en: str) -> None:
    phrase = Phrase(key, **values)
    assert phrase.text("zh") == zh and phrase.text("en") == en and str(phrase) == en


def test_the_terminal_bar_writes_the_english(tmp_path: Path) -> None:
    class Tty:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, s: str) -> None:
            self.text += s

        def flush(self) -> None:
            pass

    tty = Tty()
    TerminalProgress(tty, min_interval=0)(1.0, Phrase("progress.rows", n=3))  # type: ignore[arg-type]
    assert "3 rows" in tty.text
