"""Store reads for reports: representative quotes, the verbatim sheet, provenance of the method appendix."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Integer, and_, exists, func, select, true

from workbench.queries import cube_totals
from workbench.queries.record_where import subtree_keys, where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.types import RecordFilter

r, t, a, s, runs = schema.records, schema.tags, schema.assessments, schema.sources, schema.runs


def quote_candidates(project: Project, flt: RecordFilter, node_key: str, limit: int = 200) -> list[dict[str, Any]]:
    """Records tagged on the node (or below) with the tag's evidence span, most confident first.

    Drawn from the latest ``3 × limit`` selected records of each node of the subtree: each is one walk
    down the ``(node_key, record_id)`` index, so a node with 100,000 tags costs milliseconds, not a sort.
    """
    rows: list[Any] = []
    with project.read() as conn:
        clause = where(conn, flt.with_(node_key=None))
        for key in subtree_keys(conn, node_key):
            rows += conn.execute(
                select(r.c.id, r.c.text, r.c.channel, r.c.created_at, t.c.evidence, t.c.span_start, t.c.span_end,
                       t.c.sentiment, t.c.confidence)
                .join(r, r.c.id == t.c.record_id).where(clause, t.c.node_key == key)
                .order_by(t.c.record_id.desc()).limit(limit * 3)).all()
    rows.sort(key=lambda row: (-(row.confidence or 0.0), row.id))
    seen: set[int] = set()
    out = []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            out.append(dict(row._mapping))
    return out[:limit]


def verbatim_rows(project: Project, flt: RecordFilter, limit: int | None = None,
                  batch: int = 2000) -> Iterator[tuple[Any, list[tuple[str, str, str]]]]:
    """Records in id order with their tags (path, sentiment, evidence), read in batches (constant memory)."""
    last, done = 0, 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        with project.read() as conn:
            heads = conn.execute(
                select(r.c.id, r.c.created_at, r.c.channel, r.c.product, r.c.text, r.c.source_row, s.c.path,
                       s.c.sheet, a.c.sentiment)
                .join(s, s.c.id == r.c.source_id).outerjoin(a, a.c.record_id == r.c.id)
                .where(where(conn, flt), r.c.id > last).order_by(r.c.id).limit(size)).all()
            if not heads:
                return
            ids = [h.id for h in heads]
            tags: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
            for row in conn.execute(select(t.c.record_id, t.c.path, t.c.sentiment, t.c.evidence)
                                    .where(t.c.record_id.in_(ids)).order_by(t.c.record_id, t.c.id)):
                tags[row.record_id].append((row.path, row.sentiment, row.evidence or ""))
        for h in heads:
            yield h, tags.get(h.id, [])
        last, done = ids[-1], done + len(heads)


def channel_counts(conn: Connection, flt: RecordFilter) -> dict[str, int]:
    """Records per channel in the selection, largest first."""
    rows = conn.execute(select(r.c.channel, func.count()).where(where(conn, flt)).group_by(r.c.channel)
                        .order_by(func.count().desc())).all()
    return {str(c): int(n) for c, n in rows}


def sources(project: Project) -> list[Any]:
    with project.read() as conn:
        return list(conn.execute(select(s.c.path, s.c.sheet, s.c.kind, s.c.imported_at, s.c.counts)
                                 .where(s.c.status == "complete").order_by(s.c.id)))


def models_used(project: Project) -> list[tuple[str, str, str]]:
    """(model, sha256, prompt version) of every tagging run that wrote tags."""
    with project.read() as conn:
        rows = conn.execute(select(runs.c.model, runs.c.model_sha256, runs.c.prompt_version)
                            .where(runs.c.model.is_not(None)).distinct()).all()
    return [(str(m), str(h or ""), str(p or "")) for m, h, p in rows]


def tag_runs(project: Project) -> list[dict[str, Any]]:
    """The tagging runs whose judgements the project still holds, oldest first: id, started_at, status, model,
    model_sha256, prompt_version and ``by_method`` (records per method, as the run recorded them; None for
    runs from before runs recorded it)."""
    with project.read() as conn:
        live = select(a.c.run_id).where(a.c.run_id.is_not(None)).distinct()
        rows = conn.execute(select(runs.c.id, runs.c.started_at, runs.c.status, runs.c.model, runs.c.model_sha256,
                                   runs.c.prompt_version, runs.c.params)
                            .where(runs.c.kind == "tag", runs.c.id.in_(live)).order_by(runs.c.id)).all()
    out = []
    for row in rows:
        counts = (row.params or {}).get("by_method")
        out.append({"id": int(row.id), "started_at": row.started_at, "status": str(row.status), "model": row.model,
                    "model_sha256": row.model_sha256, "prompt_version": row.prompt_version,
                    "by_method": None if counts is None else {str(k): int(v) for k, v in counts.items()}})
    return out


def tag_methods(project: Project, flt: RecordFilter) -> dict[str, int]:
    """Tags per tagging stage over the selection (from the cube when it can answer)."""
    fast = cube_totals.tag_methods(project, flt)
    if fast is not None:
        return fast
    with project.read() as conn:
        rows = conn.execute(select(t.c.method, func.count()).join(r, r.c.id == t.c.record_id)
                            .where(where(conn, flt)).group_by(t.c.method)).all()
    return {str(m): int(n) for m, n in rows}


def record_kpis(project: Project, flt: RecordFilter) -> dict[str, float | None]:
    """Records, tagged, negative share of tagged, mean dissatisfaction, mean rating for the selection."""
    fast = cube_totals.totals(project, flt)
    if fast is not None:
        tagged = int(fast["assessed"])
        return {"records": int(fast["n"]), "tagged": tagged,
                "negative_share": fast["negative"] / tagged if tagged else None,
                "dissatisfaction": fast["dis_sum"] / fast["dis_n"] if fast["dis_n"] else None,
                "rating": fast["rating_sum"] / fast["rating_n"] if fast["rating_n"] else None,
                "with_issue": int(fast["issue_n"])}
    with project.read() as conn:
        clause = where(conn, flt)
        n, rating, tagged, neg, dis = conn.execute(
            select(func.count(), func.avg(r.c.rating), func.count(a.c.record_id),
                   func.sum((a.c.sentiment == "negative").cast(Integer)), func.avg(a.c.dissatisfaction))
            .select_from(r).outerjoin(a, a.c.record_id == r.c.id).where(clause)).one()
        has_tag = exists().where(t.c.record_id == r.c.id)
        with_issue = conn.execute(select(func.count()).select_from(r).where(clause, has_tag)).scalar_one()
    return {"records": n, "tagged": tagged, "negative_share": (neg or 0) / tagged if tagged else None,
            "dissatisfaction": dis, "rating": rating, "with_issue": with_issue}


def fired_alerts(project: Project, start: datetime | None, end: datetime | None) -> list[Any]:
    al, rules = schema.alerts, schema.alert_rules
    cond: list[ColumnElement[bool]] = []
    if start is not None:
        cond.append(al.c.fired_at >= start)
    if end is not None:
        cond.append(al.c.fired_at < end)
    with project.read() as conn:
        return list(conn.execute(select(rules.c.name, al.c.fired_at, al.c.record_ids, al.c.delivered)
                                 .join(rules, rules.c.id == al.c.rule_id).where(and_(true(), *cond))
                                 .order_by(al.c.fired_at.desc()).limit(200)))


def human_label_count(project: Project) -> int:
    with project.read() as conn:
        return int(conn.execute(select(func.count(func.distinct(t.c.record_id))).where(t.c.method == "human"))
                   .scalar_one())
