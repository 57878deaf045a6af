"""The taxonomy as plain values: nodes keyed by a stable key, addressed by path ("一级/二级/三级")."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Node:
    """One taxonomy node. ``key`` is stable across versions; ``path`` joins names with '/'."""

    key: str
    parent_key: str | None
    path: str
    name: str
    level: int
    name_en: str | None = None
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    sort: int = 0


@dataclass
class Taxonomy:
    """A version of the tree. ``version_id`` is None for a tree not yet saved."""

    nodes: list[Node]
    version_id: int | None = None
    _by_key: dict[str, Node] = field(init=False, repr=False)
    _by_path: dict[str, Node] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {n.key: n for n in self.nodes}
        self._by_path = {n.path: n for n in self.nodes}

    def by_key(self, key: str) -> Node:
        return self._by_key[key]

    def by_path(self, path: str) -> Node | None:
        return self._by_path.get(path.strip("/"))

    def children(self, key: str | None) -> list[Node]:
        return sorted((n for n in self.nodes if n.parent_key == key), key=lambda n: (n.sort, n.name))

    def leaves(self) -> list[Node]:
        parents = {n.parent_key for n in self.nodes}
        return [n for n in self.nodes if n.key not in parents]

    def ancestors(self, key: str) -> list[Node]:
        """The node's ancestors from the root down, excluding the node itself."""
        chain: list[Node] = []
        node = self._by_key[key]
        while node.parent_key is not None:
            node = self._by_key[node.parent_key]
            chain.append(node)
        return chain[::-1]

    def __len__(self) -> int:
        return len(self.nodes)
