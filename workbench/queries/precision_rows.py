"""The rows behind each node's precision (``workbench.analysis.precision``): audits, confidences, tag sources."""

from __future__ import annotations

from sqlalchemy import func, select

from workbench.store import schema
from workbench.store.handle import Project

MACHINE = ("rule", "student", "llm")


def audits(project: Project) -> list[tuple[list[str], list[str]]]:
    """Per labelled record: (the machine's tag paths before its first label, the analyst's latest paths)."""
    e = schema.label_events
    first: dict[int, list[str]] = {}
    latest: dict[int, list[str]] = {}
    with project.read() as conn:
        for rid, paths, machine in conn.execute(select(e.c.record_id, e.c.paths, e.c.machine).order_by(e.c.id)):
            first.setdefault(int(rid), [str(p) for p in machine or []])
            latest[int(rid)] = [str(p) for p in paths or []]
    return [(first[rid], latest[rid]) for rid in sorted(latest)]


def machine_confidence(project: Project) -> dict[str, tuple[int, float]]:
    """Per tag path: (machine tags on it, the sum of their calibrated confidences)."""
    t = schema.tags
    with project.read() as conn:
        rows = conn.execute(select(t.c.path, func.count(), func.sum(t.c.confidence))
                            .where(t.c.method.in_(MACHINE)).group_by(t.c.path)).all()
    return {str(path): (int(n), float(total or 0.0)) for path, n, total in rows}


def records_by_method(project: Project) -> dict[str, int]:
    """Tagged records per the method of their assessment (rule, student, llm, human)."""
    a = schema.assessments
    with project.read() as conn:
        return {str(m): int(n) for m, n in conn.execute(select(a.c.method, func.count()).group_by(a.c.method))}

