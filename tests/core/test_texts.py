"""The one zh/en text table: every key the UI names exists, and both languages take the same values."""

from __future__ import annotations

import re
import string
from pathlib import Path

from workbench.reports.labels import t
from workbench.texts import TEXT, has_text, text

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"""\btr\(\s*"([^"{}]+)"[,)]""")


def _fields(value: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(value) if name}


def test_every_literal_key_the_ui_asks_for_exists() -> None:
    missing = {(path.name, key) for path in (ROOT / "ui").rglob("*.py")
               for key in LITERAL.findall(path.read_text(encoding="utf-8")) if not has_text(key)}
    assert not missing


def test_both_languages_take_the_same_placeholders() -> None:
    """One language may leave a value out (a month tick has no year in Chinese), never name another one."""
    differ = [key for key, (zh, en) in TEXT.items() if not (_fields(zh) <= _fields(en) or _fields(en) <= _fields(zh))]
    assert not differ


def test_the_reports_read_the_same_table() -> None:
    assert t("period", "zh") == text("reports.period", "zh") == "分析周期"
    assert t("page", "en", n=3) == "Page 3"
    assert t("no such label", "zh") == "no such label"
