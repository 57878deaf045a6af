"""`eval --gold`: the project's automatic tags against a gold label file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from workbench.errors import InputError
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging.label_file import read_labels
from workbench.tagging.labels import resolve_records
from workbench.tagging.metrics import Case, Evaluation, evaluate

T, A = schema.tags, schema.assessments


def evaluate_project(project: Project, gold: str | Path, include_human: bool = False) -> Evaluation:
    """Metrics of the project's tags (machine tags only, unless ``include_human``) on the gold records.

    Records an analyst labelled are left out unless ``include_human``: they are the model's training data.

    Raises:
        InputError: a bad gold file or no gold row matching a record.
    """
    labels = read_labels(gold)
    record_of = resolve_records(project, labels)
    if not record_of:
        raise InputError.of("errors.tagging.gold_unmatched", name=Path(gold).name)
    ids = sorted(set(record_of.values()))
    predicted: dict[int, list[str]] = {}
    human_only: set[int] = set()
    assessed: dict[int, tuple[str, float]] = {}
    with project.read() as conn:
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            stmt = select(T.c.record_id, T.c.path).where(T.c.record_id.in_(chunk))
            if not include_human:
                stmt = stmt.where(T.c.method != "human")
            for rid, path in conn.execute(stmt.order_by(T.c.record_id, T.c.confidence.desc(), T.c.id)):
                predicted.setdefault(rid, []).append(path)
            if not include_human:  # records an analyst labelled are training data, not test cases
                human_only |= set(conn.execute(select(A.c.record_id).where(A.c.record_id.in_(chunk),
                                                                           A.c.method == "human")).scalars())
            for rid, sentiment, dis in conn.execute(select(A.c.record_id, A.c.sentiment, A.c.dissatisfaction)
                                                    .where(A.c.record_id.in_(chunk))):
                assessed[rid] = (sentiment, dis)
    cases = []
    for lab in labels:
        rid = record_of.get(lab.row)
        if rid is None or rid in human_only:
            continue
        sentiment, dis = assessed.get(rid, (None, None))
        cases.append(Case(lab.paths, tuple(dict.fromkeys(predicted.get(rid, []))), lab.sentiment, sentiment, dis))
    return evaluate(cases)
