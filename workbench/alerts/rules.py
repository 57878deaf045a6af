"""Alert rules stored in the project: sensitive words, node surges, dissatisfaction spikes.

Kinds and their params:
- ``words``: ``{"regex": R, "exclude": R | None, "channel": C | None}`` — a record fires when its text
  matches ``regex`` (case-insensitive), does not match ``exclude``, and is on ``channel`` (any if None).
- ``surge``: ``{"node": PATH, "z": Z, "min_count": N, "period": "auto" | "day" | "week" | "month"}`` — fires
  when the node's count in the latest complete period is Z standard deviations above the period before it
  (a conditional rate test), with at least N records; a partial last period is compared with the same
  number of days before it (``period`` auto: week or month from the data's span, as reports do).
- ``dissatisfaction``: ``{"level": L, "z": Z, "min_count": N, "node": PATH | None, "period": ...}`` — the
  same for the number of records with dissatisfaction >= L.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from workbench.errors import InputError, UsageError
from workbench.queries import aggregate_cube
from workbench.store import schema

if TYPE_CHECKING:
    from workbench.history import Recorder
    from workbench.store.handle import Project

KINDS = ("words", "surge", "dissatisfaction")
PERIODS = ("auto", "day", "week", "month")


@dataclass(frozen=True)
class AlertRule:
    """A stored rule."""

    id: int
    name: str
    kind: str
    params: dict[str, Any]
    enabled: bool = True


def _compile(pattern: str | None, what: str) -> None:
    if pattern is None:
        return
    try:
        re.compile(pattern)
    except re.error as exc:
        raise InputError.of(f"errors.alerts.bad_{what}", pattern=pattern, reason=exc) from exc


def _node_key(conn: Connection, path: str) -> str:
    wanted = path.strip().strip("/")
    for node in aggregate_cube.current_nodes(conn):
        if node.path == wanted or node.key == wanted:
            return node.key
    raise InputError.of("errors.alerts.no_node", path=path)


def validate(conn: Connection, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check a rule's params and return them completed with defaults (and the node key).

    Raises:
        UsageError: unknown kind or missing required params.
        InputError: a bad regular expression or unknown node path.
    """
    if kind not in KINDS:
        raise UsageError.of("errors.alerts.kind", kind=kind, kinds=", ".join(KINDS))
    out = dict(params)
    if kind == "words":
        if not out.get("regex"):
            raise UsageError.of("errors.alerts.words")
        _compile(out["regex"], "words")
        _compile(out.get("exclude"), "exclusion")
        out.setdefault("exclude", None)
        out.setdefault("channel", None)
        return out
    out.setdefault("z", 3.0)
    out.setdefault("min_count", 3)
    out["period"] = out.get("period") or "auto"
    if out["period"] not in PERIODS:
        raise UsageError.of("errors.alerts.period", period=out["period"], periods=", ".join(PERIODS))
    if kind == "surge" and not out.get("node"):
        raise UsageError.of("errors.alerts.surge")
    if kind == "dissatisfaction":
        out.setdefault("level", 0.7)
        out.setdefault("node", None)
    if out.get("node"):
        out["node_key"] = _node_key(conn, str(out["node"]))
    return out


def add_rule(project: Project, name: str, kind: str, params: dict[str, Any]) -> AlertRule:
    """Store a new, enabled rule.

    Raises:
        UsageError: the name is taken or the params are incomplete.
        InputError: see :func:`validate`.
    """
    name = name.strip()
    if not name:
        raise UsageError.of("errors.alerts.name")
    ar = schema.alert_rules
    with project.write() as conn:
        if conn.execute(select(ar.c.id).where(ar.c.name == name)).first():
            raise UsageError.of("errors.alerts.name_taken", name=name)
        full = validate(conn, kind, params)
        recorder = _recorder(conn, [])
        rid = conn.execute(ar.insert().values(name=name, kind=kind, params=full, enabled=True,
                                              created_at=datetime.now(UTC).replace(tzinfo=None))
                           .returning(ar.c.id)).scalar_one()
        for scope in _scopes(int(rid)):
            recorder.watch(scope, before=[])
        recorder.finish("alert_add", name, _who())
    return AlertRule(int(rid), name, kind, full, True)


def _recorder(conn: Connection, scopes: list[dict[str, Any]]) -> Recorder:
    from workbench.history import Recorder

    return Recorder(conn, [], scopes)


def _who() -> str:
    from workbench.tagging.labels import default_labeller

    return default_labeller()


def _scopes(rule_id: int) -> list[dict[str, Any]]:
    """What undoing a change to a rule puts back: the rule's row and its fired alerts."""
    return [{"kind": "rows", "table": "alert_rules", "column": "id", "value": rule_id},
            {"kind": "rows", "table": "alerts", "column": "rule_id", "value": rule_id}]


def _rule(row: Any) -> AlertRule:
    return AlertRule(int(row.id), str(row.name), str(row.kind), dict(row.params), bool(row.enabled))


def list_rules(project: Project, enabled_only: bool = False) -> list[AlertRule]:
    """All rules by name."""
    ar = schema.alert_rules
    stmt = select(ar).order_by(ar.c.name)
    if enabled_only:
        stmt = stmt.where(ar.c.enabled)
    with project.read() as conn:
        return [_rule(row) for row in conn.execute(stmt)]


def get_rule(project: Project, name: str) -> AlertRule:
    """The rule called ``name``.

    Raises:
        InputError: no such rule.
    """
    ar = schema.alert_rules
    with project.read() as conn:
        row = conn.execute(select(ar).where(ar.c.name == name)).first()
    if row is None:
        raise InputError.of("errors.alerts.no_rule", name=name)
    return _rule(row)


def set_enabled(project: Project, name: str, enabled: bool) -> None:
    """Enable or disable a rule (a back-tested rule is typically enabled afterwards); undoable."""
    rule = get_rule(project, name)
    with project.write() as conn:
        recorder = _recorder(conn, _scopes(rule.id)[:1])
        conn.execute(schema.alert_rules.update().where(schema.alert_rules.c.id == rule.id).values(enabled=enabled))
        recorder.finish("alert_on" if enabled else "alert_off", name, _who())


def delete_rule(project: Project, name: str) -> None:
    """Delete a rule and its fired alerts; undoable (both come back)."""
    rule = get_rule(project, name)
    with project.write() as conn:
        recorder = _recorder(conn, _scopes(rule.id))
        conn.execute(schema.alerts.delete().where(schema.alerts.c.rule_id == rule.id))
        conn.execute(schema.alert_rules.delete().where(schema.alert_rules.c.id == rule.id))
        recorder.finish("alert_delete", name, _who())
