"""The tagging run: with an LLM budget, the cascade (rules → student → LLM as teacher, see
:mod:`workbench.tagging.cascade`); with no budget limit, the LLM for every record.

``tag_project`` is long work (``fn(args, progress, cancel) -> Result``). It never holds a write
transaction while the model thinks: finished records are written in batches (see
:mod:`workbench.tagging.store_io`), so a crash, kill -9 or Ctrl-C loses at most the unwritten batch,
and the next call resumes the same run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from workbench.errors import Cancelled, ModelCrashed, ModelError, Phrase, UsageError
from workbench.llm.backend import Backend, abort_on_cancel
from workbench.llm.http_client import ServerUnavailable
from workbench.llm.prompts import PROMPT_VERSION
from workbench.nlp.candidates import CandidateFinder
from workbench.nlp.rules import RuleSet, UserRule
from workbench.nlp.tokenize import Tokenizer
from workbench.progress import CancelToken, Progress, no_progress
from workbench.store.backup import backup_project
from workbench.store.handle import Project
from workbench.tagging import experience_io, store_io, throughput
from workbench.tagging.cascade import run_cascade
from workbench.tagging.estimate import CHECKS_PER_LLM_RECORD
from workbench.tagging.llm_stage import llm_workers, tag_in_batches
from workbench.tagging.llm_tagger import LlmTagger
from workbench.tagging.results import RecordInput, RecordResult
from workbench.tagging.rule_tagger import rule_result
from workbench.taxonomy.model import Taxonomy
from workbench.taxonomy.repository import load_current
from workbench.taxonomy.retag import clear_pending_retag, pending_retag

RULES_SETTING = "tagging.rules"
MAX_CONSECUTIVE_FAILURES = 3


@dataclass(frozen=True)
class TagOptions:
    """How to tag. ``llm_budget`` None means no limit, 0 means rules only. ``llm_minutes`` caps the LLM's
    time (None: no cap, 0: rules only); either limit runs the cascade, and the first one reached stops the
    LLM. A resumed run gets its minutes afresh but only what is left of its records."""

    llm_budget: int | None = None
    llm_minutes: float | None = None
    model: str | None = None
    server: str | None = None
    retag: bool = False
    relearn: bool = False  # after analyst labels: retrain the student, re-judge what it and the rules tagged
    record_ids: tuple[int, ...] | None = None  # the analyst asks the LLM about these records (not human-labelled)
    threads: int | None = None
    batch_size: int = 8
    n_ctx: int = 4096
    candidates: int = 15
    full_list_limit: int = 40
    concurrency: int = 1  # requests in flight to a server backend (the local model is always sequential)
    sentiment_checks: int | None = None  # the LLM's quick sentiment checks (None: the default, see estimate.py)
    server_timeout: float = 120.0  # seconds per server request, queueing on the server included
    embed_minutes: float | None = None  # the student's embedding head, if embedding fits (None: the default, 0: off)


@dataclass
class TagResult:
    """What a run did."""

    run_id: int
    resumed: bool
    total: int
    tagged: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    tags_written: int = 0
    fuzzy_evidence: int = 0
    dropped_opinions: int = 0
    prompt_tokens: int = 0
    parsed_first_time: int = 0
    seconds: float = 0.0
    model: str | None = None
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def llm_records(self) -> int:
        return self.by_method.get("llm", 0)


BackendOpener = Callable[[TagOptions], Backend]


def _open_default(options: TagOptions) -> Backend:
    from workbench.llm.factory import open_backend

    return open_backend(options.model, options.server, options.threads, options.n_ctx, options.server_timeout)


def tag_project(project: Project, options: TagOptions, progress: Progress = no_progress,
                cancel: CancelToken | None = None, open_backend: BackendOpener = _open_default) -> TagResult:
    """Tag the project's pending records (untagged; all with ``retag``; those a taxonomy edit flagged;
    with ``relearn`` also those the student or the rules judged, so analyst labels reach them).

    Resumes an unfinished run with the same model, prompt version, taxonomy version and retag flag.

    Raises:
        UsageError: no taxonomy, or another run is live on the project.
        ModelError: the model is missing/corrupt or the backend failed (finished batches are kept).
        Cancelled: cancelled between records; finished records are kept and the run resumes next time.
    """
    taxonomy = load_current(project)
    if taxonomy is None or not taxonomy.leaves():
        raise UsageError.of("errors.tagging.no_taxonomy")
    rules = RuleSet(taxonomy, [UserRule(str(r["node"]), str(r["regex"]))
                               for r in project.get_setting(RULES_SETTING, []) or []])
    if options.llm_minutes is not None and options.llm_minutes < 0:
        raise UsageError.of("errors.tagging.minutes", minutes=options.llm_minutes)
    wants_llm = options.llm_budget != 0 or (options.sentiment_checks or 0) > 0  # checks alone need the model too
    backend = open_backend(options) if wants_llm and options.llm_minutes != 0 else None
    cancel = cancel or CancelToken()
    try:
        with abort_on_cancel(backend, cancel):  # Cancel stops the model worker at once, mid-generation
            return _Run(project, options, taxonomy, rules, backend, progress, cancel).execute()
    finally:
        if backend is not None:
            backend.close()


class _Run:
    def __init__(self, project: Project, options: TagOptions, taxonomy: Taxonomy, rules: RuleSet,
                 backend: Backend | None, progress: Progress, cancel: CancelToken) -> None:
        self.project, self.options, self.taxonomy, self.rules = project, options, taxonomy, rules
        self.backend, self.progress, self.cancel = backend, progress, cancel
        self.sha = backend.sha256 if backend else None
        self.prompt_version = PROMPT_VERSION if backend else None
        self.llm: LlmTagger | None = None
        self.failures = 0
        self.llm_workers = llm_workers(backend, options.concurrency)

    def execute(self) -> TagResult:
        identity = {"retag": self.options.retag, "model_sha256": self.sha, "prompt_version": self.prompt_version,
                    "taxonomy_version": self.taxonomy.version_id}
        if self.options.relearn:  # only then: runs saved before this flag existed still resume
            identity["relearn"] = True
        if self.options.record_ids is not None:  # an analyst's request resumes only the same request
            identity["records"] = hashlib.sha1(",".join(map(str, sorted(self.options.record_ids))).encode()).hexdigest()
        found = store_io.find_resumable(self.project, identity)
        resumed = found is not None
        if self.options.retag and self.options.record_ids is None and not resumed:  # replaces every tag: copy first
            backup_project(self.project.target, "before-retag")
        run_id = found[0] if found else store_io.start_run(
            self.project, identity, self.backend.name if self.backend else None, self.sha, self.prompt_version,
            self.taxonomy.version_id, {"llm_budget": self.options.llm_budget, "llm_minutes": self.options.llm_minutes,
             "server": self.options.server})
        retag_ids = sorted(pending_retag(self.project))
        with self.project.read() as conn:
            todo = store_io.pending_ids(conn, run_id, self.options.retag, retag_ids, self.options.relearn,
                                        self.options.record_ids)
            used = store_io.llm_used(conn, run_id)
        result = TagResult(run_id, resumed, total=len(todo), model=self.backend.name if self.backend else None)
        store_io.set_total(self.project, run_id, len(todo))
        try:
            self._loop(run_id, todo, used, result, set(retag_ids))
        except Cancelled:
            store_io.finish_run(self.project, run_id, "cancelled", f"cancelled after {result.tagged} records",
                                result.by_method)
            raise Cancelled("").keyed("errors.tagging.cancelled_kept", n=result.tagged) from None
        except ModelCrashed as exc:
            store_io.finish_run(self.project, run_id, "interrupted", f"model crashed: {exc}", result.by_method)
            raise ModelCrashed("", reason=exc.reason, tagged=result.tagged).keyed(
                "errors.tagging.crashed_kept", cause=exc, n=result.tagged) from exc
        except BaseException as exc:
            store_io.finish_run(self.project, run_id, "interrupted", f"{type(exc).__name__}: {exc}",
                               result.by_method)
            raise
        experience_io.backfill(self.project)  # records tagged before schema 4, or by older rules
        timed = self._llm_timed(result)
        store_io.finish_run(self.project, run_id, "complete", f"{result.tagged} records tagged", result.by_method,
                            timed)
        if timed is not None and self.backend is not None:
            throughput.remember(self.backend.name, len(self.taxonomy.leaves()) > self.options.full_list_limit,
                                *timed)
        return result

    def _llm_timed(self, result: TagResult) -> tuple[int, float] | None:
        """The records the model judged in this sitting and the seconds it took (checks not included)."""
        if self.backend is None or not result.llm_records:
            return None
        if result.phases:
            seconds = result.phases.get("llm_s", 0.0) - result.phases.get("check_s", 0.0)
        else:
            seconds = result.seconds
        return (result.llm_records, seconds) if seconds > 0 else None

    def _loop(self, run_id: int, todo: list[int], used: int, result: TagResult, retag_ids: set[int]) -> None:
        budget, minutes = self.options.llm_budget, self.options.llm_minutes
        started = time.monotonic()
        if budget is not None or minutes is not None:  # a budget: the cascade (rules → student → LLM as teacher)
            llm_left = 0 if self.backend is None else max((len(todo) + used if budget is None else budget) - used, 0)
            checks = self.options.sentiment_checks
            if checks is None:  # so many per record the LLM may judge
                checks = CHECKS_PER_LLM_RECORD * llm_left
            result.phases = run_cascade(self, todo, llm_left, lambda b: self._flush(run_id, b, result, retag_ids),
                                        self.options.batch_size,
                                        llm_seconds=minutes * 60 if minutes is not None else None,
                                        checks=checks if self.backend is not None else 0,
                                        embed_minutes=self.options.embed_minutes, threads=self.options.threads)
            result.seconds = time.monotonic() - started
            return
        def advance(n: int) -> None:
            elapsed = time.monotonic() - started
            rate = result.tagged / elapsed if elapsed > 0 else 0.0
            eta = (len(todo) - result.tagged) / rate if rate > 0 else 0.0
            self.progress(result.tagged / max(len(todo), 1),
                          Phrase("progress.tag.llm_all", done=result.tagged, total=len(todo), rate=rate,
                                 eta=eta / 60))

        size = self.options.batch_size  # no budget: the LLM for every record (rules for empty texts)
        tag_in_batches(self, self._records(todo, size), lambda b: self._flush(run_id, b, result, retag_ids),
                       size, advance)
        result.seconds = time.monotonic() - started

    def _records(self, todo: list[int], size: int) -> Iterator[RecordInput]:
        """``todo``'s records in order, read ``size`` at a time (no read transaction held between reads)."""
        for at in range(0, len(todo), size):
            with self.project.read() as conn:
                records = list(store_io.load_records(conn, todo[at:at + size]))
            yield from records

    def _llm_or_rules(self, record: RecordInput) -> RecordResult:
        """The LLM's judgement; a single failed request falls back to rules, repeated failures stop the run."""
        try:
            result = self._llm_tagger().tag(record)
        except ServerUnavailable as exc:  # the server is gone: stop rather than fall back record by record
            raise ServerUnavailable.of("errors.tagging.server_gone", cause=exc) from exc
        except ModelCrashed:  # the model's worker died: stop; execute() says how far the run got
            raise
        except ModelError as exc:
            self.failures += 1
            if self.failures >= MAX_CONSECUTIVE_FAILURES:
                raise ModelError.of("errors.tagging.failures", n=self.failures, reason=exc) from exc
            return rule_result(record, self.taxonomy, self.rules)
        self.failures = 0
        return result

    def _llm_tagger(self) -> LlmTagger:
        if self.llm is None:
            assert self.backend is not None
            finder = CandidateFinder(self.taxonomy, self.rules, Tokenizer(_dictionary(self.taxonomy)))
            self.llm = LlmTagger(self.taxonomy, self.rules, finder, self.backend,
                                 self.options.full_list_limit, self.options.candidates)
        return self.llm

    def _flush(self, run_id: int, batch: list[RecordResult], result: TagResult, retag_ids: set[int]) -> None:
        store_io.write_batch(self.project, run_id, self.taxonomy.version_id, self.sha, self.prompt_version, batch)
        done = {r.record_id for r in batch}
        if retag_ids & done:
            clear_pending_retag(self.project, retag_ids & done)
        for r in batch:
            result.tagged += 1
            result.by_method[r.method] = result.by_method.get(r.method, 0) + 1
            result.tags_written += len(r.tags)
            result.fuzzy_evidence += r.fuzzy_evidence
            result.dropped_opinions += r.dropped_opinions
            result.prompt_tokens += r.prompt_tokens
            result.parsed_first_time += r.method == "llm" and r.parsed_first_time


def _dictionary(taxonomy: Taxonomy) -> list[str]:
    """Words jieba must keep whole: node names and keywords."""
    return [w for n in taxonomy.nodes for w in (n.name, *n.keywords)]
