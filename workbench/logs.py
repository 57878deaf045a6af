"""A rotating log file in the user log dir: versions, models, timings and errors — never record text.

Contract:

- :func:`setup_file_logging` attaches one rotating handler (5 files × 1 MB, ``kesheng.log``) to the
  ``workbench``, ``ui`` and (file-only) ``kesheng`` loggers, in ``KESHENG_LOG_DIR`` or platformdirs'
  user log dir, and writes a versions line (kesheng, Python, OS, llama-cpp-python, SQLAlchemy, PySide6).
  The CLI and GUI entries call it.
- :func:`run_logged` wraps one CLI command: its name and non-personal options (model and its sha256
  prefix, budget, format — never file names, questions or record text), its wall time and exit code,
  and any error with its traceback.
- Defence in depth: every line passes :class:`PersonalDataFilter` and a formatter that mask e-mail
  addresses, phone numbers and ID/card-like digit runs, in messages and tracebacks alike.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from workbench import __version__
from workbench.errors import Cancelled, UsageError
from workbench.paths import log_dir

LOG_NAME = "kesheng.log"
MAX_BYTES = 1_000_000
BACKUPS = 4  # kesheng.log + 4 rotated files = 5 × 1 MB
SAFE_OPTIONS = ("llm_budget", "retag", "format", "by", "level", "period", "lang", "json", "next")
MODEL_COMMANDS = frozenset({"tag", "ask", "demo"})
DEFAULT_MODELS = {"demo": "fast"}  # the model a command uses when --model is not given (else "default")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9])\+?\(?\d[\d ()-]{5,}\d[Xx]?(?![A-Za-z0-9])")  # CJK may touch it
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{1,2})?")
_handler: RotatingFileHandler | None = None
log = logging.getLogger("kesheng.session")  # file only: never echoed on the console
logging.getLogger("kesheng").addHandler(logging.NullHandler())  # no file (unwritable dir): silent, not stderr
logging.getLogger("kesheng").propagate = False


def mask_personal(text: str) -> str:
    """``text`` with e-mail addresses and phone/ID/card-like runs (8+ digits, dates excepted) masked.

    The home folder is shortened to ``~`` so that paths in error messages do not carry the account name.
    """
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    text = _EMAIL.sub("[email]", text)
    return _DIGIT_RUN.sub(_mask_digits, text)


def _mask_digits(match: re.Match[str]) -> str:
    run = match.group(0)
    if sum(c.isdigit() for c in run) < 8 or _DATE.fullmatch(run.strip()):
        return run
    return "[number]"


class PersonalDataFilter(logging.Filter):
    """Masks personal data in a record's message (arguments merged in first); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = mask_personal(message), None
        return True


class MaskingFormatter(logging.Formatter):
    """A formatter that also masks tracebacks and stack dumps (exception messages may quote input)."""

    def formatException(self, ei: logging._SysExcInfoType) -> str:
        return mask_personal(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return mask_personal(super().formatStack(stack_info))


def log_folder() -> Path:
    """``KESHENG_LOG_DIR`` if set, else the user log dir."""
    override = os.environ.get("KESHENG_LOG_DIR")
    return Path(override) if override else log_dir()


def setup_file_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Attach the rotating file handler (once per folder); returns the log file, or None if not writable.

    Calling again with another folder (or ``KESHENG_LOG_DIR`` changed) moves logging there.
    """
    global _handler
    path = (folder or log_folder()) / LOG_NAME
    if _handler is not None and Path(_handler.baseFilename) == path.absolute():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    handler.addFilter(PersonalDataFilter())
    for name in ("workbench", "ui", "kesheng"):
        logger = logging.getLogger(name)
        if _handler is not None:
            logger.removeHandler(_handler)
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)
    if _handler is not None:
        _handler.close()
    _handler = handler
    _log_uncaught()
    log.info("start: %s", ", ".join(f"{k} {v}" for k, v in versions().items()))
    return path


def shutdown_file_logging() -> None:
    """Detach and close the file handler (tests; a later :func:`setup_file_logging` attaches a new one)."""
    global _handler
    if _handler is None:
        return
    for name in ("workbench", "ui", "kesheng"):
        logging.getLogger(name).removeHandler(_handler)
    _handler.close()
    _handler = None


def _log_uncaught() -> None:
    """Chain ``sys.excepthook`` so an uncaught error (a GUI slot, a script) lands in the log with its traceback."""
    previous = sys.excepthook
    if getattr(previous, "_kesheng", False):
        return

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            log.error("uncaught %s: %s", kind.__name__, value, exc_info=(kind, value, tb))
        previous(kind, value, tb)

    hook._kesheng = True  # type: ignore[attr-defined]
    sys.excepthook = hook


def versions() -> dict[str, str]:
    """The versions worth knowing when diagnosing a report (package metadata only: nothing heavy is imported)."""
    from importlib import metadata

    found = {"kesheng": __version__, "python": sys.version.split()[0], "os": platform.platform()}
    for label, dist in (("llama-cpp-python", "llama_cpp_python"), ("sqlalchemy", "SQLAlchemy"),
                        ("pyside6", "PySide6")):
        try:
            found[label] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[label] = "absent"
    return found


def run_logged(args: argparse.Namespace, dispatch: Callable[[argparse.Namespace], int]) -> int:
    """Run ``dispatch(args)`` and log the command, its options, wall time, exit code and any error.

    Exceptions are logged and re-raised unchanged (the CLI turns them into its one-line error).
    """
    command = str(getattr(args, "command", None) or "gui")
    log.info("command %s: %s", command, describe_options(args))
    started = time.perf_counter()
    try:
        code = dispatch(args)
    except KeyboardInterrupt:
        log.info("command %s interrupted after %.2f s", command, time.perf_counter() - started)
        raise
    except BrokenPipeError:  # the output's reader closed early (`… | head`): not a failure
        log.info("command %s: output closed by the reader after %.2f s", command, time.perf_counter() - started)
        raise
    except Exception as exc:
        if isinstance(exc, (UsageError, Cancelled)):  # a mistyped command or the user's Cancel: no traceback
            log.warning("command %s ended after %.2f s: %s", command, time.perf_counter() - started, exc)
            raise
        log.error("command %s failed after %.2f s: %s: %s", command, time.perf_counter() - started,
                  type(exc).__name__, exc, exc_info=True)
        raise
    log.info("command %s finished in %.2f s (exit %d)", command, time.perf_counter() - started, code)
    if command in MODEL_COMMANDS and code == 0 and (command != "ask" or getattr(args, "model", None)):
        log.info("model: %s", describe_model(args))
    return code


def describe_options(args: argparse.Namespace) -> str:
    """The command's non-personal options: flags and sizes, the project kind — never paths, text or questions."""
    parts = []
    project = getattr(args, "project", None)
    if isinstance(project, str) and project:
        parts.append("project " + ("database url" if "://" in project else f"file *{Path(project).suffix}"))
    files = getattr(args, "files", None)
    if isinstance(files, list) and files:
        parts.append(f"{len(files)} file(s) " + ",".join(sorted({Path(str(f)).suffix or "?" for f in files})))
    for name in SAFE_OPTIONS:
        value = getattr(args, name, None)
        if value not in (None, False, ""):
            parts.append(f"{name}={value}")
    server = getattr(args, "server", None)
    if isinstance(server, str) and server:
        parts.append(f"server={_server_host(server)}")
    return ", ".join(parts) or "no options"


def describe_model(args: argparse.Namespace) -> str:
    """``name (file) sha256 <12 hex>`` for the model the command used; a server URL's host when one was given."""
    server = getattr(args, "server", None)
    if isinstance(server, str) and server:
        return f"server {_server_host(server)}"
    name = getattr(args, "model", None) or DEFAULT_MODELS.get(str(getattr(args, "command", "")), "default")
    try:
        from workbench.llm.registry import load_registry, model_sha256

        spec = load_registry().get(name)
        if spec is not None:
            return f"{name} ({spec.path.name}) sha256 {(spec.sha256 or 'unknown')[:12]}"
        path = Path(name)
        return f"{path.name} sha256 {model_sha256(path)[:12]}"  # cached by the run that just loaded it
    except Exception as exc:  # diagnostics must never fail the command
        return f"{Path(str(name)).name} (identity unavailable: {type(exc).__name__})"


def _server_host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        return f"{parts.hostname or '?'}:{parts.port or ''}".rstrip(":")
    except ValueError:
        return "?"
