"""The aggregate cube: a small derived table answering the common tree and trend queries fast.

``agg_node_day`` holds, per day × channel × record sentiment × node of the current taxonomy, the
number of distinct records about the node (tags rolled up the tree) with their negative count and
dissatisfaction / rating sums (and Σrating², for the drivers); ``agg_day`` the record totals (records,
records with an issue, conversations, dissatisfaction and rating sums); ``agg_method_day`` tags per
tagging stage; ``agg_node_month`` / ``agg_month`` / ``agg_method_month`` the same per month. All are
clustered by day (WITHOUT ROWID), and a date range is answered from whole months plus the days at either
edge, so a quarter reads a few thousand rows at any data size.

Freshness costs O(1): inserts are seen through ``max(id)`` of records, tags and taxonomy nodes, and
every update or delete (and any assessment write) bumps a counter through triggers, so bulk imports
pay nothing extra. A stale cube is rebuilt in one write transaction (about a minute per million records).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    case,
    cast,
    column,
    exists,
    func,
    select,
    table,
    text,
)

from workbench.store import fts, schema
from workbench.taxonomy.model import Node

if TYPE_CHECKING:
    from workbench.store.handle import Project

cube_meta = MetaData()
MEASURES = ("n", "neg", "dis_sum", "dis_n", "rating_sum", "rating_n", "rating_sq")
TOTAL_MEASURES = ("n", "issue_n", "conv_n", "dis_sum", "dis_n", "rating_sum", "rating_n", "rating_sq")


def _node_cube(name: str, dims: tuple[str, ...] = ("channel", "sentiment")) -> Table:
    return Table(
        name, cube_meta,
        Column("day", String(10), primary_key=True), *(Column(d, String(64), primary_key=True) for d in dims),
        Column("node_key", String(64), primary_key=True),
        Column("n", Integer, nullable=False), Column("neg", Integer, nullable=False),
        Column("dis_sum", Float), Column("dis_n", Integer), Column("rating_sum", Float), Column("rating_n", Integer),
        Column("rating_sq", Float), sqlite_with_rowid=False,
    )


def _total_cube(name: str) -> Table:
    return Table(
        name, cube_meta,
        Column("day", String(10), primary_key=True), Column("channel", String(64), primary_key=True),
        Column("sentiment", String(8), primary_key=True), Column("n", Integer, nullable=False),
        Column("issue_n", Integer), Column("conv_n", Integer), Column("dis_sum", Float), Column("dis_n", Integer),
        Column("rating_sum", Float), Column("rating_n", Integer), Column("rating_sq", Float),
        sqlite_with_rowid=False,
    )


def _method_cube(name: str) -> Table:
    return Table(
        name, cube_meta,
        Column("day", String(10), primary_key=True), Column("channel", String(64), primary_key=True),
        Column("sentiment", String(8), primary_key=True), Column("method", String(16), primary_key=True),
        Column("n", Integer, nullable=False), sqlite_with_rowid=False,
    )


# day rows ('' for records without a time) and month rows (day = the month's first day, dated records only)
agg_node_day, agg_node_month = _node_cube("agg_node_day"), _node_cube("agg_node_month")
agg_day, agg_month = _total_cube("agg_day"), _total_cube("agg_month")
agg_method_day, agg_method_month = _method_cube("agg_method_day"), _method_cube("agg_method_month")
# the day rows summed over sentiment, and over sentiment and channel: most selections need fewer rows
agg_node_day_ch, agg_node_day_all = _node_cube("agg_node_day_ch", ("channel",)), _node_cube("agg_node_day_all", ())
Index("ix_agg_node_day_node", agg_node_day.c.node_key, agg_node_day.c.day, agg_node_day.c.n, agg_node_day.c.neg)
agg_state = Table("agg_state", cube_meta, Column("id", Integer, primary_key=True), Column("version", Integer))

SIGNATURE_KEY = "analysis.cube_signature"
LAYOUT = 5  # bump when the cube's tables change: older cubes are then rebuilt
_anc = table("kx_anc", column("node_key"), column("ancestor"))


def current_nodes(conn: Connection) -> list[Node]:
    """The nodes of the current taxonomy version (empty when there is none)."""
    tv, tn = schema.taxonomy_versions, schema.taxonomy_nodes
    version = conn.execute(select(tv.c.id).where(tv.c.is_current).order_by(tv.c.id.desc())).scalar()
    if version is None:
        return []
    rows = conn.execute(select(tn).where(tn.c.version_id == version)).mappings()
    return [Node(key=r["key"], parent_key=r["parent_key"], path=r["path"], name=r["name"], level=r["level"],
                 name_en=r["name_en"], keywords=tuple(r["keywords"] or ()), sort=r["sort"]) for r in rows]


def ancestor_pairs(nodes: Iterable[Node]) -> list[tuple[str, str]]:
    """(node_key, ancestor_or_self_key) for every node: the edges a tag is rolled up along."""
    by_key = {n.key: n for n in nodes}
    pairs = []
    for node in by_key.values():
        cursor: Node | None = node
        while cursor is not None:
            pairs.append((node.key, cursor.key))
            cursor = by_key.get(cursor.parent_key) if cursor.parent_key else None
    return pairs


def load_ancestors(conn: Connection, nodes: list[Node]) -> None:
    conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS kx_anc (node_key TEXT, ancestor TEXT)"))
    conn.execute(text("DELETE FROM kx_anc"))
    pairs = ancestor_pairs(nodes)
    if pairs:
        conn.execute(text("INSERT INTO kx_anc (node_key, ancestor) VALUES (:k, :a)"),
                     [{"k": k, "a": a} for k, a in pairs])


_WATCHED = (("records", ("UPDATE", "DELETE")), ("tags", ("UPDATE", "DELETE")),
            ("assessments", ("INSERT", "UPDATE", "DELETE")), ("taxonomy_versions", ("INSERT", "UPDATE", "DELETE")),
            ("taxonomy_nodes", ("UPDATE", "DELETE")))


_PG_BUMP = ("CREATE OR REPLACE FUNCTION agg_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE agg_state SET version = version + 1 WHERE id = 1; RETURN NULL; END $$")
CUBE_LOCK = 0x4B5343  # pg_advisory_xact_lock key: one cube rebuild at a time across processes


def _install_triggers(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        _install_pg_triggers(conn)
        return
    conn.execute(text("INSERT OR IGNORE INTO agg_state (id, version) VALUES (1, 0)"))
    for tbl, events in _WATCHED:
        for event in events:
            conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS agg_dirty_{tbl}_{event.lower()} AFTER {event} ON {tbl} "
                              "BEGIN UPDATE agg_state SET version = version + 1 WHERE id = 1; END"))


def _install_pg_triggers(conn: Connection) -> None:
    """Statement-level triggers: one counter bump per write statement, not per row.

    Created once: (re)creating a trigger locks its table against writers, which would stall a tagging
    run in another analyst's process.
    """
    conn.execute(text("INSERT INTO agg_state (id, version) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM agg_state)"))
    if conn.execute(text("SELECT 1 FROM pg_trigger WHERE tgname = 'agg_dirty_records'")).first() is not None:
        return
    conn.execute(text(_PG_BUMP))
    for tbl, events in _WATCHED:
        conn.execute(text(f"CREATE OR REPLACE TRIGGER agg_dirty_{tbl} AFTER {' OR '.join(events)} ON {tbl} "
                          "FOR EACH STATEMENT EXECUTE FUNCTION agg_bump()"))


def _signature(conn: Connection) -> list[Any]:
    """O(1) fingerprint of the data the cube depends on (see the module docstring)."""
    r, t, tn = schema.records, schema.tags, schema.taxonomy_nodes
    parts: list[Any] = [LAYOUT] + [conn.execute(select(func.max(c))).scalar() for c in (r.c.id, t.c.id, tn.c.id)]
    if conn.dialect.name in ("sqlite", "postgresql"):
        parts.append(conn.execute(select(agg_state.c.version).where(agg_state.c.id == 1)).scalar())
    else:  # no triggers elsewhere: fall back to counts
        parts += [conn.execute(select(func.count()).select_from(x)).scalar() for x in (r, t, schema.assessments)]
    return parts


def _stored_signature(conn: Connection) -> Any:
    st = schema.settings
    return conn.execute(select(st.c.value).where(st.c.key == SIGNATURE_KEY)).scalar()


def _has_cube(conn: Connection) -> bool:
    return conn.dialect.has_table(conn, "agg_state")


def negative_about() -> Any:
    """1 when a tag's record is negative about the tag's node: the tag's own sentiment when it has one,
    the record's when the tag is neutral (a clause without a polar word, in a complaint). Use with the
    assessments aliased ``a_neg`` joined on the tag's record. This is the one definition of a node's
    negative share (negative records about it / records about it), everywhere: tree, TOP, trend, dashboard,
    exports and reports."""
    t, a = schema.tags, _neg_assessments
    return case((t.c.sentiment == "negative", 1),
                ((t.c.sentiment == "neutral") & (a.c.sentiment == "negative"), 1), else_=0)


_neg_assessments = schema.assessments.alias("a_neg")  # an alias: a filter's EXISTS must not correlate with it


def rolled(where: ColumnElement[bool] | None) -> Any:
    """(rid, node, neg): one row per record and node it counts at, tags rolled up via kx_anc; ``neg`` is 1
    when the record is negative about the node (:func:`negative_about` on any of its tags there)."""
    t, r = schema.tags, schema.records
    inner = (select(t.c.record_id.label("rid"), _anc.c.ancestor.label("node"),
                    func.max(negative_about()).label("neg"))
             .join_from(t, _anc, _anc.c.node_key == t.c.node_key)
             .outerjoin(_neg_assessments, _neg_assessments.c.record_id == t.c.record_id)
             .group_by(t.c.record_id, _anc.c.ancestor))
    if where is not None:
        inner = inner.where(t.c.record_id.in_(select(r.c.id).where(where)))
    return inner.subquery("x")


def measure_select(x: Any, *keys: Any) -> Select[Any]:
    r, a = schema.records, schema.assessments
    return (select(*keys, func.count(), func.sum(x.c.neg), func.sum(a.c.dissatisfaction),
                   func.count(a.c.dissatisfaction), func.sum(r.c.rating), func.count(r.c.rating),
                   func.sum(r.c.rating * r.c.rating))
            .select_from(x).join(r, r.c.id == x.c.rid).outerjoin(a, a.c.record_id == x.c.rid))


def rebuild_cube(conn: Connection) -> None:
    """Recompute the cube from scratch. Call inside a write transaction."""
    r, a = schema.records, schema.assessments
    stored = _stored_signature(conn)
    if not stored or stored[0] != LAYOUT:  # none yet, or an older layout
        cube_meta.drop_all(conn)
    cube_meta.create_all(conn)
    if conn.dialect.name in ("sqlite", "postgresql"):
        _install_triggers(conn)
        fts.ensure_fts(conn)  # analysis is about to be used: make text search fast too
    # taken before the data is read: on PostgreSQL another analyst may commit while this runs, and the cube
    # must then look stale (rebuilt next time), never fresh without their rows
    signature = _signature(conn)
    for tbl in (agg_node_day, agg_node_month, agg_day, agg_month, agg_node_day_ch, agg_node_day_all,
                agg_method_day, agg_method_month):
        conn.execute(tbl.delete())
    load_ancestors(conn, current_nodes(conn))
    x = rolled(None)
    day = func.coalesce(func.substr(cast(r.c.created_at, String), 1, 10), "")
    sent = func.coalesce(a.c.sentiment, "none")
    rows = measure_select(x, day, x.c.node, r.c.channel, sent).group_by(day, x.c.node, r.c.channel, sent)
    conn.execute(agg_node_day.insert().from_select(["day", "node_key", "channel", "sentiment", *MEASURES], rows))
    t = schema.tags
    has_issue = case((exists().where(t.c.record_id == r.c.id), 1), else_=0)
    totals = (select(day, r.c.channel, sent, func.count(), func.sum(has_issue),
                     func.sum(case((r.c.is_conversation.is_(True), 1), else_=0)), func.sum(a.c.dissatisfaction),
                     func.count(a.c.dissatisfaction), func.sum(r.c.rating), func.count(r.c.rating),
                     func.sum(r.c.rating * r.c.rating))
              .select_from(r).outerjoin(a, a.c.record_id == r.c.id).group_by(day, r.c.channel, sent))
    conn.execute(agg_day.insert().from_select(["day", "channel", "sentiment", *TOTAL_MEASURES], totals))
    methods = (select(day, r.c.channel, sent, t.c.method, func.count()).select_from(t)
               .join(r, r.c.id == t.c.record_id).outerjoin(a, a.c.record_id == r.c.id)
               .group_by(day, r.c.channel, sent, t.c.method))
    conn.execute(agg_method_day.insert().from_select(["day", "channel", "sentiment", "method", "n"], methods))
    _months(conn, agg_node_day, agg_node_month, ("node_key",), MEASURES)
    for tbl, dims in ((agg_node_day_ch, ("channel",)), (agg_node_day_all, ())):
        keys = [agg_node_day.c.day, *(agg_node_day.c[d] for d in dims), agg_node_day.c.node_key]
        summed = select(*keys, *(func.sum(agg_node_day.c[m]) for m in MEASURES)).group_by(*keys)
        conn.execute(tbl.insert().from_select(["day", *dims, "node_key", *MEASURES], summed))
    _months(conn, agg_day, agg_month, (), TOTAL_MEASURES)
    _months(conn, agg_method_day, agg_method_month, ("method",), ("n",))
    st = schema.settings
    conn.execute(st.delete().where(st.c.key == SIGNATURE_KEY))
    conn.execute(st.insert().values(key=SIGNATURE_KEY, value=signature))


def ensure_cube(project: Project) -> None:
    """Rebuild the cube if the data changed since it was built (cheap when fresh)."""
    with project.read() as conn:
        fresh = _has_cube(conn) and _stored_signature(conn) == _signature(conn)
    if not fresh:
        with project.write() as conn:
            if conn.dialect.name == "postgresql":  # another analyst's process may be rebuilding right now
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CUBE_LOCK})
            if not (_has_cube(conn) and _stored_signature(conn) == _signature(conn)):  # another thread may have
                rebuild_cube(conn)


def _months(conn: Connection, days: Table, months: Table, keys: tuple[str, ...], measures: tuple[str, ...]) -> None:
    month = func.substr(days.c.day, 1, 7).concat("-01")
    group = [month, days.c.channel, days.c.sentiment, *(days.c[k] for k in keys)]
    rows = select(*group, *(func.sum(days.c[m]) for m in measures)).where(days.c.day > "").group_by(*group)
    conn.execute(months.insert().from_select(["day", "channel", "sentiment", *keys, *measures], rows))

