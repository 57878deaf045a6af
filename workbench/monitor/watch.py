"""One watch cycle (collect → tag → alert → deliver) and the loop that repeats it until stopped.

Each step is safe to repeat after a crash, so the loop keeps no state of its own that matters: the
source's mark, the tagged and alert-evaluated record ids and the delivered alerts live in the project.
A source or mail server that fails is retried with back-off; a failing step never ends the loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from workbench.alerts.delivery import Delivery, DeliveryError
from workbench.alerts.evaluate import evaluate_alerts
from workbench.errors import InputError, KeshengError
from workbench.monitor import dispatch
from workbench.monitor.backoff import Backoff
from workbench.monitor.importing import SourceUnavailable
from workbench.monitor.state import (
    EVALUATED_UPTO,
    TAGGED_UPTO,
    CycleReport,
    alerts_from,
    max_record_id,
    record_cycle,
)
from workbench.store.handle import Project

log = logging.getLogger(__name__)


class Source(Protocol):
    """Where new feedback comes from (a folder or a database table)."""

    @property
    def description(self) -> str: ...

    def collect(self, project: Project, report: CycleReport, stop: Callable[[], bool]) -> None: ...


Tagger = Callable[[Project], tuple[int, int]]
"""Tags the pending records within the cycle's budget; returns (records tagged, of which by the LLM)."""


@dataclass
class Watch:
    """The parts of a watch; :meth:`cycle` runs one cycle, :func:`run_loop` repeats it."""

    project: Project
    source: Source
    delivery: Delivery | None
    tagger: Tagger | None
    interval: float = 60.0
    clock: Callable[[], float] = time.monotonic
    stop: threading.Event = field(default_factory=threading.Event)
    source_backoff: Backoff = field(init=False)
    mail_backoff: Backoff = field(init=False)

    def __post_init__(self) -> None:
        self.source_backoff = Backoff(self.interval)
        self.mail_backoff = Backoff(self.interval)
        self._alerts_from = alerts_from(self.project)

    def cycle(self) -> CycleReport:
        """Collect, tag, evaluate and deliver once; stops early (after a step) when ``stop`` is set."""
        report = CycleReport(started=datetime.now())
        t0 = time.perf_counter()
        steps = (self._collect, self._tag, self._alerts, self._deliver)
        for step in steps:
            if self.stop.is_set():
                report.problems.append("stopped")
                break
            step(report)
        report.seconds = time.perf_counter() - t0
        record_cycle(self.project, report, self.source.description)
        return report

    def _collect(self, report: CycleReport) -> None:
        now = self.clock()
        if not self.source_backoff.ready(now):
            report.problems.append(f"source: retry in {self.source_backoff.wait_left(now):.0f}s "
                                   f"({self.source_backoff.last_error})")
            return
        try:
            self.source.collect(self.project, report, self.stop.is_set)
        except (SourceUnavailable, InputError) as exc:
            wait = self.source_backoff.fail(now, str(exc))
            report.problems.append(f"source: {exc}; retry in {wait:.0f}s")
        else:
            self.source_backoff.ok()

    def _tag(self, report: CycleReport) -> None:
        top = max_record_id(self.project)
        if self.tagger is None or top <= int(self.project.get_setting(TAGGED_UPTO, 0)):
            return
        try:
            report.tagged, report.llm = self.tagger(self.project)
        except KeshengError as exc:  # no taxonomy, a model that failed: records wait, alerts still run
            report.problems.append(f"tagging: {exc}")
            return
        self.project.set_setting(TAGGED_UPTO, top)

    def _alerts(self, report: CycleReport) -> None:
        top = max_record_id(self.project)
        if top <= int(self.project.get_setting(EVALUATED_UPTO, 0)):
            return
        report.fired = len(evaluate_alerts(self.project, None))  # stored now, delivered in the next step
        self.project.set_setting(EVALUATED_UPTO, top)

    def _deliver(self, report: CycleReport) -> None:
        now = self.clock()
        if self.delivery is not None and self.mail_backoff.ready(now):
            try:
                report.delivered = dispatch.send_pending(self.project, self.delivery, self._alerts_from)
                self.mail_backoff.ok()
            except (DeliveryError, InputError) as exc:
                wait = self.mail_backoff.fail(now, str(exc))
                report.problems.append(f"delivery: {exc}; retry in {wait:.0f}s")
        report.pending = dispatch.waiting_count(self.project, self._alerts_from) if self.delivery else 0


def run_loop(watch: Watch, once: bool = False, on_cycle: Callable[[CycleReport], None] | None = None) -> int:
    """Run cycles every ``interval`` seconds until ``watch.stop`` is set (or once); returns cycles run.

    A cycle that fails unexpectedly (the project's own store down) is logged and the loop goes on.
    """
    cycles = 0
    while not watch.stop.is_set():
        try:
            report = watch.cycle()
        except Exception as exc:  # the project's store (e.g. a PostgreSQL server) failed: try again later
            log.exception("watch cycle failed")
            report = CycleReport(started=datetime.now(), problems=[f"cycle failed: {type(exc).__name__}: {exc}"])
        cycles += 1
        if on_cycle is not None:
            on_cycle(report)
        if once:
            break
        watch.stop.wait(watch.interval)
    return cycles
