"""Errors the user may see: each carries one clear sentence that says what went wrong and what to do.

An error raised with :meth:`KeshengError.of` carries a text key of the one zh/en table
(:mod:`workbench.texts`, keys ``errors.…``) and its parameters: ``str(error)`` and ``error.message`` are the
English sentence (the CLI's ``error: ...`` line), and :func:`error_text` renders it in either language (the GUI,
in the UI's). A parameter that is itself an error is rendered in the same language (so is a :class:`Phrase`);
any other exception as ``str(exc)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Self

from workbench.texts import taxonomy_note, text

__all__ = [
    "Cancelled", "ConflictError", "InputError", "KeshengError", "ModelCrashed", "ModelError", "NotAvailableError",
    "Phrase", "ProjectError", "TaxonomyNote", "UsageError", "error_text",
]


def _render(key: str, lang: str, params: Mapping[str, object]) -> str:
    values = {name: v.text(lang) if isinstance(v, (KeshengError, Phrase)) else str(v) if isinstance(v, BaseException)
              else v for name, v in params.items()}
    return text(key, lang).format(**values)  # formatted even without values: a value left out fails loudly


class Phrase:
    """A value of an error's sentence that is worded per language itself: a text key and its values.

    ``str(phrase)`` is its English.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key, self.params = key, dict(params)

    def text(self, lang: str) -> str:
        """The phrase in ``lang``."""
        return _render(self.key, lang, self.params)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, **{self.params!r})"


class TaxonomyNote(Phrase):
    """A taxonomy version's note ("merge A → B": the core's English verb, then paths) as a value of a sentence."""

    def __init__(self, note: str) -> None:
        super().__init__("", note=note)
        self.note = note

    def text(self, lang: str) -> str:
        return taxonomy_note(self.note, lang)


class KeshengError(Exception):
    """Base of every error shown to the user as one sentence (CLI `error: ...`, GUI dialog).

    Attributes:
        message: the English sentence (also ``str(error)``).
        key: the ``errors.…`` text key of the sentence ("" for an error raised with a plain sentence).
        params: the values the key's templates are formatted with.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.key = ""
        self.params: dict[str, object] = {}

    @classmethod
    def of(cls, key: str, /, **params: object) -> Self:
        """The error whose sentence is the text ``key`` formatted with ``params`` (English in ``message``)."""
        return cls(_render(key, "en", params)).keyed(key, **params)

    def keyed(self, key: str, /, **params: object) -> Self:
        """This error with its sentence taken from the text ``key`` (for subclasses with more arguments)."""
        self.key, self.params = key, dict(params)
        self.message = _render(key, "en", params)
        self.args = (self.message,)
        return self

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` ('zh' or 'en'); the English message where the error has no key."""
        return _render(self.key, lang, self.params) if self.key else self.message

    def __str__(self) -> str:
        return self.message


def error_text(error: BaseException, lang: str) -> str:
    """``error`` as one sentence in ``lang``: a :class:`KeshengError` in that language, any other exception
    (a bug or a library's own error) as its type and its first 300 characters."""
    if isinstance(error, KeshengError):
        return error.text(lang)
    return f"{type(error).__name__}: {str(error)[:300]}"


class UsageError(KeshengError):
    """The command or its arguments are wrong (CLI exit code 2)."""


class NotAvailableError(KeshengError):
    """A capability that is not built yet; says so honestly."""


class ProjectError(KeshengError):
    """The project file or database cannot be opened, is corrupt, foreign or from a newer version."""


class InputError(KeshengError):
    """An input file, codebook, label file or filter is unreadable or malformed."""


class ConflictError(KeshengError):
    """Someone else changed the same thing first (another analyst on a shared project); reload and retry."""


class ModelError(KeshengError):
    """A model file is missing, corrupt, or the model backend failed."""


class ModelCrashed(ModelError):
    """The local model's worker process died (a native crash, a kill) or hung and was stopped.

    Unlike a single failed answer, a run does not fall back to rules record by record: it stops, keeps what
    was written, and resumes on the next run. ``retry``: the cause was removed (a CPU backend this processor
    cannot run was switched off), so the same request may be asked again of a fresh worker.
    """

    def __init__(self, message: str, retry: bool = False, reason: str = "", tagged: int | None = None) -> None:
        super().__init__(message)
        self.retry = retry
        self.reason = reason      # why the worker stopped, e.g. "SIGSEGV: a memory error inside llama.cpp"
        self.tagged = tagged      # a tagging run: records tagged and kept before it stopped


class Cancelled(KeshengError):
    """The user cancelled a long operation; nothing half-written was kept."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "")
        if message is None:
            self.keyed("errors.cancelled")
