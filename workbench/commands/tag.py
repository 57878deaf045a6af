"""`tag` command: run the tagging cascade over untagged records (all with --retag); resumable."""

from __future__ import annotations

import argparse
import json
import sys

from workbench.config import load_preferences
from workbench.errors import UsageError
from workbench.llm.fake_backend import fake_requested
from workbench.llm.registry import resolve_model
from workbench.progress import TerminalProgress
from workbench.project import Project, tag, tag_options
from workbench.tagging import store_io
from workbench.tagging.estimate import estimate_run
from workbench.tagging.run import TagOptions, TagResult
from workbench.taxonomy.repository import load_current


def run(args: argparse.Namespace) -> int:
    prefs = load_preferences()
    concurrency = args.concurrency if args.concurrency is not None else max(prefs.server_concurrency, 1)
    if concurrency < 1:
        raise UsageError(f"--concurrency must be 1 or more, not {concurrency}")
    records = _record_ids(args.records) if args.records else None
    with Project.open(args.project, create=False) as project:
        budget: int | None = args.llm_budget if args.llm_budget is not None else 0 if args.relearn else \
            None if records is not None else prefs.llm_budget  # records asked for by id: the LLM judges each
        if budget is not None and budget < 0:
            raise UsageError(f"--llm-budget must be 0 or more, not {budget}")
        if args.llm_minutes is not None and args.llm_minutes < 0:
            raise UsageError(f"--llm-minutes must be 0 or more, not {args.llm_minutes:g}")
        if args.sentiment_checks is not None and args.sentiment_checks < 0:
            raise UsageError(f"--sentiment-checks must be 0 or more, not {args.sentiment_checks}")
        options = tag_options(project, prefs, llm_budget=budget, llm_minutes=args.llm_minutes, model=args.model,
                              retag=args.retag, sentiment_checks=args.sentiment_checks, relearn=args.relearn,
                              record_ids=records, server=args.server, concurrency=concurrency)
        if not (options.server or options.llm_budget == 0 or options.llm_minutes == 0 or fake_requested()):
            resolve_model(options.model)  # a wrong model name or file fails now, before the estimate
        if not args.json:
            print(_estimate_line(project, options), file=sys.stderr)
        bar = TerminalProgress()
        try:
            result, _changes = tag(project, options, bar)
        finally:
            bar.close()
    _print(result, args.json)
    return 0


def _record_ids(text: str) -> tuple[int, ...]:
    try:
        ids = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise UsageError(f"--records takes record ids separated by commas (e.g. 12,40,41), not {text!r}") from None
    if not ids:
        raise UsageError("--records names no record")
    return ids


def _estimate_line(project: Project, options: TagOptions) -> str:
    """Before the run: what the LLM will take on and about how long the whole run takes."""
    stats = project.stats()
    if options.record_ids is not None:
        with project.read() as conn:
            pending = len(store_io.pending_ids(conn, -1, False, [], only=options.record_ids))
    elif options.relearn and not options.retag:
        with project.read() as conn:
            pending = len(store_io.pending_ids(conn, -1, False, [], relearn=True))
    else:
        pending = stats.records if options.retag else max(stats.records - stats.tagged, 0)
    taxonomy = load_current(project)
    leaves = len(taxonomy.leaves()) if taxonomy is not None else 0
    est = estimate_run(pending, options.llm_budget, options.llm_minutes, options.model, leaves,
                       options.full_list_limit, options.sentiment_checks, can_check=not options.server)
    checks = (f", with at most {est.checks:,} quick LLM sentiment checks (~{est.check_minutes:.0f} min)"
              if est.checks else "")
    return (f"about {est.pending:,} records to tag; the LLM takes at most {est.llm_records:,} "
            f"(~{est.llm_minutes:.0f} min), rules and the student the rest{checks}; "
            f"ETA at most ~{est.total_minutes:.0f} min")


def _print(result: TagResult, as_json: bool) -> None:
    data = {"run_id": result.run_id, "resumed": result.resumed, "total": result.total, "tagged": result.tagged,
            "by_method": result.by_method, "tags": result.tags_written, "model": result.model,
            "fuzzy_evidence": result.fuzzy_evidence, "dropped_opinions": result.dropped_opinions,
            "prompt_tokens": result.prompt_tokens, "seconds": round(result.seconds, 2),
            "phases": {k: round(v, 2) for k, v in result.phases.items()}}
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    verb = "resumed run" if result.resumed else "run"
    methods = ", ".join(f"{k} {v}" for k, v in sorted(result.by_method.items())) or "nothing to do"
    print(f"{verb} {result.run_id}: tagged {result.tagged} of {result.total} records ({methods}), "
          f"{result.tags_written} tags, {result.seconds:.1f}s")
    if result.phases.get("checks"):
        print(f"{result.phases['checks']:.0f} quick LLM sentiment checks changed "
              f"{result.phases.get('checks_changed', 0):.0f} sentiments")
    if result.dropped_opinions:
        print(f"{result.dropped_opinions} opinions dropped: their evidence was not in the text")
