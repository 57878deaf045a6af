"""Loading analyst labels into the project: human tags replace the machine's on those records.

A labelled record keeps only its human tags and gets a human assessment (sentiment from the file, or
the current one kept), so later tagging runs leave it alone and the student trains on it with a higher
weight. One transaction: a bad file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, select

from workbench.changes import Changes
from workbench.config import default_labeller as default_labeller  # the labeller's name: the preferences'
from workbench.errors import InputError
from workbench.history import Recorder
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging.label_file import Label, read_labels
from workbench.tagging.quality import audit_labels
from workbench.taxonomy.repository import load_current

T, A, R = schema.tags, schema.assessments, schema.records
CHUNK = 900  # ids per IN (...): a bulk label may cover more records than SQLite takes parameters


@dataclass
class LabelReport:
    labelled: int = 0
    tags: int = 0
    problems: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)


def resolve_records(project: Project, labels: list[Label]) -> dict[int, int]:
    """Label row → record id, by record_id or external_id (rows that match nothing are left out)."""
    ids = {lab.record_id for lab in labels if lab.record_id is not None}
    externals = {lab.external_id for lab in labels if lab.record_id is None and lab.external_id}
    with project.read() as conn:
        wanted, known = sorted(ids), set()
        for start in range(0, len(wanted), CHUNK):
            known |= set(conn.execute(select(R.c.id).where(R.c.id.in_(wanted[start:start + CHUNK]))).scalars())
        by_ext = dict(conn.execute(select(R.c.external_id, R.c.id).where(R.c.external_id.in_(externals))).all()) \
            if externals else {}
    out = {}
    for lab in labels:
        rid = lab.record_id if lab.record_id in known else by_ext.get(lab.external_id) if lab.external_id else None
        if rid is not None:
            out[lab.row] = int(rid)
    return out


def load_labels(project: Project, path: str | Path, labelled_by: str | None = None) -> LabelReport:
    """Apply a label file. Raises InputError when no row could be used (nothing is written then)."""
    return apply_labels(project, read_labels(path), Path(path).name, labelled_by)


def label_records(project: Project, items: list[tuple[int, tuple[str, ...], str | None]],
                  labelled_by: str | None = None, action: str = "the review") -> LabelReport:
    """Label records directly (the review panel, a bulk label): (record id, tag paths, sentiment or None)."""
    return apply_labels(project, [Label(i + 1, rid, None, paths, sentiment)
                                  for i, (rid, paths, sentiment) in enumerate(items)], action, labelled_by)


def apply_labels(project: Project, labels: list[Label], source: str, labelled_by: str | None = None) -> LabelReport:
    """Validate and write labels in one transaction (nothing is written when no label is usable)."""
    taxonomy = load_current(project)
    if taxonomy is None:
        raise InputError.of("errors.tagging.no_taxonomy_label")
    record_of = resolve_records(project, labels)
    report = LabelReport()
    rows: list[tuple[int, Label, list[tuple[str, str]]]] = []
    for lab in labels:
        if lab.row not in record_of:
            report.problems.append(f"row {lab.row}: no record {lab.record_id or lab.external_id}")
            continue
        nodes, unknown = [], [p for p in lab.paths if taxonomy.by_path(p) is None]
        if unknown:
            report.problems.append(f"row {lab.row}: unknown tag {unknown[0]!r}")
            continue
        for p in lab.paths:
            node = taxonomy.by_path(p)
            assert node is not None
            nodes.append((node.key, node.path))
        rows.append((record_of[lab.row], lab, nodes))
    if not rows:
        raise InputError.of("errors.tagging.no_usable_label", source=source, problems="; ".join(report.problems[:3]))
    _write(project, rows, taxonomy.version_id, labelled_by or default_labeller(), source)
    report.labelled = len(rows)
    report.tags = sum(len(n) for _, _, n in rows)
    report.changes = Changes(tags=True, record_ids=frozenset(r for r, _, _ in rows))
    return report


def _write(project: Project, rows: list[tuple[int, Label, list[tuple[str, str]]]], version: int | None,
           labelled_by: str, action: str) -> None:
    ids = [r for r, _, _ in rows]
    with project.write() as conn:
        recorder = Recorder(conn, ids)  # the undo history: the records' rows before this label
        machine = audit_labels(conn, rows)  # what the machine said, before the analyst's label replaces it
        now = datetime.now(UTC).replace(tzinfo=None)
        conn.execute(schema.label_events.insert(), [
            dict(record_id=rid, labelled_by=labelled_by, paths=[p for _, p in nodes], machine=machine[rid],
                 sentiment=lab.sentiment, action=action, created_at=now) for rid, lab, nodes in rows])
        current: dict[int, str] = {}
        intents: dict[int, str] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            for rid, sentiment, intent in conn.execute(select(A.c.record_id, A.c.sentiment, A.c.intent)
                                                       .where(A.c.record_id.in_(chunk))):
                current[int(rid)], intents[int(rid)] = str(sentiment), str(intent)
            conn.execute(delete(T).where(T.c.record_id.in_(chunk)))
            conn.execute(delete(A).where(A.c.record_id.in_(chunk)))
        tag_rows = [dict(record_id=rid, node_key=key, path=path, taxonomy_version_id=version,
                         sentiment=lab.sentiment or current.get(rid) or "neutral", method="human", confidence=1.0,
                         labelled_by=labelled_by)
                    for rid, lab, nodes in rows for key, path in nodes]
        if tag_rows:
            conn.execute(T.insert(), tag_rows)
        conn.execute(A.insert(), [dict(record_id=rid, sentiment=lab.sentiment or current.get(rid) or "neutral",
                                       intent=intents.get(rid) or "other",
                                       dissatisfaction=_dissatisfaction(lab.sentiment or current.get(rid)),
                                       confidence=1.0, method="human", taxonomy_version_id=version)
                                  for rid, lab, _ in rows])
        recorder.finish("label", _summary(rows), labelled_by)


def _summary(rows: list[tuple[int, Label, list[tuple[str, str]]]]) -> str:
    """Language-free, for the Edit menu and `undo --list`: how many records, labelled as what ("3 → 物流/配送")."""
    paths = list(dict.fromkeys(p for _, _, nodes in rows for _, p in nodes))
    shown = ", ".join(paths[:3]) + (f" +{len(paths) - 3}" if len(paths) > 3 else "")
    return f"{len(rows):,} → {shown or '∅'}"


def _dissatisfaction(sentiment: str | None) -> float:
    """A human label carries sentiment, not a score: map it to the scale's usual value."""
    return {"negative": 0.8, "neutral": 0.3}.get(sentiment or "", 0.1)
