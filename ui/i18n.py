"""The UI's language: the current one, change notification, and :func:`tr` over the one text table
(:mod:`workbench.texts`, which the reports read too).

The language follows the system locale at start (zh* → Chinese, otherwise English) and can be switched
at run time; widgets re-read their text in a ``retranslate()`` method when :data:`language_changed` fires.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QMessageBox, QWidget

from workbench import texts
from workbench.errors import error_text
from workbench.texts import has_text, text

__all__ = [
    "ask",
    "bind",
    "bind_items",
    "error_tr",
    "has_text",
    "language",
    "name_buttons",
    "on_language_changed",
    "set_language",
    "system_language",
    "taxonomy_note",
    "tr",
    "warn",
]

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


def bind(setter: Callable[[str], object], key: str, **fmt: object) -> None:
    """Show ``tr(key)`` through ``setter`` (a widget's ``setText``, ``setTitle`` …) now and after every switch
    of language; the binding ends with the widget."""
    setter(tr(key, **fmt))
    on_language_changed(lambda: setter(tr(key, **fmt)))


def bind_items(combo: QComboBox, prefix: str) -> None:
    """Name each item of ``combo`` ``tr(prefix + its data)`` now and after every switch of language."""
    def update() -> None:
        for i in range(combo.count()):
            combo.setItemText(i, tr(f"{prefix}{combo.itemData(i)}"))
    update()
    on_language_changed(update)


STANDARD_BUTTONS = {"ok": QDialogButtonBox.StandardButton.Ok, "cancel": QDialogButtonBox.StandardButton.Cancel,
                    "close": QDialogButtonBox.StandardButton.Close, "save": QDialogButtonBox.StandardButton.Save,
                    "yes": QDialogButtonBox.StandardButton.Yes, "no": QDialogButtonBox.StandardButton.No}
"""Qt names its standard buttons in English (PySide6 ships no Chinese catalogue for them): we name them."""


def name_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Name ``box``'s standard buttons in the UI's language (and after every switch); returns ``box``."""
    for key, which in STANDARD_BUTTONS.items():
        button = box.button(which)
        if button is not None:
            bind(button.setText, f"button.{key}")
    return box


def ask(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes/no question with its buttons in the UI's language; True for yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(tr("button.yes"), QMessageBox.ButtonRole.YesRole)
    box.addButton(tr("button.no"), QMessageBox.ButtonRole.NoRole)
    box.exec()
    return box.clickedButton() is yes


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning with its button in the UI's language."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(tr("button.ok"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def tr(key: str, **fmt: object) -> str:
    """The text of ``key`` in the current language (the key itself if unknown), formatted with ``fmt``."""
    return text(key, _state["lang"], **fmt)


def error_tr(error: BaseException) -> str:
    """``error`` as one sentence in the current language (:func:`workbench.errors.error_text`)."""
    return error_text(error, _state["lang"])


def taxonomy_note(note: str) -> str:
    """A taxonomy edit's note ("<verb> <paths>", written by the core in English) in the UI language."""
    return texts.taxonomy_note(note, _state["lang"])
