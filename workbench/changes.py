"""What a mutation changed, so that each view refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """A small summary of a mutation's effect; views check the flags they care about."""

    records: bool = False
    tags: bool = False
    taxonomy: bool = False
    sources: bool = False
    alerts: bool = False
    settings: bool = False
    record_ids: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            records=self.records or other.records,
            tags=self.tags or other.tags,
            taxonomy=self.taxonomy or other.taxonomy,
            sources=self.sources or other.sources,
            alerts=self.alerts or other.alerts,
            settings=self.settings or other.settings,
            record_ids=self.record_ids | other.record_ids,
        )

    @property
    def any(self) -> bool:
        return any((self.records, self.tags, self.taxonomy, self.sources, self.alerts, self.settings))
