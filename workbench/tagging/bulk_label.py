"""Label everything a query returns: one action over the records of a filter or a search.

Like a label file, a bulk label replaces the machine's tags of each record with the analyst's label (the
given tag paths, and the sentiment when given), records who made it and keeps the machine's view in the
audit. :func:`plan_bulk_label` says beforehand how many records change and how (the dry run, the GUI's
preview); :func:`apply_bulk_label` writes the plan in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from workbench.errors import InputError, Phrase
from workbench.progress import CancelToken, Progress, no_progress
from workbench.queries.record_where import where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging.labels import CHUNK, LabelReport, label_records
from workbench.taxonomy.repository import load_current
from workbench.types import SENTIMENTS, RecordFilter

T, A, R = schema.tags, schema.assessments, schema.records


@dataclass(frozen=True)
class BulkPlan:
    """What a bulk label would do to the records of a query."""

    record_ids: tuple[int, ...]
    paths: tuple[str, ...]
    sentiment: str | None
    unchanged: int  # an analyst already labelled them exactly so (and the same sentiment, when given)
    already_tagged: int  # carry every given tag already (by the machine or an analyst)
    gain: int  # lack at least one of the given tags: they get it
    other_tags: int  # carry tags besides the given ones: the label replaces those
    untagged: int  # carry no tag at all
    relabelled: int  # an analyst had labelled them before: the new label replaces theirs
    sentiment_changes: int  # the given sentiment differs from their current one

    @property
    def records(self) -> int:
        return len(self.record_ids)

    @property
    def changes(self) -> int:
        """How many records the label would change."""
        return self.records - self.unchanged

    def as_dict(self) -> dict[str, object]:
        return {"records": self.records, "changes": self.changes, "tags": list(self.paths),
                "sentiment": self.sentiment, "unchanged": self.unchanged, "already_tagged": self.already_tagged,
                "gain": self.gain, "other_tags": self.other_tags, "untagged": self.untagged,
                "relabelled": self.relabelled, "sentiment_changes": self.sentiment_changes}

    def summary(self) -> str:
        """The preview in one sentence (English; the GUI words its own)."""
        tags = ", ".join(self.paths)
        return (f"{self.records:,} records match; {self.changes:,} would change: {self.gain:,} get {tags}, "
                f"{self.already_tagged:,} already carry it, {self.other_tags:,} lose other tags, "
                f"{self.untagged:,} had no tag, {self.relabelled:,} had an analyst's label"
                + (f", {self.sentiment_changes:,} change sentiment to {self.sentiment}" if self.sentiment else ""))


def plan_bulk_label(project: Project, flt: RecordFilter, paths: tuple[str, ...],
                    sentiment: str | None = None) -> BulkPlan:
    """Count how a bulk label of the records of ``flt`` would change them; writes nothing.

    Raises:
        InputError: no taxonomy, an unknown tag path, an unknown sentiment, or no tag given.
    """
    _check(project, paths, sentiment)
    wanted = set(paths)
    with project.read() as conn:
        ids = [int(i) for i in conn.execute(select(R.c.id).where(where(conn, flt)).order_by(R.c.id)).scalars()]
        tags: dict[int, set[str]] = {}
        human: set[int] = set()
        current: dict[int, str] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            for rid, path, method in conn.execute(select(T.c.record_id, T.c.path, T.c.method)
                                                  .where(T.c.record_id.in_(chunk))):
                tags.setdefault(int(rid), set()).add(str(path))
                if method == "human":
                    human.add(int(rid))
            current.update((int(r), str(s)) for r, s in conn.execute(
                select(A.c.record_id, A.c.sentiment).where(A.c.record_id.in_(chunk))))
    same_sentiment = {rid for rid in ids if sentiment is None or current.get(rid) == sentiment}
    return BulkPlan(
        record_ids=tuple(ids), paths=paths, sentiment=sentiment,
        unchanged=sum(rid in human and tags.get(rid) == wanted and rid in same_sentiment for rid in ids),
        already_tagged=sum(wanted <= tags.get(rid, set()) for rid in ids),
        gain=sum(not wanted <= tags.get(rid, set()) for rid in ids),
        other_tags=sum(bool(tags.get(rid, set()) - wanted) for rid in ids),
        untagged=sum(not tags.get(rid) for rid in ids),
        relabelled=sum(rid in human for rid in ids),
        sentiment_changes=0 if sentiment is None else len(ids) - len(same_sentiment))


def apply_bulk_label(project: Project, plan: BulkPlan, labelled_by: str | None = None, action: str = "bulk label",
                     progress: Progress = no_progress, cancel: CancelToken | None = None) -> LabelReport:
    """Write the plan's label on its records in one transaction (all of them or none).

    Runs on a worker thread in the GUI. Cancelling before the write starts changes nothing.

    Raises:
        InputError: the plan selects no record.
        Cancelled: cancelled before the write.
    """
    if not plan.record_ids:
        raise InputError.of("errors.tagging.filter_empty")
    if cancel is not None:
        cancel.check()
    progress(0.0, Phrase("progress.bulk.labelling", n=plan.records))
    report = label_records(project, [(rid, plan.paths, plan.sentiment) for rid in plan.record_ids],
                           labelled_by, action)
    progress(1.0, Phrase("progress.bulk.labelled", n=report.labelled))
    return report


def _check(project: Project, paths: tuple[str, ...], sentiment: str | None) -> None:
    if not paths:
        raise InputError.of("errors.tagging.no_tag")
    if sentiment is not None and sentiment not in SENTIMENTS:
        raise InputError.of("errors.tagging.sentiment", choices=", ".join(SENTIMENTS), got=sentiment)
    taxonomy = load_current(project)
    if taxonomy is None:
        raise InputError.of("errors.tagging.no_taxonomy_label")
    unknown = [p for p in paths if taxonomy.by_path(p) is None]
    if unknown:
        raise InputError.of("errors.tagging.no_node", path=unknown[0])
