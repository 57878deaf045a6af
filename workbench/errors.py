"""Errors the user may see: each carries one clear sentence that says what went wrong and what to do."""

from __future__ import annotations


class KeshengError(Exception):
    """Base of every error shown to the user as one sentence (CLI `error: ...`, GUI dialog)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


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

    def __init__(self, message: str = "cancelled: nothing was changed") -> None:
        super().__init__(message)
