"""Building and checking trees: drafts to nodes, stable keys, paths recomputed from parent links.

Keys are short (``n`` + 8 hex digits), derived from the path with a salt so a fresh tree gets the
same keys every time it is built, and never reuse a key in ``taken`` (keys the project has used).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from workbench.errors import InputError
from workbench.taxonomy.model import Node, Taxonomy

SEP = "/"
MAX_DEPTH = 8
_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class Draft:
    """One node described by its path of names from the root (a codebook row, a JSON node)."""

    names: tuple[str, ...]
    name_en: str | None = None
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    key: str | None = None


def clean_name(name: str) -> str:
    """A node name with whitespace collapsed; '/' (the path separator) becomes the full-width '／'."""
    return " ".join(str(name).replace(SEP, "／").split())


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Non-empty stripped strings, first occurrence kept, order preserved."""
    seen: dict[str, None] = {}
    for item in items:
        text = str(item).strip()
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def make_key(path: str, taken: set[str]) -> str:
    """A new key for ``path`` not in ``taken``; the key is added to ``taken``."""
    salt = 0
    while True:
        key = "n" + hashlib.sha1(f"{path}#{salt}".encode()).hexdigest()[:8]
        if key not in taken:
            taken.add(key)
            return key
        salt += 1


def from_drafts(drafts: Iterable[Draft], taken: Iterable[str] = ()) -> Taxonomy:
    """Build a tree from drafts; ancestors not described by a draft are created bare.

    Siblings keep the order in which they first appear. A draft's own key is kept when valid and
    unused; other nodes get a fresh key avoiding ``taken``.

    Raises:
        InputError: two drafts describe the same path, or the tree is deeper than MAX_DEPTH.
    """
    items = list(drafts)
    used = set(taken)
    explicit = {d.key for d in items if d.key and _KEY.match(d.key) and d.key not in used}
    used |= explicit
    info: dict[tuple[str, ...], Draft] = {}
    order: list[tuple[str, ...]] = []
    for draft in items:
        names = tuple(clean_name(n) for n in draft.names)
        if not names or not all(names):
            raise InputError.of("errors.taxonomy.node_empty_name")
        if len(names) > MAX_DEPTH:
            raise InputError.of("errors.taxonomy.too_deep", depth=len(names), most=MAX_DEPTH)
        if names in info and info[names].names:
            raise InputError.of("errors.taxonomy.path_twice", path=SEP.join(names))
        for depth in range(1, len(names)):
            if names[:depth] not in info:
                info[names[:depth]] = Draft(names=())
                order.append(names[:depth])
        if names not in info:
            order.append(names)
        info[names] = replace(draft, names=names)
    return _assemble(order, info, used, explicit)


def _assemble(order: list[tuple[str, ...]], info: dict[tuple[str, ...], Draft], used: set[str],
              explicit: set[str]) -> Taxonomy:
    keys: dict[tuple[str, ...], str] = {}
    counters: dict[tuple[str, ...], int] = {}
    nodes: list[Node] = []
    for names in order:
        draft = info[names]
        path = SEP.join(names)
        if draft.key in explicit:
            key = draft.key
            explicit.discard(key)
        else:
            key = make_key(path, used)
        keys[names] = key
        parent = names[:-1]
        sort = counters.get(parent, 0)
        counters[parent] = sort + 1
        nodes.append(Node(key=key, parent_key=keys.get(parent) if parent else None, path=path, name=names[-1],
                          level=len(names), name_en=(draft.name_en or None), description=draft.description,
                          keywords=unique(draft.keywords), examples=unique(draft.examples), sort=sort))
    return Taxonomy(nodes)


def relink(nodes: Iterable[Node]) -> Taxonomy:
    """A tree whose paths and levels are recomputed from ``parent_key`` and ``name``.

    Raises:
        InputError: a parent is missing, the links form a cycle, or two nodes end on one path.
    """
    by_key = {n.key: n for n in nodes}
    fixed: dict[str, Node] = {}

    def visit(key: str, seen: frozenset[str]) -> Node:
        if key in fixed:
            return fixed[key]
        if key in seen:
            raise InputError.of("errors.taxonomy.cycle")
        node = by_key[key]
        if node.parent_key is None:
            out = replace(node, path=node.name, level=1)
        else:
            if node.parent_key not in by_key:
                raise InputError.of("errors.taxonomy.no_parent", node=node.name)
            parent = visit(node.parent_key, seen | {key})
            out = replace(node, path=parent.path + SEP + node.name, level=parent.level + 1)
        fixed[key] = out
        return out

    result = Taxonomy([visit(k, frozenset()) for k in by_key])
    validate(result)
    return result


def validate(taxonomy: Taxonomy) -> None:
    """Check a tree's invariants.

    Raises:
        InputError: duplicate keys or paths, a missing parent, an inconsistent path, an empty or
            '/'-containing name, or more than MAX_DEPTH levels.
    """
    keys: set[str] = set()
    paths: set[str] = set()
    by_key = {n.key: n for n in taxonomy.nodes}
    for node in taxonomy.nodes:
        if not node.name or SEP in node.name:
            raise InputError.of("errors.taxonomy.bad_name", name=node.name)
        if node.key in keys:
            raise InputError.of("errors.taxonomy.key_twice", key=node.key)
        if node.path in paths:
            raise InputError.of("errors.taxonomy.sibling_twice", path=node.path)
        keys.add(node.key)
        paths.add(node.path)
        parent = by_key.get(node.parent_key) if node.parent_key else None
        if node.parent_key is not None and parent is None:
            raise InputError.of("errors.taxonomy.no_parent", node=node.path)
        expected = node.name if parent is None else parent.path + SEP + node.name
        if node.path != expected or node.level != (1 if parent is None else parent.level + 1):
            raise InputError.of("errors.taxonomy.inconsistent", path=node.path)
        if node.level > MAX_DEPTH:
            raise InputError.of("errors.taxonomy.too_deep", depth=node.level, most=MAX_DEPTH)


def adopt_keys(new: Taxonomy, previous: Taxonomy | None, taken: Iterable[str]) -> Taxonomy:
    """Give ``new`` the keys of ``previous`` so that keys stay stable across versions.

    A node whose own key the previous version has keeps it (an edited, renamed or moved node).
    Any other node takes the previous key of the same path when no node kept it; failing that,
    its own key if no version ever used it; failing that, a fresh key. So a tree built elsewhere
    (template, codebook) keeps the keys of every unchanged path, and an edited tree keeps its keys.
    """
    used = set(taken)
    prev_keys = {n.key for n in previous.nodes} if previous else set()
    mapping = {n.key: n.key for n in new.nodes if n.key in prev_keys}
    assigned = set(mapping.values())
    for node in new.preorder():
        if node.key in mapping:
            continue
        old = previous.by_path(node.path) if previous else None
        if old is not None and old.key not in assigned:
            key = old.key
        elif node.key not in assigned and node.key not in used:
            key = node.key
        else:
            key = make_key(node.path, used | assigned)
        assigned.add(key)
        mapping[node.key] = key
    nodes = [replace(n, key=mapping[n.key], parent_key=mapping[n.parent_key] if n.parent_key else None)
             for n in new.nodes]
    return Taxonomy(nodes)
