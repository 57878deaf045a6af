"""The tagging run's reads and writes: runs rows, pending records, atomic batch writes.

Resumability: a run row is created with status ``running`` (and the writing process id); each batch
of finished records is written in one transaction that replaces those records' machine tags and
assessments and advances ``runs.done``. A killed run leaves whole batches only; the next run with the
same model, prompt and taxonomy version resumes it and skips every record already assessed by it.
Human tags and human assessments are never touched.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, not_, or_, select, update

from workbench.errors import UsageError
from workbench.llm.prompts import SENTIMENT_CHECK_VERSION
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging import experience_io
from workbench.tagging.results import RecordInput, RecordResult

R, A, T, M, RUNS = schema.records, schema.assessments, schema.tags, schema.messages, schema.runs
OPEN_STATUSES = ("running", "interrupted", "cancelled")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def find_resumable(project: Project, identity: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """The latest unfinished tag run with the same identity (model sha, prompt, taxonomy, retag), if any.

    Unfinished runs with another identity are marked ``interrupted`` for good (they cannot resume).

    Raises:
        UsageError: another live process is running a tagging run on this project.
    """
    with project.write() as conn:
        rows = conn.execute(select(RUNS.c.id, RUNS.c.params, RUNS.c.status).where(
            RUNS.c.kind == "tag", RUNS.c.status.in_(OPEN_STATUSES)).order_by(RUNS.c.id.desc())).all()
        found: tuple[int, dict[str, Any]] | None = None
        for run_id, params, status in rows:
            params = dict(params or {})
            if status == "running" and _alive(params.get("pid")):
                raise UsageError.of("errors.tagging.busy", run=run_id)
            if found is None and {k: params.get(k) for k in identity} == identity:
                found = (int(run_id), params)
            else:
                conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(status="interrupted"))
        if found is not None:
            found[1]["pid"] = os.getpid()
            conn.execute(update(RUNS).where(RUNS.c.id == found[0]).values(status="running", params=found[1]))
        return found


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError, OSError):
        return False
    return True


def start_run(project: Project, identity: dict[str, Any], model: str | None, sha: str | None,
              prompt_version: str | None, taxonomy_version: int | None, extra: dict[str, Any]) -> int:
    """Insert a ``running`` tag run and return its id."""
    params = {**identity, **extra, "pid": os.getpid()}
    with project.write() as conn:
        return int(conn.execute(RUNS.insert().values(
            kind="tag", status="running", model=model, model_sha256=sha, prompt_version=prompt_version,
            params=params, taxonomy_version_id=taxonomy_version, started_at=_now(), total=0, done=0)
        ).inserted_primary_key[0])  # type: ignore[index]


def pending_condition(run_id: int, retag: bool, retag_ids: Sequence[int], relearn: bool = False) -> Any:
    """Records this run still has to do: unassessed, plus (with retag / taxonomy-edit ids) machine ones,
    plus (with relearn) those the student or the rules judged — the LLM's and the analyst's stay."""
    not_this_run = or_(A.c.run_id.is_(None), A.c.run_id != run_id)
    machine_not_this_run = and_(A.c.method != "human", not_this_run)
    wanted = or_(A.c.record_id.is_(None))
    if relearn and not retag:
        wanted = or_(wanted, and_(A.c.method.in_(("student", "rule")), not_this_run))
    if retag:
        wanted = or_(wanted, machine_not_this_run)
    elif retag_ids:
        wanted = or_(wanted, and_(R.c.id.in_(list(retag_ids)), machine_not_this_run))
    return wanted


def pending_ids(conn: Connection, run_id: int, retag: bool, retag_ids: Sequence[int],
                relearn: bool = False, only: Sequence[int] | None = None) -> list[int]:
    """Ids of the records still to do, in id order. With ``only`` (an analyst's request): those records,
    except the ones an analyst labelled and those this run already did."""
    if only is not None:
        out: list[int] = []
        wanted = or_(A.c.record_id.is_(None), and_(A.c.method != "human", or_(A.c.run_id.is_(None),
                                                                              A.c.run_id != run_id)))
        ids = sorted(set(only))
        for start in range(0, len(ids), 900):
            out += [int(i) for i in conn.execute(select(R.c.id).select_from(R.outerjoin(A, A.c.record_id == R.c.id))
                                                 .where(R.c.id.in_(ids[start:start + 900]), wanted)).scalars()]
        return sorted(out)
    query = (select(R.c.id).select_from(R.outerjoin(A, A.c.record_id == R.c.id))
             .where(pending_condition(run_id, retag, retag_ids, relearn)).order_by(R.c.id))
    return [int(i) for i in conn.execute(query).scalars()]


def llm_used(conn: Connection, run_id: int) -> int:
    """Records this run has already given to the LLM (counts against the budget on resume)."""
    return int(conn.execute(select(func.count()).where(A.c.run_id == run_id, A.c.method == "llm")).scalar_one())


def load_records(conn: Connection, ids: Sequence[int]) -> list[RecordInput]:
    """The records' text, and the dialogue of conversations (noise turns left out)."""
    rows = conn.execute(select(R.c.id, R.c.text, R.c.is_conversation).where(R.c.id.in_(list(ids)))).all()
    out = {int(i): RecordInput(int(i), str(text or "")) for i, text, _ in rows}
    convs = [int(i) for i, _, is_conv in rows if is_conv]
    if convs:
        turns = conn.execute(select(M.c.record_id, M.c.role, M.c.text).where(
            M.c.record_id.in_(convs), not_(M.c.is_noise)).order_by(M.c.record_id, M.c.turn)).all()
        for record_id, role, text in turns:
            out[int(record_id)].dialogue.append((str(role), str(text)))
    return [out[i] for i in ids if i in out]


def write_batch(project: Project, run_id: int, taxonomy_version: int | None, sha: str | None,
                prompt_version: str | None, results: Sequence[RecordResult]) -> None:
    """Replace the machine tags and assessments of ``results``' records, atomically with ``runs.done``."""
    if not results:
        return
    ids = [r.record_id for r in results]
    with project.write() as conn:
        human = set(conn.execute(select(A.c.record_id).where(A.c.record_id.in_(ids), A.c.method == "human")).scalars())
        conn.execute(delete(T).where(T.c.record_id.in_(ids), T.c.method != "human"))
        conn.execute(delete(A).where(A.c.record_id.in_(ids), A.c.method != "human"))
        tag_rows = [dict(record_id=r.record_id, node_key=t.node_key, path=t.path, taxonomy_version_id=taxonomy_version,
                         sentiment=t.sentiment, evidence=t.evidence, span_start=t.start, span_end=t.end,
                         reason=t.reason or None, method=t.method, confidence=t.confidence, run_id=run_id)
                    for r in results for t in r.tags]
        if tag_rows:
            conn.execute(T.insert(), tag_rows)
        rows = [dict(record_id=r.record_id, sentiment=r.sentiment, intent=r.intent, dissatisfaction=r.dissatisfaction,
                     confidence=r.confidence, method=r.method, run_id=run_id, taxonomy_version_id=taxonomy_version,
                     model_sha256=sha if r.method == "llm" or r.sentiment_checked else None,
                     prompt_version=prompt_version if r.method == "llm" else
                     SENTIMENT_CHECK_VERSION if r.sentiment_checked else None)
                for r in results if r.record_id not in human]
        if rows:
            conn.execute(A.insert(), rows)
        experience_io.write(conn, ids)  # effort, emotion, actionability: rules only, every record
        conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(done=RUNS.c.done + len(results)))


def set_total(project: Project, run_id: int, remaining: int) -> None:
    """Record the run's size: what it has done (before a resume) plus what remains."""
    with project.write() as conn:
        conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(total=RUNS.c.done + remaining))


def finish_run(project: Project, run_id: int, status: str, message: str,
               by_method: dict[str, int] | None = None, llm_timed: tuple[int, float] | None = None) -> None:
    """Close the run (complete, cancelled, interrupted or failed). ``by_method`` (records per tagging method,
    the counts the run's summary prints) is added to what earlier sittings of a resumed run recorded, in the
    run's params, so a report's method appendix quotes the run's own figures. ``llm_timed`` (records the
    model judged, seconds it took) is added the same way (``params["llm_timed"]``: the measured throughput
    that :mod:`workbench.tagging.throughput` quotes)."""
    with project.write() as conn:
        values: dict[str, Any] = {"status": status, "message": message[:2000], "finished_at": _now()}
        if by_method or llm_timed:
            params = dict(conn.execute(select(RUNS.c.params).where(RUNS.c.id == run_id)).scalar_one() or {})
            total = {str(k): int(v) for k, v in (params.get("by_method") or {}).items()}
            for method, n in (by_method or {}).items():
                total[method] = total.get(method, 0) + n
            values["params"] = {**params, "by_method": total}
            if llm_timed:
                before = params.get("llm_timed") or {}
                values["params"]["llm_timed"] = {"records": int(before.get("records", 0)) + llm_timed[0],
                                                 "seconds": float(before.get("seconds", 0.0)) + llm_timed[1]}
        conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(**values))
