"""`taxonomy` command: set the project's taxonomy from a template or a codebook, export it, list templates,
list versions and show what changed between two."""

from __future__ import annotations

import argparse
import json

from workbench.errors import InputError, UsageError
from workbench.project import Project
from workbench.taxonomy.model import Taxonomy


def run(args: argparse.Namespace) -> int:
    if args.list_templates:
        return _list()
    if not args.project:
        raise UsageError("taxonomy: give a PROJECT (and --template, --file, --export, --versions, --diff or an edit)")
    if args.export:
        return _export(args.project, args.export)
    if args.versions:
        return _versions(args.project, args.json)
    if args.diff:
        return _diff(args.project, args.diff[0], args.diff[1], args.json)
    from workbench.commands.taxonomy_edit import run_edit, wants_edit

    if wants_edit(args):
        return run_edit(args)
    from workbench.taxonomy.codebook import import_codebook
    from workbench.taxonomy.repository import load_version
    from workbench.taxonomy.retag import pending_retag
    from workbench.taxonomy.templates import apply_template

    with Project.open(args.project) as project:
        if args.template:
            version_id, origin = apply_template(project, args.template), f"template {args.template}"
        else:
            version_id, origin = import_codebook(project, args.file), f"codebook {args.file}"
        taxonomy = load_version(project, version_id)
        pending = len(pending_retag(project))
    print(f"taxonomy version {version_id}: {_size(taxonomy)} ({origin})")
    if pending:
        print(f"{pending} records need re-tagging: run `tag {args.project}`")
    return 0


def _list() -> int:
    from workbench.taxonomy.templates import list_templates

    for info in list_templates():
        print(f"{info.name:<22} {info.leaves:>4} leaves  {info.title_zh} / {info.title_en}")
    return 0


def _export(target: str, path: str) -> int:
    from workbench.taxonomy.codebook import write_codebook
    from workbench.taxonomy.repository import load_current

    with Project.open(target, create=False) as project:
        taxonomy = load_current(project)
    if taxonomy is None:
        raise InputError("the project has no taxonomy yet; set one with --template or --file first")
    write_codebook(taxonomy, path)
    print(f"taxonomy version {taxonomy.version_id}: {_size(taxonomy)} exported to {path}")
    return 0


def _versions(target: str, as_json: bool) -> int:
    from workbench.taxonomy.repository import list_versions

    with Project.open(target, create=False) as project:
        versions = list_versions(project)
    if as_json:
        print(json.dumps([{"id": v.id, "parent_id": v.parent_id, "created_at": v.created_at.isoformat(),
                           "note": v.note, "current": v.is_current, "nodes": v.nodes, "leaves": v.leaves}
                          for v in versions], ensure_ascii=False))
        return 0
    for v in versions:
        mark = "*" if v.is_current else " "
        print(f"{mark}{v.id:>4}  {v.created_at:%Y-%m-%d %H:%M}  {v.nodes:>5} nodes {v.leaves:>5} leaves  {v.note}")
    return 0


def _diff(target: str, old: int, new: int, as_json: bool) -> int:
    from workbench.taxonomy.diff import diff_versions

    with Project.open(target, create=False) as project:
        diff = diff_versions(project, old, new)
    if not as_json:
        print("\n".join(diff.lines()) or f"versions {old} and {new} are the same")
        return 0
    print(json.dumps({
        "old": old, "new": new, "added": [n.path for n in diff.added], "removed": [n.path for n in diff.removed],
        "renamed": [{"from": a.path, "to": b.path} for a, b in diff.renamed],
        "moved": [{"from": a.path, "to": b.path} for a, b in diff.moved],
        "edited": [b.path for _, b in diff.edited],
        "counts": [{"key": c.key, "old_path": c.old_path, "new_path": c.new_path, "old": c.old_count,
                    "new": c.new_count} for c in diff.counts]}, ensure_ascii=False))
    return 0


def _size(taxonomy: Taxonomy) -> str:
    return f"{len(taxonomy)} nodes, {len(taxonomy.leaves())} leaves, {taxonomy.depth} levels"
