"""What a mutation changed, so that each view refreshes only what it shows.

Every operation the UI performs ends in one :class:`Changes`; the UI's task runner broadcasts it and each
panel's ``apply_changes`` checks the flags it cares about.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Changes:
    """A small summary of a mutation's effect; views check the flags they care about.

    ``project`` means another project was opened (or the open one closed): everything shown is stale.
    ``record_ids`` names the records whose tags or text changed, when the mutation knows them.
    """

    records: bool = False
    tags: bool = False
    taxonomy: bool = False
    sources: bool = False
    alerts: bool = False
    settings: bool = False
    project: bool = False
    record_ids: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        flags = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)
                 if f.name != "record_ids"}
        return Changes(**flags, record_ids=self.record_ids | other.record_ids)

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "record_ids")

    @property
    def counts(self) -> bool:
        """Whether counts of records per issue may differ (records, tags, taxonomy or the project changed)."""
        return self.records or self.tags or self.taxonomy or self.project


EVERYTHING = Changes(records=True, tags=True, taxonomy=True, sources=True, alerts=True, settings=True, project=True)
"""Another project is shown: every panel starts over."""
