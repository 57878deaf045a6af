"""`ask` command: answer a question from the data, with the counts and quoted records it rests on."""

from __future__ import annotations

import argparse
import json
import sys

from workbench.assistant.ask import ask
from workbench.project import Project


def run(args: argparse.Namespace) -> int:
    backend = None
    with Project.open(args.project, create=False) as project:
        if args.model:
            from workbench.llm.factory import open_backend

            backend = open_backend(args.model)
        streamed = not args.json and sys.stdout.isatty() and backend is not None
        try:
            answer = ask(project, args.question, backend,
                         on_text=(lambda t: print(t, end="", flush=True)) if streamed else None)
        finally:
            if backend is not None:
                backend.close()
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, default=str))
        return 0
    if streamed:
        print("\n")
    print(answer.text)
    if answer.removed:
        print(f"\n(removed {len(answer.removed)} unverified sentence(s) from the model's answer)")
    print("\nevidence:")
    seen = set()
    for f in answer.figures:
        if f.query not in seen:
            seen.add(f.query)
            print(f"  · {f.query}")
    for q in answer.quotes:
        print(f"  “{q.text}” — #{q.record_id}")
    return 0
