"""Label quality you can see: per node, how the automatic tags agree with the analyst's labels.

Every time an analyst labels a record, what the machine had said about it (its tag paths and the
method that produced them) is kept in an audit beside the label (the ``tagging.label_audit`` setting,
latest label per record). Per node, on the labelled records:

- precision: of the records the machine tagged with the node, the share the analyst kept it on;
- recall: of the records the analyst put on the node, the share the machine had tagged with it;
- agreement: records where both agree on the node (both on it, or both off it) over all audited records;
- support: how many human labels back the node.

A node is flagged when fewer than ``MIN_SUPPORT`` human labels back it, or when precision or recall
is below ``LOW``. The review queue picks uncertain records, so these estimates lean pessimistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select

from workbench.store import schema
from workbench.store.handle import Project

AUDIT_SETTING = "tagging.label_audit"
MIN_SUPPORT = 3
LOW = 0.7


@dataclass(frozen=True)
class NodeQuality:
    path: str
    machine: int  # audited records the machine tagged with the node
    human: int  # audited records the analyst put on the node (support)
    both: int
    precision: float | None
    recall: float | None
    agreement: float
    flag: str  # "" when fine; otherwise why the node needs attention


def audit_labels(conn: Connection, rows: list[tuple[int, Any, list[tuple[str, str]]]]) -> dict[int, list[str]]:
    """Inside the labelling transaction: note the machine's tags of each labelled record, and the label.

    Returns the machine's tag paths per labelled record (what it said before the record's first label).
    """
    t, s = schema.tags, schema.settings
    ids = [rid for rid, _, _ in rows]
    machine: dict[int, list[str]] = {rid: [] for rid in ids}
    methods: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        for rid, path, method in conn.execute(select(t.c.record_id, t.c.path, t.c.method).where(
                t.c.record_id.in_(ids[start:start + 900])).order_by(t.c.record_id, t.c.confidence.desc(), t.c.id)):
            if method != "human":
                machine[int(rid)].append(str(path))
                methods.setdefault(int(rid), str(method))
    current = conn.execute(select(s.c.value).where(s.c.key == AUDIT_SETTING)).scalar()
    audit: dict[str, Any] = dict(current or {})
    for rid, _, nodes in rows:
        before = audit.get(str(rid))
        if before is not None and not machine[rid]:  # relabelled: keep what the machine had said first
            machine[rid], methods[rid] = list(before["machine"]), before.get("method", "")
        audit[str(rid)] = {"machine": machine[rid], "method": methods.get(rid, ""), "human": [p for _, p in nodes]}
    conn.execute(delete(s).where(s.c.key == AUDIT_SETTING))
    conn.execute(s.insert().values(key=AUDIT_SETTING, value=audit))
    return machine


def node_quality(project: Project) -> list[NodeQuality]:
    """Per node with any machine tag or human label in the audit, worst first (flagged, then by agreement)."""
    audit: dict[str, Any] = project.get_setting(AUDIT_SETTING, {}) or {}
    return quality_of([(list(v.get("machine", [])), list(v.get("human", []))) for v in audit.values()])


def quality_of(pairs: list[tuple[list[str], list[str]]]) -> list[NodeQuality]:
    """The maths of :func:`node_quality` on (machine paths, human paths) per labelled record."""
    paths = sorted({p for machine, human in pairs for p in (*machine, *human)})
    out = []
    n = len(pairs)
    for path in paths:
        m = sum(path in machine for machine, _ in pairs)
        h = sum(path in human for _, human in pairs)
        both = sum(path in machine and path in human for machine, human in pairs)
        neither = sum(path not in machine and path not in human for machine, human in pairs)
        precision = both / m if m else None
        recall = both / h if h else None
        flag = ("low precision" if precision is not None and m >= MIN_SUPPORT and precision < LOW else
                "low recall" if recall is not None and h >= MIN_SUPPORT and recall < LOW else
                "few human labels" if h < MIN_SUPPORT else "")
        out.append(NodeQuality(path, m, h, both, precision, recall, (both + neither) / n if n else 0.0, flag))
    return sorted(out, key=lambda q: (q.flag == "", q.agreement, q.path))
