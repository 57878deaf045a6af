"""`info` command: a project's headline numbers."""

from __future__ import annotations

import argparse
import json

from workbench.project import Project


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        stats = project.stats()
    data = {
        "records": stats.records, "conversations": stats.conversations, "sources": stats.sources,
        "tagged": stats.tagged, "tags": stats.tags, "taxonomy_nodes": stats.taxonomy_nodes,
        "first": stats.first.isoformat() if stats.first else None,
        "last": stats.last.isoformat() if stats.last else None, "channels": stats.channels,
        "turns": stats.turns,
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0
