"""The core's errors in two languages: every key an error is raised with has a zh and an en template taking the
same values, every call passes exactly those values, and the English stays the CLI's sentence."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from workbench.errors import Cancelled, InputError, KeshengError, ModelCrashed, error_text
from workbench.texts import TEXT

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(value: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(value) if name}


def _bare(template: str) -> str:
    """The template without its placeholders."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))


def _keyed_calls() -> list[tuple[str, int, str, set[str] | None]]:
    """Every ``X.of("errors.…", …)`` / ``.keyed("errors.…", …)`` in the core and the UI: (file, line, key, the
    keyword names passed, None where a ``**mapping`` passes unknown ones)."""
    calls = []
    for path in [*(ROOT / "workbench").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("of", "keyed") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value.startswith("errors.")):
                names = {k.arg for k in node.keywords if k.arg is not None}
                spread = any(k.arg is None for k in node.keywords)
                calls.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value, None if spread else names))
    return calls


def test_every_error_key_has_both_languages_with_the_same_values() -> None:
    keys = [k for k in TEXT if k.startswith("errors.")]
    assert len(keys) > 100
    bad = [k for k in keys if _fields(TEXT[k][0]) != _fields(TEXT[k][1]) or not TEXT[k][0] or not TEXT[k][1]]
    assert not bad
    english_in_zh = [k for k in keys if not CJK.search(TEXT[k][0]) and re.search(r"[A-Za-z]", _bare(TEXT[k][0]))]
    assert not english_in_zh


def test_every_raise_names_a_key_of_the_table_with_exactly_its_values() -> None:
    calls = _keyed_calls()
    assert len(calls) > 100
    unknown = [(f, n, key) for f, n, key, _ in calls if key not in TEXT]
    assert not unknown
    wrong = [(f, n, key, names) for f, n, key, names in calls
             if names is not None and key in TEXT and names != _fields(TEXT[key][1])]
    assert not wrong


def test_message_stays_english_and_the_text_follows_the_language() -> None:
    error = InputError.of("errors.ingest.encrypted", name="客户.xlsx")
    assert str(error) == error.message == ("客户.xlsx is password-protected (encrypted); open it in Excel, remove the "
                                           "password and save it again")
    assert error_text(error, "en") == error.message
    assert error_text(error, "zh") == "客户.xlsx 设有密码（已加密）；请在 Excel 中打开，取消密码后重新保存"
    assert error.args == (error.message,)


def test_a_nested_error_is_rendered_in_the_same_language_and_other_causes_as_they_are() -> None:
    inner = InputError.of("errors.ingest.empty_file", name="a.csv")
    outer = InputError.of("errors.ingest.sqlite_open", name="b.db", reason=inner)
    assert outer.message == "cannot open the SQLite file b.db: a.csv is empty (0 bytes); export it again"
    assert error_text(outer, "zh") == "无法打开 SQLite 文件 b.db：a.csv 是空文件（0 字节）；请重新导出"
    lib = InputError.of("errors.ingest.sqlite_open", name="b.db", reason=OSError("disk I/O error"))
    assert error_text(lib, "zh") == "无法打开 SQLite 文件 b.db：disk I/O error"


def test_plain_errors_and_other_exceptions_keep_their_sentence() -> None:
    assert error_text(KeshengError("as written"), "zh") == "as written"
    assert error_text(ValueError("boom"), "zh") == "ValueError: boom"
    assert error_text(Cancelled(), "zh") == "已取消：没有任何更改"
    assert str(Cancelled()) == "cancelled: nothing was changed"
    crash = ModelCrashed("", retry=True).keyed("errors.cancelled")
    assert crash.retry and crash.text("zh") == "已取消：没有任何更改"


@pytest.mark.parametrize("key", ["errors.ingest.encrypted", "errors.ingest.missing"])
def test_a_key_without_its_values_fails_loudly(key: str) -> None:
    with pytest.raises(KeyError):
        InputError.of(key)
