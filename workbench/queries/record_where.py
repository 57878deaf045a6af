"""Compiles a :class:`RecordFilter` into a WHERE clause on ``records`` (parameters only, never formatted SQL)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, and_, exists, select, true

from workbench.store import fts, schema
from workbench.types import RecordFilter

r, t, a, n, v = schema.records, schema.tags, schema.assessments, schema.taxonomy_nodes, schema.taxonomy_versions
a_probe, t_probe = a.alias("a_probe"), t.alias("t_probe")


def current_version_id(conn: Connection) -> int | None:
    """The id of the current taxonomy version, or None before any taxonomy is set."""
    value = conn.execute(select(v.c.id).where(v.c.is_current).order_by(v.c.id.desc()).limit(1)).scalar()
    return None if value is None else int(value)


def subtree_keys(conn: Connection, node_key: str) -> list[str]:
    """``node_key`` and the keys of every node below it in the current taxonomy."""
    version = current_version_id(conn)
    if version is None:
        return [node_key]
    children: dict[str, list[str]] = {}
    for key, parent in conn.execute(select(n.c.key, n.c.parent_key).where(n.c.version_id == version)):
        children.setdefault(str(parent), []).append(str(key))
    keys, stack = [], [node_key]
    while stack:
        key = stack.pop()
        keys.append(key)
        stack.extend(children.get(key, ()))
    return keys


def where(conn: Connection, flt: RecordFilter, probe: bool = False) -> ColumnElement[bool]:
    """The clause selecting the records of ``flt`` (an empty filter selects everything).

    Sentiment restricts on the record's assessment; ``node_key`` on tags of that node or below;
    ``text`` uses the full-text index where it exists, LIKE otherwise. ``probe`` tests the node and the
    sentiment per record (a correlated EXISTS on the tags' record index and the assessment's key) instead
    of collecting all their records first: much faster for a first page walked in an indexed order (or
    driven by a text search's few matches); the same records either way.
    """
    parts: list[ColumnElement[bool]] = []
    if flt.date_from is not None:
        parts.append(r.c.created_at >= flt.date_from)
    if flt.date_to is not None:
        parts.append(r.c.created_at < flt.date_to)
    if flt.channels:
        parts.append(r.c.channel.in_(flt.channels))
    if flt.products:
        parts.append(r.c.product.in_(flt.products))
    if flt.source_ids:
        parts.append(r.c.source_id.in_(flt.source_ids))
    if flt.record_ids:
        parts.append(r.c.id.in_(flt.record_ids))
    if flt.customer_key:
        parts.append(r.c.customer_key == flt.customer_key)
    if flt.sentiments:
        if probe:  # aliased: a query that joins the assessments itself must not correlate this one away
            parts.append(exists().where(a_probe.c.record_id == r.c.id, a_probe.c.sentiment.in_(flt.sentiments)))
        else:  # IN over an indexed subquery, not a correlated EXISTS: one index range scan, not a probe per record
            parts.append(r.c.id.in_(select(a.c.record_id).where(a.c.sentiment.in_(flt.sentiments))))
    if flt.node_key:
        keys = subtree_keys(conn, flt.node_key)
        if probe:
            parts.append(exists().where(t_probe.c.record_id == r.c.id, t_probe.c.node_key.in_(keys)))
        else:
            parts.append(r.c.id.in_(select(t.c.record_id).where(t.c.node_key.in_(keys))))
    if flt.text and flt.text.strip():
        parts.append(fts.text_clause(flt.text, fts.has_fts(conn), conn.dialect.name))
    x = schema.experience
    if flt.effort_min is not None:
        parts.append(r.c.id.in_(select(x.c.record_id).where(x.c.effort >= flt.effort_min)))
    if flt.effort_max is not None:
        parts.append(r.c.id.in_(select(x.c.record_id).where(x.c.effort <= flt.effort_max)))
    if flt.emotions:
        parts.append(r.c.id.in_(select(x.c.record_id).where(x.c.emotion.in_(flt.emotions))))
    if flt.actionable is not None:
        parts.append(r.c.id.in_(select(x.c.record_id).where(x.c.actionable.is_(flt.actionable))))
    for key, value in flt.extra:
        parts.append(r.c.extra[key].as_string() == value)
    return and_(true(), *parts)
