"""Progress reporting and cancellation for long work, as plain Python (no Qt signals).

Every long operation is a plain function ``fn(args, progress, cancel) -> Result``. The UI runs it
on a worker through ``ui.workers``; the CLI runs it directly with a terminal progress bar.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Protocol, TextIO

from workbench.errors import Cancelled, Phrase

Message = str | Phrase
"""A progress line: a :class:`Phrase` (worded in the screen's language by the GUI, in English on a terminal)."""


class Progress(Protocol):
    """Receives progress as a fraction in [0, 1] (or -1 when unknown) and a short message."""

    def __call__(self, fraction: float, message: Message = "") -> None: ...


def no_progress(fraction: float, message: Message = "") -> None:
    """A progress sink that ignores everything."""


class CancelToken:
    """A thread-safe flag a long operation polls between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` (on the cancelling thread) when cancellation is requested, at once if it was
        already; for work that cannot poll, such as a model generating. Returns a function that unregisters."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return lambda: self._forget(callback)
        callback()
        return lambda: None

    def _forget(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()


class Scaled:
    """Maps a sub-task's progress [0, 1] onto a slice [start, end] of a parent's progress."""

    def __init__(self, parent: Progress, start: float, end: float) -> None:
        self._parent, self._start, self._end = parent, start, end

    def __call__(self, fraction: float, message: Message = "") -> None:
        if fraction < 0:
            self._parent(-1, message)
            return
        self._parent(self._start + (self._end - self._start) * min(max(fraction, 0.0), 1.0), message)


class TerminalProgress:
    """A one-line progress bar on a terminal; silent when the stream is not a TTY."""

    def __init__(self, stream: TextIO | None = None, min_interval: float = 0.1) -> None:
        self._stream = stream or sys.stderr
        self._enabled = self._stream.isatty()
        self._last = 0.0
        self._interval = min_interval
        self._started = time.monotonic()

    def __call__(self, fraction: float, message: Message = "") -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._last < self._interval and fraction < 1.0:
            return
        self._last = now
        if fraction < 0:
            bar = "…" * 10
            pct = "   "
        else:
            filled = round(fraction * 30)
            bar = "█" * filled + "░" * (30 - filled)
            pct = f"{fraction * 100:3.0f}%"
        elapsed = now - self._started
        self._stream.write(f"\r{bar} {pct} {elapsed:5.1f}s {str(message)[:50]:<50}")
        if fraction >= 1.0:
            self._stream.write("\n")
        self._stream.flush()

    def close(self) -> None:
        if self._enabled:
            self._stream.write("\n")
            self._stream.flush()


ProgressFn = Callable[[float, Message], None]
