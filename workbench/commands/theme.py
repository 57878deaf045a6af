"""`theme` command: a new node by example. --preview says which records it would take; --apply adds it."""

from __future__ import annotations

import argparse
import json


def run(args: argparse.Namespace) -> int:
    # heavy modules load here, not at parse time (the parser is built on every CLI call)
    from workbench.errors import UsageError
    from workbench.project import Project
    from workbench.tagging.theme import ThemeSpec, apply_theme, preview_theme

    if args.llm_sample < 0:
        raise UsageError("--llm-sample takes a number of records (0 or more)")
    if args.exclude and not args.apply:
        raise UsageError("--exclude goes with --apply")
    spec = ThemeSpec(name=args.name, description=args.description, examples=tuple(args.example),
                     example_records=tuple(args.example_record), parent=args.parent, keywords=tuple(args.keyword))
    with Project.open(args.project, create=False) as project:
        backend = None
        if args.llm_sample:
            from workbench.llm.factory import open_backend

            backend = open_backend(args.model)
        preview = preview_theme(project, spec, llm_sample=args.llm_sample, backend=backend)
        if args.preview:
            if args.json:
                print(json.dumps(preview.as_dict(), ensure_ascii=False))
            else:
                by = ", ".join(f"{n:,} by {k}" for k, n in preview.by.items())
                print(f"{preview.node}: {len(preview.record_ids):,} of {preview.scanned:,} records match ({by}); "
                      f"keywords: {', '.join(preview.keywords) or '(none)'}")
                for m in preview.matches[:20]:
                    print(f"  {m.record_id:>8}  {m.score:.2f}  {m.by:<7}  {m.text.replace(chr(10), ' ')[:80]}")
            return 0
        excluded = set(args.exclude)
        ids = [r for r in preview.record_ids if r not in excluded]
        result = apply_theme(project, spec, ids, preview.keywords, args.by)
        if args.json:
            print(json.dumps({"node": result.node, "version": result.version_id, "tagged": result.tagged,
                              "by": preview.by, "excluded": len(excluded & set(preview.record_ids))},
                             ensure_ascii=False))
        else:
            print(f"added {result.node} (taxonomy version {result.version_id}) and tagged {result.tagged:,} records "
                  "with it; `main.py undo` takes both back")
    return 0
