"""`discover PROJECT`: propose new taxonomy nodes from the records no issue covers; accept or dismiss them."""

from __future__ import annotations

import argparse
import json

from workbench.discover import Proposal, accept, discover, dismiss
from workbench.errors import UsageError
from workbench.filters import parse_filters
from workbench.progress import TerminalProgress
from workbench.project import Project
from workbench.queries.records import current_nodes


def run(args: argparse.Namespace) -> int:
    backend = None
    if args.model or args.server:
        from workbench.llm.factory import open_backend

        backend = open_backend(args.model, args.server)
    try:
        with Project.open(args.project, create=False) as project:
            flt = parse_filters(args.filter, {n.path: n.key for n in current_nodes(project)})
            proposals = discover(project, flt, backend, TerminalProgress(), praise_too=args.praise_too)
            if args.accept is not None or args.dismiss is not None:
                return _decide(project, args, proposals)
    finally:
        if backend is not None:
            backend.close()
    if args.json:
        print(json.dumps([_as_json(i, p) for i, p in enumerate(proposals, 1)], ensure_ascii=False))
        return 0
    if not proposals:
        print("no new topics: every cluster of uncovered records is small, incoherent or dismissed")
    for i, p in enumerate(proposals, 1):
        where = p.parent or "(top level)"
        print(f"{i:>2}. {p.name}  under {where}  · {p.cluster.size} records · cohesion {p.cluster.cohesion:.2f}")
        print(f"    keywords: {'、'.join(k.word for k in p.cluster.keywords[:6])}")
        for _, text in p.cluster.examples[:2]:
            print(f"    “{text[:60]}”")
    if proposals:
        print(f"accept one with `discover {args.project} --accept N`, or hide it with `--dismiss N`")
    return 0


def _decide(project: Project, args: argparse.Namespace, proposals: list[Proposal]) -> int:
    number = args.accept if args.accept is not None else args.dismiss
    if not 1 <= number <= len(proposals):
        raise UsageError(f"there are {len(proposals)} proposals; choose N from 1 to {len(proposals)}")
    proposal = proposals[number - 1]
    if args.dismiss is not None:
        dismiss(project, proposal)
        print(f"dismissed “{proposal.name}” ({proposal.cluster.size} records)")
        return 0
    result = accept(project, proposal, args.name, args.parent)
    print(f"taxonomy version {result.version_id}: added “{args.name or proposal.name}”; "
          f"{proposal.cluster.size} records will be re-tagged by the next `tag {args.project}`")
    return 0


def _as_json(number: int, p: Proposal) -> dict[str, object]:
    return {"n": number, "name": p.name, "parent": p.parent, "description": p.description,
            "keywords": list(p.keywords), "size": p.cluster.size, "cohesion": round(p.cluster.cohesion, 3),
            "signature": p.cluster.signature, "by_model": p.by_model,
            "top_words": [k.word for k in p.cluster.keywords], "record_ids": p.cluster.record_ids,
            "examples": [{"id": i, "text": t} for i, t in p.cluster.examples]}
