"""The LLM stage of a run: records judged by the model, up to N requests at once when the backend allows it.

A server backend (``thread_safe = True``) gets ``concurrency`` requests in flight from a thread pool;
the local llama backend stays sequential (one model instance, whose KV cache reuses the shared
prompt prefix). Either way the results come back **in record order** and are written by the run's
own thread through the one writer, in batches, so the output is the same as a sequential run
(temperature 0, same prompts) and a crash or kill loses at most the unwritten batch.

Cancel: no new request starts; those already running finish, are written, then
:class:`~workbench.errors.Cancelled` is raised. Failure: the first failing record's error is raised
after every earlier record was written; answers that arrived for later records are dropped (they
are still pending, so the next run asks again).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from typing import Any, Protocol, TypeVar

from workbench.errors import Cancelled
from workbench.nlp.rules import RuleSet
from workbench.progress import CancelToken
from workbench.tagging.results import RecordInput, RecordResult
from workbench.tagging.rule_tagger import rule_result
from workbench.taxonomy.model import Taxonomy

T = TypeVar("T")
R = TypeVar("R")
WINDOW = 2  # requests queued per worker, so the pool stays busy while the run's thread writes a batch


class StageRun(Protocol):
    """What the stage needs of a run (``workbench.tagging.run._Run`` provides it)."""

    taxonomy: Taxonomy
    rules: RuleSet
    cancel: CancelToken
    llm_workers: int

    def _llm_or_rules(self, record: RecordInput) -> RecordResult: ...

    def _llm_tagger(self) -> Any: ...


def llm_workers(backend: object | None, requested: int | None) -> int:
    """Requests a run may have in flight: ``requested`` (≥ 1) for a thread-safe backend, else 1."""
    if backend is None or not getattr(backend, "thread_safe", False):
        return 1
    return max(1, requested or 1)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int,
                cancel: CancelToken) -> Generator[R, None, None]:
    """``fn(item)`` for each item, yielded in input order, with up to ``workers`` calls running at once.

    ``items`` is consumed lazily on the caller's thread; ``fn`` runs on pool threads (must be thread-safe
    when ``workers`` > 1). Close the iterator (``contextlib.closing``) if you stop early: that waits for
    the calls still running.

    Raises:
        Cancelled: ``cancel`` was set; every call started before was yielded first.
        Exception: whatever ``fn`` raised, after every earlier item's result was yielded.
    """
    if workers <= 1:
        for item in items:
            cancel.check()
            yield fn(item)
        return
    source = iter(items)
    pending: deque[Future[R]] = deque()
    exhausted = halted = False
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kesheng-llm")
    try:
        while True:
            while not (exhausted or halted) and len(pending) < WINDOW * workers:
                halted = cancel.cancelled
                got = None if halted else _next(source)
                exhausted = got is None and not halted
                if got is not None:
                    pending.append(pool.submit(fn, got[0]))
            if not pending:
                break
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True)
    if halted:
        raise Cancelled()


def _next(source: Iterator[T]) -> tuple[T] | None:
    try:
        return (next(source),)
    except StopIteration:
        return None


def judge(run: StageRun, record: RecordInput) -> RecordResult:
    """The LLM's judgement of one record (rules for an empty text). Runs on a pool thread."""
    if not record.text.strip():
        return rule_result(record, run.taxonomy, run.rules)
    return run._llm_or_rules(record)


def tag_in_batches(run: StageRun, records: Iterable[RecordInput], flush: Callable[[list[RecordResult]], None],
                   size: int, advance: Callable[[int], None]) -> None:
    """Judge ``records`` with ``run.llm_workers`` requests in flight; ``flush`` every ``size`` results in order.

    ``advance(n)`` is called after each flush of ``n`` results (progress). Runs on the run's thread;
    the finished part of a batch is flushed even when a record fails or the run is cancelled.
    """
    workers = max(1, run.llm_workers)
    if workers > 1:
        run._llm_tagger()  # build it once here, not racing on the pool threads
    batch: list[RecordResult] = []
    with closing(ordered_map(lambda record: judge(run, record), records, workers, run.cancel)) as results:
        try:
            for result in results:
                batch.append(result)
                if len(batch) >= size:
                    full, batch = batch, []
                    flush(full)
                    advance(len(full))
        finally:
            if batch:
                flush(batch)
                advance(len(batch))
