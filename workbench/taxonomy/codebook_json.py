"""A taxonomy as nested JSON: ``{"nodes": [{"name", "name_en", "description", "keywords", "examples",
"key", "children": [...]}]}`` (a bare list of top-level nodes is accepted too). Templates use the same
shape with ``name``, ``title_zh``, ``title_en`` and ``description`` at the top.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workbench.errors import InputError, Phrase
from workbench.taxonomy.codebook_table import SPLIT
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.tree import MAX_DEPTH, Draft, from_drafts


def json_to_taxonomy(data: Any, name: str) -> Taxonomy:
    """Parse a nested JSON tree.

    Raises:
        InputError: the document is not a tree of named nodes, is empty, or repeats a path.
    """
    roots = data.get("nodes", data.get("children")) if isinstance(data, dict) else data
    if not isinstance(roots, list):
        raise InputError.of("errors.taxonomy.json_shape", name=name)
    drafts = list(_walk(roots, (), name))
    if not drafts:
        raise InputError.of("errors.taxonomy.no_nodes", name=name)
    return from_drafts(drafts)


def _walk(items: list[Any], above: tuple[str, ...], name: str) -> Iterator[Draft]:
    if items and len(above) >= MAX_DEPTH:  # checked before recursing deeper, so no nesting can overflow the stack
        raise InputError.of("errors.taxonomy.json_deep", name=name, most=MAX_DEPTH, under="/".join(above))
    for item in items:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise InputError.of("errors.taxonomy.node_unnamed", name=name,
                                  under="/".join(above) or Phrase("errors.taxonomy.top_level"))
        names = (*above, str(item["name"]).strip())
        yield Draft(names=names, name_en=_text(item.get("name_en")) or None, description=_text(item.get("description")),
                    keywords=_words(item.get("keywords")), examples=_words(item.get("examples")),
                    key=_text(item.get("key")) or None)
        children = item.get("children") or []
        if not isinstance(children, list):
            raise InputError.of("errors.taxonomy.children_list", path="/".join(names), name=name)
        yield from _walk(children, names, name)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _words(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(SPLIT.split(value))
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    raise InputError.of("errors.taxonomy.keywords_type", kind=type(value).__name__)


def taxonomy_to_json(taxonomy: Taxonomy) -> dict[str, Any]:
    """The nested JSON document of a taxonomy (keys included, so a re-import keeps them)."""
    return {"format": "kesheng-taxonomy", "version": 1, "nodes": [_node(taxonomy, n) for n in taxonomy.roots()]}


def _node(taxonomy: Taxonomy, node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name, "key": node.key}
    if node.name_en:
        out["name_en"] = node.name_en
    if node.description:
        out["description"] = node.description
    if node.keywords:
        out["keywords"] = list(node.keywords)
    if node.examples:
        out["examples"] = list(node.examples)
    kids = taxonomy.children(node.key)
    if kids:
        out["children"] = [_node(taxonomy, k) for k in kids]
    return out
