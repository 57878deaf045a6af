"""Retry with exponential back-off for a part that fails (a source database, a mail server)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Backoff:
    """Failures double the wait before the next try, up to ``cap`` seconds; a success resets it.

    Times are plain seconds (``time.monotonic()``), so tests pass their own clock.
    """

    base: float
    cap: float = 900.0
    failures: int = 0
    next_try: float = 0.0
    last_error: str = ""

    def ready(self, now: float) -> bool:
        """Whether the part may be tried at ``now``."""
        return self.failures == 0 or now >= self.next_try

    def fail(self, now: float, error: str) -> float:
        """Record a failure at ``now``; returns the seconds until the next try."""
        self.failures += 1
        self.last_error = error
        wait = float(min(self.base * 2.0 ** (self.failures - 1), self.cap))
        self.next_try = now + wait
        return wait

    def ok(self) -> None:
        self.failures, self.next_try, self.last_error = 0, 0.0, ""

    def wait_left(self, now: float) -> float:
        return max(self.next_try - now, 0.0)
