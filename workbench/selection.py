"""What the analyst is looking at: the filters bar's filter, the tree's node, the trend's period.

A plain value (no Qt): the window keeps one, replaces it when a control changes, and hands it to every
panel's ``set_context(project, selection)``. Each panel derives the filter it needs from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from workbench.types import RecordFilter

Granularity = Literal["day", "week", "month"]


@dataclass(frozen=True)
class Selection:
    """The three restrictions (and the trend's grain and compared issues) that the panels share.

    The tree counts ignore the selected node (so siblings stay visible); the trend ignores the selected
    period (so the band has context); the table honours all three.
    """

    base: RecordFilter = field(default_factory=RecordFilter)
    node_key: str | None = None
    period: tuple[datetime, datetime] | None = None
    granularity: Granularity = "day"
    compare_keys: tuple[str, ...] = ()

    def with_(self, **changes: object) -> Selection:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def table_filter(self) -> RecordFilter:
        """The records the table shows: filters, node and period."""
        return self._with_period(self.base.with_(node_key=self.node_key))

    def tree_filter(self) -> RecordFilter:
        """What the tree counts: filters and period, every node."""
        return self._with_period(self.base)

    def trend_filter(self) -> RecordFilter:
        """What the trend plots: filters and node, every period."""
        return self.base.with_(node_key=self.node_key)

    def compare_filters(self) -> list[tuple[str, RecordFilter]]:
        """(node key, filter) of each issue compared in the trend."""
        return [(key, self.base.with_(node_key=key)) for key in self.compare_keys]

    def compare(self, key: str, limit: int) -> Selection | None:
        """The selection with ``key`` compared too; None when ``limit`` issues are compared already."""
        if key in self.compare_keys:
            return self
        if len(self.compare_keys) >= limit:
            return None
        return self.with_(compare_keys=(*self.compare_keys, key))

    def cleared(self) -> Selection:
        """Node, period and comparison cleared; the filters and grain stay."""
        return self.with_(node_key=None, period=None, compare_keys=())

    def _with_period(self, flt: RecordFilter) -> RecordFilter:
        if self.period is None:
            return flt
        lo, hi = self.period
        date_from = lo if flt.date_from is None else max(lo, flt.date_from)
        date_to = hi if flt.date_to is None else min(hi, flt.date_to)
        return flt.with_(date_from=date_from, date_to=date_to)
