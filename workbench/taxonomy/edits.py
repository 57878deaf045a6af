"""Taxonomy edits. Each one makes a new version with a note, in one transaction with its tag changes.

What happens to tags (and which records are marked for re-tagging):

- add: no tag changes; if the parent was a tagged leaf, its records are marked (they may belong to
  the new child).
- rename / move / update: keys are kept, so tags stay; ``tags.path`` follows the new path.
- merge A into B: A's tags are re-pointed to B (taxonomy version set to the new one), A's children
  move under B (a child whose name B already has is merged into it, recursively), A's keywords and
  examples are added to B's. Nothing needs re-tagging.
- split a leaf into parts: the parts are new nodes in the leaf's place; the leaf's tags are removed
  and exactly its records are marked for re-tagging.
- delete: the node and everything below it go; their tags move to the node's parent (the statement
  is still true one level up). Deleting a top-level node removes its tags and marks the records.

Nodes are named by key or path. Marked records accumulate in :mod:`workbench.taxonomy.retag`.
Every edit takes ``expected_version``: the version the user saw; when another analyst saved a newer
one in between, the edit is refused with :class:`~workbench.errors.ConflictError` (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, delete, update

from workbench.changes import Changes
from workbench.errors import InputError, Phrase
from workbench.store import schema
from workbench.store.backup import backup_project
from workbench.store.handle import Project
from workbench.taxonomy import repository as repo
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.tree import SEP, clean_name, make_key, relink, unique

T = schema.tags


@dataclass(frozen=True)
class NodeSpec:
    """A node to create (added, or a part of a split)."""

    name: str
    name_en: str | None = None
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditResult:
    """The new version, what changed, and the records the tagging run must re-tag."""

    version_id: int
    changes: Changes
    retag_record_ids: frozenset[int]


@dataclass
class _Plan:
    nodes: list[Node]
    note: str
    repoint: dict[str, str] = field(default_factory=dict)  # old key -> surviving key; tags follow
    drop: set[str] = field(default_factory=set)  # tags removed, their records marked
    mark: set[str] = field(default_factory=set)  # tags kept, their records marked


Builder = Callable[[Taxonomy, set[str]], _Plan]


def add_node(project: Project, parent: str | None, spec: NodeSpec | str, note: str | None = None,
             expected_version: int | None = None, history: bool = True) -> EditResult:
    """Add a node under ``parent`` (a key or path; None for top level). ``history=False``: the caller records
    the undo entry (a theme keeps the node and its tags in one)."""
    spec = NodeSpec(spec) if isinstance(spec, str) else spec

    def build(tax: Taxonomy, taken: set[str]) -> _Plan:
        up = resolve(tax, parent) if parent else None
        name = _free_name(tax, up.key if up else None, spec.name)
        path = name if up is None else up.path + SEP + name
        node = Node(key=make_key(path, taken), parent_key=up.key if up else None, path=path, name=name,
                    level=1 if up is None else up.level + 1, name_en=spec.name_en or None,
                    description=spec.description, keywords=unique(spec.keywords), examples=unique(spec.examples),
                    sort=_next_sort(tax, up.key if up else None))
        was_leaf = up is not None and not tax.children(up.key)
        return _Plan([*tax.nodes, node], note or f"add {path}", mark={up.key} if was_leaf and up else set())

    return _apply(project, build, expected_version, history=history)


def rename_node(project: Project, node: str, name: str, name_en: str | None = None,
                note: str | None = None,
                expected_version: int | None = None) -> EditResult:
    """Rename a node (its key, and so its tags, stay); ``name_en`` is changed when given."""

    def build(tax: Taxonomy, taken: set[str]) -> _Plan:
        target = resolve(tax, node)
        new_name = clean_name(name)
        if new_name != target.name:
            new_name = _free_name(tax, target.parent_key, name)
        changed = replace(target, name=new_name, name_en=name_en if name_en is not None else target.name_en)
        return _Plan(_swap(tax, changed), note or f"rename {target.path} → {new_name}")

    return _apply(project, build, expected_version)


def update_node(project: Project, node: str, *, name_en: str | None = None, description: str | None = None,
                keywords: Sequence[str] | None = None, examples: Sequence[str] | None = None,
                note: str | None = None,
                expected_version: int | None = None) -> EditResult:
    """Change a node's English name, description, keywords or examples (None leaves a field as it is)."""

    def build(tax: Taxonomy, taken: set[str]) -> _Plan:
        target = resolve(tax, node)
        changed = replace(
            target, name_en=target.name_en if name_en is None else (name_en or None),
            description=target.description if description is None else description,
            keywords=target.keywords if keywords is None else unique(keywords),
            examples=target.examples if examples is None else unique(examples))
        return _Plan(_swap(tax, changed), note or f"edit {target.path}")

    return _apply(project, build, expected_version)


def move_node(project: Project, node: str, new_parent: str | None, note: str | None = None,
              expected_version: int | None = None) -> EditResult:
    """Move a node and everything below it under ``new_parent`` (None: to the top level)."""

    def build(tax: Taxonomy, taken: set[str]) -> _Plan:
        target = resolve(tax, node)
        up = resolve(tax, new_parent) if new_parent else None
        if up is not None and (up.key == target.key or up in tax.descendants(target.key)):
            raise InputError.of("errors.taxonomy.move_inside", path=target.path)
        up_key = up.key if up else None
        if up_key != target.parent_key:
            _free_name(tax, up_key, target.name)
        moved = replace(target, parent_key=up_key, sort=_next_sort(tax, up_key))
        return _Plan(_swap(tax, moved), note or f"move {target.path} → {up.path if up else '(top level)'}")

    return _apply(project, build, expected_version)


def merge_nodes(project: Project, source: str, target: str, note: str | None = None,
                expected_version: int | None = None) -> EditResult:
    """Merge ``source`` into ``target``: its tags, children, keywords and examples go to ``target``."""

    def build(tax: Taxonomy, taken: set[str]) -> _Plan:
        a, b = resolve(tax, source), resolve(tax, target)
        if a.key == b.key or b in tax.descendants(a.key):
            raise InputError.of("errors.taxonomy.merge_inside", source=a.path, target=b.path)
        nodes = {n.key: n for n in tax.nodes}
        repoint: dict[str, str] = {}
        _merge_into(nodes, a.key, b.key, repoint)
        return _Plan(list(nodes.values()), note or f"merge {a.path} → {b.path}", repoint=repoint)

    return _apply(project, build, expected_version, backup="before-merge")


def split_node(project: Project, node: str, parts: Sequence[NodeSpec | str], note: str | None = None,
               expected_version: int | None = None) -> EditResult:
    """Replace a leaf by two or more new sibling nodes; its tagged records are marked for re-tagging."""
    specs = [NodeSpec(p) if isinstance(p, str) else p for p in parts]

    def build(tax: Taxonomy, taken: set[str]) -> _Plan:
        target = resolve(tax, node)
        if tax.children(target.key):
            raise InputError.of("errors.taxonomy.split_parent", path=target.path)
        names = [clean_name(s.name) for s in specs]
        if len(set(names)) < 2 or len(set(names)) != len(names) or not all(names):
            raise InputError.of("errors.taxonomy.split_parts")
        siblings = [n for n in tax.children(target.parent_key) if n.key != target.key]
        clash = sorted({n.name for n in siblings} & set(names))
        if clash:
            raise InputError.of("errors.taxonomy.split_clash", name=clash[0], path=target.path)
        base = target.path.rsplit(SEP, 1)[0] + SEP if target.parent_key else ""
        new = [Node(key=make_key(base + nm, taken), parent_key=target.parent_key, path=base + nm, name=nm,
                    level=target.level, name_en=s.name_en or None, description=s.description,
                    keywords=unique(s.keywords), examples=unique(s.examples))
               for nm, s in zip(names, specs, strict=True)]
        ordered: list[Node] = []
        for sib in tax.children(target.parent_key):
            ordered.extend(new if sib.key == target.key else [sib])
        resorted = {n.key: replace(n, sort=i) for i, n in enumerate(ordered)}
        nodes = [resorted.get(n.key, n) for n in [*tax.nodes, *new] if n.key != target.key]
        label = " | ".join(names)
        return _Plan(nodes, note or f"split {target.path} → {label}", drop={target.key})

    return _apply(project, build, expected_version)


def delete_node(project: Project, node: str, note: str | None = None,
                expected_version: int | None = None) -> EditResult:
    """Delete a node and its subtree; tags move to its parent (a top-level node's tags are removed)."""

    def build(tax: Taxonomy, taken: set[str]) -> _Plan:
        target = resolve(tax, node)
        gone = {target.key} | {n.key for n in tax.descendants(target.key)}
        if len(gone) == len(tax.nodes):
            raise InputError.of("errors.taxonomy.delete_all")
        nodes = [n for n in tax.nodes if n.key not in gone]
        plan = _Plan(nodes, note or f"delete {target.path}")
        if target.parent_key is None:
            plan.drop = gone
        else:
            plan.repoint = dict.fromkeys(gone, target.parent_key)
        return plan

    return _apply(project, build, expected_version, backup="before-delete")


def resolve(tax: Taxonomy, ref: str) -> Node:
    """The node with key ``ref``, else with path ``ref``.

    Raises:
        InputError: neither exists in the taxonomy.
    """
    if tax.has_key(ref):
        return tax.by_key(ref)
    found = tax.by_path(ref)
    if found is None:
        raise InputError.of("errors.taxonomy.no_node", ref=ref)
    return found


# ---- internals -----------------------------------------------------------------------------------


def _apply(project: Project, build: Builder, expected_version: int | None = None,
           backup: str | None = None, history: bool = True) -> EditResult:
    """Make the edit's version and its tag changes in one transaction, with its entry in the project's undo
    history (:mod:`workbench.history`): the tags it re-points or removes, as they were and as they become."""
    from workbench.config import default_labeller
    from workbench.store.history import Recorder

    with project.write() as conn:
        repo.lock_taxonomy(conn, expected_version)
        current = repo.current_of(conn)
        if current is None:
            raise InputError.of("errors.taxonomy.none_yet")
        plan = build(current, repo.all_keys(conn) | {n.key for n in current.nodes})
        if backup:  # a destructive edit: copy the file (its last committed state) once the edit is valid
            backup_project(project.target, backup)
        new = relink(plan.nodes)
        repo.snapshot_counts(conn)
        from workbench.taxonomy import undo

        journal = undo.Journal.before(conn, current, set(plan.repoint) | plan.drop)
        recorder = Recorder(conn, sorted(repo.records_tagged(conn, set(plan.repoint) | plan.drop))) \
            if history else None
        version_id = repo.insert_version(conn, new, plan.note)
        touched = _repoint(conn, plan.repoint, new, version_id)
        dropped = repo.records_tagged(conn, plan.drop)
        if plan.drop:
            conn.execute(delete(T).where(T.c.node_key.in_(plan.drop)))
        retag = dropped | repo.records_tagged(conn, plan.mark)
        journal.record(conn, version_id, retag)
        repo.add_pending(conn, retag)
        renamed = {n.key for n in new.nodes if current.has_key(n.key) and current.by_key(n.key).path != n.path}
        relabelled = repo.records_tagged(conn, renamed)
        repo.repath_tags(conn, new)
        if recorder is not None:
            recorder.finish("taxonomy", plan.note, default_labeller(), taxonomy_version=version_id,
                            marked=sorted(retag - journal.pending_before))
    changes = Changes(taxonomy=True, tags=bool(touched or dropped or relabelled),
                      record_ids=frozenset(touched | retag | relabelled))
    return EditResult(version_id=version_id, changes=changes, retag_record_ids=frozenset(retag))


def _repoint(conn: Connection, mapping: dict[str, str], new: Taxonomy, version_id: int) -> set[int]:
    touched: set[int] = set()
    for old, key in mapping.items():
        touched |= repo.records_tagged(conn, {old})
        conn.execute(update(T).where(T.c.node_key == old).values(
            node_key=key, path=new.by_key(key).path, taxonomy_version_id=version_id))
    return touched


def _merge_into(nodes: dict[str, Node], a: str, b: str, repoint: dict[str, str]) -> None:
    src, dst = nodes[a], nodes[b]
    repoint[a] = b
    nodes[b] = replace(dst, keywords=unique((*dst.keywords, src.name, *src.keywords)),
                       examples=unique((*dst.examples, *src.examples)))
    for child in sorted((n for n in nodes.values() if n.parent_key == a), key=lambda n: n.sort):
        same = [n for n in nodes.values() if n.parent_key == b and n.name == child.name and n.key != a]
        if same:
            _merge_into(nodes, child.key, same[0].key, repoint)
        else:
            sort = max((n.sort + 1 for n in nodes.values() if n.parent_key == b), default=0)
            nodes[child.key] = replace(child, parent_key=b, sort=sort)
    del nodes[a]


def _swap(tax: Taxonomy, changed: Node) -> list[Node]:
    return [changed if n.key == changed.key else n for n in tax.nodes]


def _free_name(tax: Taxonomy, parent_key: str | None, name: str) -> str:
    clean = clean_name(name)
    if not clean:
        raise InputError.of("errors.taxonomy.empty_name")
    if any(n.name == clean for n in tax.children(parent_key)):
        where = tax.by_key(parent_key).path if parent_key else Phrase("errors.taxonomy.top_level")
        raise InputError.of("errors.taxonomy.name_taken", where=where, name=clean)
    return clean


def _next_sort(tax: Taxonomy, parent_key: str | None) -> int:
    return max((n.sort + 1 for n in tax.children(parent_key)), default=0)
