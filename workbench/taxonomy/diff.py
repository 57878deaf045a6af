"""What changed between two taxonomy versions: nodes added, removed, renamed, moved, edited, and tag counts.

Nodes are matched by their stable key. Counts are tags per node including everything below it: live
for the current version, and as they were when it was replaced for an older one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.store.handle import Project
from workbench.taxonomy import repository as repo
from workbench.taxonomy.model import Node, Taxonomy


@dataclass(frozen=True)
class CountChange:
    """Tag count of one node (its subtree included) in the old and the new version."""

    key: str
    old_path: str | None
    new_path: str | None
    old_count: int
    new_count: int

    @property
    def delta(self) -> int:
        return self.new_count - self.old_count


@dataclass(frozen=True)
class TaxonomyDiff:
    """Differences from version ``old_id`` to ``new_id``; pairs are (old node, new node)."""

    old_id: int
    new_id: int
    added: list[Node] = field(default_factory=list)
    removed: list[Node] = field(default_factory=list)
    renamed: list[tuple[Node, Node]] = field(default_factory=list)
    moved: list[tuple[Node, Node]] = field(default_factory=list)
    edited: list[tuple[Node, Node]] = field(default_factory=list)
    counts: list[CountChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.moved or self.edited or self.counts)

    def lines(self) -> list[str]:
        """A readable summary, one change per line."""
        out = [f"+ {n.path}" for n in self.added] + [f"- {n.path}" for n in self.removed]
        out += [f"~ {a.path} → {b.name} (renamed)" for a, b in self.renamed]
        out += [f"> {a.path} → {b.path} (moved)" for a, b in self.moved]
        out += [f"* {b.path} (description, keywords or English name changed)" for _, b in self.edited]
        out += [f"# {c.new_path or c.old_path}: {c.old_count} → {c.new_count} ({c.delta:+d})" for c in self.counts]
        return out


def diff_versions(project: Project, old_id: int, new_id: int) -> TaxonomyDiff:
    """The difference between two saved versions (either order is allowed).

    Raises:
        InputError: a version does not exist.
    """
    with project.read() as conn:
        old, new = repo.version_of(conn, old_id), repo.version_of(conn, new_id)
        old_counts, new_counts = repo.counts_of(conn, old_id), repo.counts_of(conn, new_id)
    return diff_trees(old, new, old_counts, new_counts)


def diff_trees(old: Taxonomy, new: Taxonomy, old_counts: dict[str, int] | None = None,
               new_counts: dict[str, int] | None = None) -> TaxonomyDiff:
    """Compare two trees by key; counts are direct tags per key (rolled up here)."""
    diff = TaxonomyDiff(old_id=old.version_id or 0, new_id=new.version_id or 0)
    diff.added.extend(n for n in new.preorder() if not old.has_key(n.key))
    diff.removed.extend(n for n in old.preorder() if not new.has_key(n.key))
    for b in new.preorder():
        if not old.has_key(b.key):
            continue
        a = old.by_key(b.key)
        if a.name != b.name:
            diff.renamed.append((a, b))
        if a.parent_key != b.parent_key:
            diff.moved.append((a, b))
        if (a.name_en, a.description, a.keywords, a.examples) != (b.name_en, b.description, b.keywords, b.examples):
            diff.edited.append((a, b))
    before, after = rolled_up(old, old_counts or {}), rolled_up(new, new_counts or {})
    for key in [n.key for n in old.preorder()] + [n.key for n in diff.added]:
        x, y = before.get(key, 0), after.get(key, 0)
        if x != y:
            diff.counts.append(CountChange(key, _path(old, key), _path(new, key), x, y))
    return diff


def rolled_up(tax: Taxonomy, direct: dict[str, int]) -> dict[str, int]:
    """Tags per node including every node below it (only keys of ``tax`` count)."""
    total: dict[str, int] = {}
    for node in reversed(tax.preorder()):
        total[node.key] = direct.get(node.key, 0) + sum(total[c.key] for c in tax.children(node.key))
    return total


def _path(tax: Taxonomy, key: str) -> str | None:
    return tax.by_key(key).path if tax.has_key(key) else None
