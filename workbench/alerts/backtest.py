"""Back-testing a rule: replay it over all history to see how often it would have fired.

A words rule "fires" on each day with at least one matching record; a surge or dissatisfaction rule in
each period whose count rose like for like against the one before (keyed by the period's first day).
Nothing is stored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from workbench.alerts import matching
from workbench.alerts.rules import AlertRule
from workbench.analysis.periods import bucket
from workbench.progress import CancelToken

if TYPE_CHECKING:
    from workbench.store.handle import Project


@dataclass(frozen=True)
class Backtest:
    """Per day the rule would have fired: the number of records; plus the same per ISO week."""

    rule: str
    days: dict[date, int]
    weeks: dict[date, int]
    records: int

    @property
    def fires(self) -> int:
        return len(self.days)

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "fires": self.fires, "records": self.records,
                "days": [{"day": d.isoformat(), "records": n} for d, n in sorted(self.days.items())],
                "weeks": [{"week": d.isoformat(), "fires": n} for d, n in sorted(self.weeks.items())]}


def backtest(project: Project, rule: AlertRule, cancel: CancelToken | None = None) -> Backtest:
    """Replay ``rule`` over every record in the project."""
    days: Counter[date] = Counter()
    if rule.kind == "words":
        for hit in matching.word_hits(project, rule, 0, cancel):
            if hit.created_at is not None:
                days[hit.created_at.date()] += 1
    else:
        for found in matching.rises(project, rule, everything=True):
            days[found.comparison.current.start] = found.count
    weeks: Counter[date] = Counter(bucket(d, "week") for d in days)
    return Backtest(rule.name, dict(days), dict(weeks), sum(days.values()))
