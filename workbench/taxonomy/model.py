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
    _kids: dict[str | None, list[Node]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {n.key: n for n in self.nodes}
        self._by_path = {n.path: n for n in self.nodes}
        self._kids = {}
        for node in self.nodes:
            self._kids.setdefault(node.parent_key, []).append(node)
        for kids in self._kids.values():
            kids.sort(key=lambda n: (n.sort, n.name))

    def by_key(self, key: str) -> Node:
        return self._by_key[key]

    def by_path(self, path: str) -> Node | None:
        return self._by_path.get(path.strip("/"))

    def children(self, key: str | None) -> list[Node]:
        return list(self._kids.get(key, ()))

    def leaves(self) -> list[Node]:
        return [n for n in self.nodes if n.key not in self._kids]

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

    def roots(self) -> list[Node]:
        """The top-level nodes in display order."""
        return self.children(None)

    def preorder(self) -> list[Node]:
        """Every node, parents before children, siblings in display order."""
        out: list[Node] = []
        stack = list(reversed(self.roots()))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children(node.key)))
        return out

    def descendants(self, key: str) -> list[Node]:
        """Every node below ``key`` (not the node itself), parents before children."""
        out: list[Node] = []
        stack = list(reversed(self.children(key)))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children(node.key)))
        return out

    def has_key(self, key: str) -> bool:
        return key in self._by_key

    @property
    def depth(self) -> int:
        """The number of levels (0 for an empty tree)."""
        return max((n.level for n in self.nodes), default=0)
