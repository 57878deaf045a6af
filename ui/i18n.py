"""The UI's language: the current one, change notification, and :func:`tr` over the one text table
(:mod:`workbench.texts`, which the reports read too).

The language follows the system locale at start (zh* → Chinese, otherwise English) and can be switched
at run time; widgets re-read their text in a ``retranslate()`` method when :data:`language_changed` fires.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QLocale

from workbench.texts import has_text, text

__all__ = ["has_text", "language", "on_language_changed", "set_language", "system_language", "tr"]

_state = {"lang": "zh"}
_listeners: list[Callable[[], None]] = []


def system_language() -> str:
    """'zh' when the system locale is Chinese (or KESHENG_LANG=zh), else 'en'."""
    override = os.environ.get("KESHENG_LANG", "")
    if override:
        return "zh" if override.lower().startswith("zh") else "en"
    names = [QLocale.system().name(), *(os.environ.get(k, "") for k in ("LC_ALL", "LC_MESSAGES", "LANG"))]
    return "zh" if any(n.lower().startswith("zh") for n in names) else "en"


def language() -> str:
    return _state["lang"]


def set_language(lang: str) -> None:
    """Switch the UI language ('zh' or 'en') and notify every listener."""
    lang = "zh" if lang.lower().startswith("zh") else "en"
    if lang == _state["lang"]:
        return
    _state["lang"] = lang
    for listener in list(_listeners):
        try:
            listener()
        except RuntimeError as exc:  # a widget deleted without unsubscribing: drop its listener
            if "already deleted" not in str(exc):
                raise
            _listeners.remove(listener)


def on_language_changed(listener: Callable[[], None]) -> Callable[[], None]:
    """Register a callback; returns a function that unregisters it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def tr(key: str, **fmt: object) -> str:
    """The text of ``key`` in the current language (the key itself if unknown), formatted with ``fmt``."""
    return text(key, _state["lang"], **fmt)
