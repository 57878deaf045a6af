"""The watch's state kept in the project's settings: marks, delivery start, today's tallies, the last cycle.

Everything a restart needs lives in the project (never in the process), so a ``kill -9`` loses nothing:
each step is idempotent on its own (the importer drops duplicates, alert rules never fire a record twice,
a delivered alert is marked in the same store).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from workbench.store import schema
from workbench.store.handle import Project

PREFIX = "monitor."
LAST, TODAY, WATCHING = PREFIX + "last_cycle", PREFIX + "today", PREFIX + "watching"
ALERTS_FROM, TAGGED_UPTO, EVALUATED_UPTO = PREFIX + "alerts_from", PREFIX + "tagged_upto", PREFIX + "evaluated_upto"


def source_key(*parts: str | None) -> str:
    """A short stable key for a source (its URL or folder, table, query, mark column)."""
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:12]


def mark_setting(key: str) -> str:
    return f"{PREFIX}mark.{key}"


@dataclass
class CycleReport:
    """What one cycle did; ``line()`` is the one log line per cycle."""

    started: datetime
    seconds: float = 0.0
    files: int = 0
    rejected: int = 0
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    tagged: int = 0
    llm: int = 0
    fired: int = 0
    delivered: int = 0
    pending: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = (f"{self.started:%Y-%m-%d %H:%M:%S} files {self.files} (rejected {self.rejected}), "
                f"imported {self.imported} (duplicates {self.duplicates}), tagged {self.tagged} (llm {self.llm}), "
                f"alerts fired {self.fired}, delivered {self.delivered}, waiting {self.pending}, "
                f"{self.seconds:.2f}s")
        return text + "".join(f"; {p}" for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["started"] = self.started.isoformat(timespec="seconds")
        return out


def max_record_id(project: Project) -> int:
    """The newest record id (a primary-key lookup, cheap at any size)."""
    with project.read() as conn:
        return int(conn.execute(select(func.coalesce(func.max(schema.records.c.id), 0))).scalar_one())


def max_alert_id(project: Project) -> int:
    with project.read() as conn:
        return int(conn.execute(select(func.coalesce(func.max(schema.alerts.c.id), 0))).scalar_one())


def alerts_from(project: Project) -> int:
    """Alerts with a larger id are the watch's to deliver; fixed the first time a watch starts on the project,
    so alerts an analyst ran earlier without delivery are never mailed out by surprise."""
    value = project.get_setting(ALERTS_FROM)
    if value is None:
        value = max_alert_id(project)
        project.set_setting(ALERTS_FROM, value)
    return int(value)


def record_cycle(project: Project, report: CycleReport, watching: str, today: date | None = None) -> None:
    """Store the last cycle and add it to today's tallies (a new day starts them afresh)."""
    day = (today or report.started.date()).isoformat()
    tally = project.get_setting(TODAY) or {}
    if tally.get("day") != day:
        tally = {"day": day, "records": 0, "alerts": 0, "cycles": 0}
    tally = {"day": day, "records": int(tally["records"]) + report.imported,
             "alerts": int(tally["alerts"]) + report.fired, "cycles": int(tally["cycles"]) + 1}
    values = {TODAY: tally, LAST: report.to_dict(), WATCHING: watching}
    st = schema.settings
    with project.write() as conn:  # one transaction: an idle cycle's only write
        conn.execute(st.delete().where(st.c.key.in_(list(values))))
        conn.execute(st.insert(), [{"key": k, "value": v} for k, v in values.items()])


@dataclass(frozen=True)
class MonitorStatus:
    """What the Monitor panel shows: what is watched, the last cycle, today's records and alerts."""

    watching: str | None
    last_cycle: dict[str, Any] | None
    records_today: int
    alerts_today: int
    cycles_today: int


def monitor_status(project: Project, today: date | None = None) -> MonitorStatus:
    day = (today or date.today()).isoformat()
    tally = project.get_setting(TODAY) or {}
    same = tally.get("day") == day
    return MonitorStatus(watching=project.get_setting(WATCHING), last_cycle=project.get_setting(LAST),
                         records_today=int(tally.get("records", 0)) if same else 0,
                         alerts_today=int(tally.get("alerts", 0)) if same else 0,
                         cycles_today=int(tally.get("cycles", 0)) if same else 0)
