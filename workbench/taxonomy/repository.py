"""Taxonomy versions in the project store: save, load, list, and the per-version tag counts.

Every save makes a new version whose ``parent_id`` is the version it replaces; exactly one version
is current. Node keys are stable across versions. When a version is replaced, the tag counts per
node at that moment are kept (settings key ``taxonomy.tag_counts.<id>``) so a later diff can show
how counts changed. Records that an edit leaves needing a new tag are kept in the settings key
``taxonomy.retag_record_ids`` until the tagging run clears them (see :mod:`workbench.taxonomy.retag`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, func, select, text, update

from workbench.errors import ConflictError, InputError, Phrase, TaxonomyNote
from workbench.store import history as history_store
from workbench.store import schema
from workbench.store.handle import Project
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.tree import adopt_keys, validate

V, N, T, S = schema.taxonomy_versions, schema.taxonomy_nodes, schema.tags, schema.settings
COUNTS_KEY = "taxonomy.tag_counts.{}"


@dataclass(frozen=True)
class VersionInfo:
    """One saved taxonomy version."""

    id: int
    parent_id: int | None
    created_at: datetime
    note: str
    is_current: bool
    nodes: int
    leaves: int


def load_current(project: Project) -> Taxonomy | None:
    """The current taxonomy, or None before any has been set."""
    with project.read() as conn:
        return current_of(conn)


def load_version(project: Project, version_id: int) -> Taxonomy:
    """One saved version.

    Raises:
        InputError: no such version.
    """
    with project.read() as conn:
        return version_of(conn, version_id)


def list_versions(project: Project) -> list[VersionInfo]:
    """Every version, oldest first."""
    with project.read() as conn:
        rows = conn.execute(select(V).order_by(V.c.id)).all()
        keys: dict[int, set[str]] = {}
        parents: dict[int, set[str]] = {}
        for vid, key, parent in conn.execute(select(N.c.version_id, N.c.key, N.c.parent_key)):
            keys.setdefault(int(vid), set()).add(str(key))
            if parent is not None:
                parents.setdefault(int(vid), set()).add(str(parent))
    sizes = {vid: (len(ks), len(ks - parents.get(vid, set()))) for vid, ks in keys.items()}
    return [VersionInfo(id=int(r.id), parent_id=r.parent_id, created_at=r.created_at, note=r.note or "",
                        is_current=bool(r.is_current), nodes=sizes.get(int(r.id), (0, 0))[0],
                        leaves=sizes.get(int(r.id), (0, 0))[1]) for r in rows]


def save_version(project: Project, taxonomy: Taxonomy, note: str, expected_version: int | None = None) -> int:
    """Save ``taxonomy`` as the new current version and return its id.

    A node keeps its key when the current version has it (an edited tree loaded from the project);
    other nodes adopt the current key of the same path (see :func:`tree.adopt_keys`), so re-applying
    a template or codebook keeps every unchanged node's key and tags stay attached.
    Records tagged on nodes the new version no longer has are marked for re-tagging; their old tags
    stay (pointing at the version they were made with) until the tagging run replaces them.

    With ``expected_version`` (the version the user was editing) the save is refused when another
    analyst saved a newer version in between (optimistic locking on a shared project).

    Raises:
        InputError: the tree breaks an invariant (duplicate path or key, broken parent link).
        ConflictError: the current version is no longer ``expected_version``.
    """
    with project.write() as conn:
        lock_taxonomy(conn, expected_version)
        current = current_of(conn)
        taxonomy = adopt_keys(taxonomy, current, all_keys(conn))
        validate(taxonomy)
        snapshot_counts(conn)
        version_id = insert_version(conn, taxonomy, note)
        if current is not None:
            gone = {n.key for n in current.nodes} - {n.key for n in taxonomy.nodes}
            add_pending(conn, records_tagged(conn, gone))
        repath_tags(conn, taxonomy)
        return version_id


# ---- connection-level helpers shared by edits and diff -------------------------------------------


# "kesh": the advisory lock that serialises taxonomy edits on PostgreSQL (defined with the history's, which an
# undo takes after it)
TAXONOMY_LOCK = history_store.TAXONOMY_LOCK


def lock_taxonomy(conn: Connection, expected_version: int | None = None) -> None:
    """Serialise taxonomy writers and refuse a stale edit.

    On PostgreSQL a transaction-scoped advisory lock makes concurrent analysts' edits run one after
    the other (SQLite already has a single writer); then, when ``expected_version`` is given, the
    edit is refused unless that version is still the current one.

    Raises:
        ConflictError: someone saved a newer version since ``expected_version`` was loaded.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TAXONOMY_LOCK})
    if expected_version is None:
        return
    now = current_id(conn)
    if now != expected_version and conn.execute(select(V.c.id).where(V.c.id == expected_version)).scalar() is None:
        raise InputError.of("errors.taxonomy.no_version", version=expected_version)
    if now != expected_version:
        row = conn.execute(select(V.c.note, V.c.created_at).where(V.c.id == now)).first() if now else None
        what = Phrase("errors.taxonomy.version", id=now, note=TaxonomyNote(str(row.note)),
                      when=f"{row.created_at:%Y-%m-%d %H:%M}") if row else Phrase("errors.taxonomy.no_version_now")
        raise ConflictError.of("errors.taxonomy.changed", version=expected_version, current=what)


def current_id(conn: Connection) -> int | None:
    value = conn.execute(select(V.c.id).where(V.c.is_current).order_by(V.c.id.desc()).limit(1)).scalar()
    return None if value is None else int(value)


def current_of(conn: Connection) -> Taxonomy | None:
    vid = current_id(conn)
    return None if vid is None else version_of(conn, vid)


def version_of(conn: Connection, version_id: int) -> Taxonomy:
    if conn.execute(select(V.c.id).where(V.c.id == version_id)).scalar() is None:
        raise InputError.of("errors.taxonomy.no_version", version=version_id)
    rows = conn.execute(select(N).where(N.c.version_id == version_id).order_by(N.c.level, N.c.sort, N.c.id)).all()
    nodes = [Node(key=r.key, parent_key=r.parent_key, path=r.path, name=r.name, level=r.level, name_en=r.name_en,
                  description=r.description or "", keywords=tuple(r.keywords or ()),
                  examples=tuple(r.examples or ()), sort=r.sort) for r in rows]
    return Taxonomy(nodes, version_id=version_id)


def all_keys(conn: Connection) -> set[str]:
    """Every node key any version of the project has used."""
    return {str(k) for (k,) in conn.execute(select(N.c.key).distinct())}


def insert_version(conn: Connection, taxonomy: Taxonomy, note: str) -> int:
    """Insert ``taxonomy`` as the new current version (no tag changes); returns its id."""
    parent = current_id(conn)
    conn.execute(update(V).where(V.c.is_current).values(is_current=False))
    now = datetime.now(UTC).replace(tzinfo=None)
    inserted = conn.execute(V.insert().values(parent_id=parent, created_at=now, note=note, is_current=True))
    version_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
    if taxonomy.nodes:
        conn.execute(N.insert(), [
            {"version_id": version_id, "key": n.key, "parent_key": n.parent_key, "path": n.path, "name": n.name,
             "name_en": n.name_en, "description": n.description, "keywords": list(n.keywords),
             "examples": list(n.examples), "level": n.level, "sort": n.sort} for n in taxonomy.nodes])
    return version_id


def live_counts(conn: Connection) -> dict[str, int]:
    """Tags per node key, as they are now."""
    rows = conn.execute(select(T.c.node_key, func.count()).group_by(T.c.node_key)).all()
    return {str(k): int(c) for k, c in rows}


def snapshot_counts(conn: Connection) -> None:
    """Keep the current version's tag counts, just before it is replaced."""
    vid = current_id(conn)
    if vid is None:
        return
    key = COUNTS_KEY.format(vid)
    conn.execute(S.delete().where(S.c.key == key))
    conn.execute(S.insert().values(key=key, value=live_counts(conn)))


def counts_of(conn: Connection, version_id: int) -> dict[str, int]:
    """Tags per node key of a version: live for the current one, else as it was when replaced."""
    if version_id != current_id(conn):
        kept = conn.execute(select(S.c.value).where(S.c.key == COUNTS_KEY.format(version_id))).scalar()
        if kept is not None:
            return {str(k): int(v) for k, v in dict(kept).items()}
    return live_counts(conn)


def records_tagged(conn: Connection, keys: set[str]) -> set[int]:
    """Ids of records with a tag on any of ``keys``."""
    if not keys:
        return set()
    return {int(r) for (r,) in conn.execute(select(T.c.record_id).where(T.c.node_key.in_(keys)).distinct())}


def repath_tags(conn: Connection, taxonomy: Taxonomy) -> None:
    """Keep ``tags.path`` equal to the current path of each tag's node (a rename or move changes it)."""
    stale = conn.execute(select(T.c.node_key, T.c.path).distinct()).all()
    for key, path in stale:
        if taxonomy.has_key(str(key)) and taxonomy.by_key(str(key)).path != path:
            conn.execute(update(T).where(T.c.node_key == key).values(path=taxonomy.by_key(str(key)).path))


def add_pending(conn: Connection, record_ids: set[int]) -> None:
    """Add records to the set that the next tagging run must re-tag."""
    if not record_ids:
        return
    from workbench.taxonomy.retag import PENDING_KEY

    value = conn.execute(select(S.c.value).where(S.c.key == PENDING_KEY)).scalar()
    merged = sorted(set(value or ()) | record_ids)
    conn.execute(S.delete().where(S.c.key == PENDING_KEY))
    conn.execute(S.insert().values(key=PENDING_KEY, value=merged))
