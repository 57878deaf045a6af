"""Two analysts on one PostgreSQL project: one imports or tags, the other reads consistent counts.

The writer runs in a thread on its own :class:`Project`; the reader opens a second Project on the same
URL (its own engine and connections, as another analyst's process would). A progress callback parks
the writer at a known point — all rows of an import written but not committed, or one tagging batch
committed — so the reader checks that state deterministically; a free-running reader thread checks
the same invariants as fast as it can meanwhile. No assertion depends on timing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select, text

from tests.analysis.builders import Rec, add_records, setup_taxonomy
from tests.ingest.helpers import xlsx
from workbench.ingest.pipeline import import_files
from workbench.llm.backend import Backend
from workbench.llm.fake_backend import FakeBackend
from workbench.project import Project
from workbench.queries import aggregate_cube, aggregates
from workbench.store import schema
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.repository import save_version

SIZES = [30, 45, 60, 75]
TAXONOMY = Taxonomy([
    Node("p", None, "产品", "产品", 1),
    Node("p.taste", "p", "产品/口味", "口味", 2, description="饭菜的味道", keywords=("难吃", "凉了")),
    Node("l", None, "物流", "物流", 1),
    Node("l.speed", "l", "物流/配送时效", "配送时效", 2, description="送达太慢", keywords=("慢", "等了")),
    Node("s", None, "服务", "服务", 1),
    Node("s.attitude", "s", "服务/客服态度", "客服态度", 2, description="客服的态度", keywords=("客服",)),
])
WAIT_S = 120  # a generous bound so a broken test fails instead of hanging; never a timing assertion


@pytest.fixture
def two(pg_url: str) -> Iterator[tuple[Project, Project]]:
    """The writer's and the reader's Project on the same PostgreSQL database."""
    writer, reader = Project.open(pg_url), Project.open(pg_url)
    yield writer, reader
    reader.close()
    writer.close()


@dataclass
class Gate:
    """Parks the writer at a callback until the reader has looked (one handshake per ``park``)."""

    parked: threading.Event = field(default_factory=threading.Event)
    resume: threading.Event = field(default_factory=threading.Event)

    def park(self) -> None:
        self.parked.set()
        if not self.resume.wait(WAIT_S):
            raise RuntimeError("the reader never released the writer")
        self.resume.clear()

    def look(self, check: Callable[[], None]) -> None:
        assert self.parked.wait(WAIT_S), "the writer never reached the parking point"
        self.parked.clear()
        try:
            check()
        finally:
            self.resume.set()


class Poller(threading.Thread):
    """Reads ``probe`` in a loop until stopped, keeping every snapshot and any error."""

    def __init__(self, probe: Callable[[], tuple[int, ...]]) -> None:
        super().__init__(daemon=True)
        self.probe = probe
        self.seen: list[tuple[int, ...]] = []
        self.errors: list[Exception] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.seen.append(self.probe())
            except Exception as exc:  # reported by the test, not lost in the thread
                self.errors.append(exc)
                return


def _files(tmp_path: Path) -> list[Path]:
    return [xlsx(tmp_path / f"part{k}.xlsx", [["时间", "内容", "渠道"], *[
        [f"2024-03-{1 + i % 28:02d} 10:00", f"第{k}批第{i}条:快递太慢,包装破损", "电商"] for i in range(n)]])
        for k, n in enumerate(SIZES)]


def _import_state(project: Project) -> tuple[int, ...]:
    """(records, sources, records of each source in id order) read in one snapshot."""
    r = schema.records
    with project.read() as conn:
        total = conn.execute(select(func.count()).select_from(r)).scalar_one()
        sources = conn.execute(select(func.count()).select_from(schema.sources)).scalar_one()
        per = conn.execute(select(r.c.source_id, func.count()).group_by(r.c.source_id).order_by(r.c.source_id)).all()
    return (int(total), int(sources), *(int(n) for _, n in per))


def _whole_sources(state: tuple[int, ...]) -> None:
    total, sources, *per = state
    assert sources == len(per) and per == SIZES[:sources] and total == sum(SIZES[:sources]), state


def test_reader_sees_whole_imports_only(two: tuple[Project, Project], tmp_path: Path) -> None:
    writer, reader = two
    files, gate, errors = _files(tmp_path), Gate(), list[Exception]()
    committed = [0]

    def check() -> None:
        state = _import_state(reader)
        _whole_sources(state)
        assert state[1] == committed[0]
        assert reader.stats().records == sum(SIZES[:committed[0]])

    def write() -> None:
        try:
            for path in files:
                import_files(writer, [str(path)],
                             progress=lambda f, msg: gate.park() if str(msg) == "indexing" else None)
        except Exception as exc:
            errors.append(exc)
            gate.parked.set()

    poller, thread = Poller(lambda: _import_state(reader)), threading.Thread(target=write)
    poller.start()
    thread.start()
    try:
        for k in range(len(files)):  # file k is fully written, not committed: the reader sees files < k only
            committed[0] = k
            gate.look(check)
            assert not errors
    finally:
        gate.resume.set()
        thread.join(WAIT_S)
        poller.stop.set()
        poller.join(WAIT_S)
    assert not errors and not poller.errors
    assert _import_state(reader) == (sum(SIZES), len(SIZES), *SIZES)
    for state in poller.seen:
        _whole_sources(state)
    assert [s[0] for s in poller.seen] == sorted(s[0] for s in poller.seen)  # counts only ever grow


def test_two_writers_importing_at_once_queue_without_colliding(two: tuple[Project, Project],
                                                                tmp_path: Path) -> None:
    first, second = two
    files, gate, errors = _files(tmp_path), Gate(), list[Exception]()

    def write(project: Project, paths: list[Path], park: bool) -> None:
        try:
            progress = (lambda f, msg: gate.park() if str(msg) == "indexing" else None) if park else None
            import_files(project, [str(p) for p in paths], **({"progress": progress} if progress else {}))
        except Exception as exc:
            errors.append(exc)
            gate.parked.set()

    a = threading.Thread(target=write, args=(first, files[:2], True))
    a.start()
    b = threading.Thread(target=write, args=(second, files[2:], False))

    def start_second() -> None:  # the first import is written, uncommitted; the second must wait for it
        b.start()
        waiting = 0
        while waiting == 0 and b.is_alive():
            with second.read() as conn:
                waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                            "AND datname = current_database()")).scalar_one()
        assert waiting == 1 or errors

    try:
        gate.look(start_second)
    finally:
        gate.resume.set()
        a.join(WAIT_S)
        if b.is_alive() or b.ident is not None:
            b.join(WAIT_S)
    assert not errors
    r = schema.records
    with second.read() as conn:
        ids = list(conn.execute(select(r.c.id).order_by(r.c.id)).scalars())
    assert len(ids) == len(set(ids)) == sum(SIZES)
    add_records(second, [Rec("导入之后手工加的一条", datetime(2024, 4, 1))])  # the sequence moved past the imported ids
    assert _import_state(first)[0] == sum(SIZES) + 1


def _tag_state(project: Project) -> tuple[int, ...]:
    """(run done, run total, assessments of the run, records with tags but no assessment), one snapshot."""
    a, t = schema.assessments, schema.tags
    with project.read() as conn:
        run = conn.execute(select(schema.runs.c.id, schema.runs.c.done, schema.runs.c.total)
                           .order_by(schema.runs.c.id.desc()).limit(1)).first()
        if run is None:
            return (0, 0, 0, 0)
        assessed = conn.execute(select(func.count()).where(a.c.run_id == run.id)).scalar_one()
        orphans = conn.execute(select(func.count(t.c.record_id.distinct()))
                               .where(t.c.record_id.not_in(select(a.c.record_id)))).scalar_one()
    return (int(run.done), int(run.total), int(assessed), int(orphans))


def test_reader_sees_whole_tagging_batches(two: tuple[Project, Project]) -> None:
    writer, reader = two
    save_version(writer, TAXONOMY, "test")
    texts = [f"第{i}单:{s}" for i in range(10) for s in ("配送太慢了等了一小时", "饭菜凉了难吃", "客服态度差")]
    add_records(writer, [Rec(t, datetime(2024, 3, 1)) for t in texts])
    gate, errors, calls = Gate(), list[Exception](), list[float]()

    def opener(options: TagOptions) -> Backend:
        return FakeBackend()

    def progress(fraction: float, message: str) -> None:
        if fraction > 0:  # after the first batch was flushed
            calls.append(fraction)
            if len(calls) == 1:
                gate.park()

    def write() -> None:
        try:
            tag_project(writer, TagOptions(batch_size=4), progress=progress, open_backend=opener)
        except Exception as exc:
            errors.append(exc)
            gate.parked.set()

    poller, thread = Poller(lambda: _tag_state(reader)), threading.Thread(target=write)
    poller.start()
    thread.start()
    try:
        def check() -> None:
            done, total, assessed, orphans = _tag_state(reader)
            assert 0 < done < total == len(texts) and assessed == done and orphans == 0
            assert 0 < reader.stats().tagged == done
        gate.look(check)
    finally:
        gate.resume.set()
        thread.join(WAIT_S)
        poller.stop.set()
        poller.join(WAIT_S)
    assert not errors and not poller.errors
    assert _tag_state(reader) == (len(texts), len(texts), len(texts), 0)
    for done, _total, assessed, orphans in poller.seen:
        assert assessed == done and orphans == 0
    dones = [s[0] for s in poller.seen]
    assert dones == sorted(dones)


def test_cube_built_while_another_analyst_writes_is_never_left_stale(two: tuple[Project, Project],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    writer, reader = two
    setup_taxonomy(writer)
    add_records(writer, [Rec("快递太慢了", datetime(2024, 3, 1), [("log.speed", "negative")])])
    assert aggregates.tree_aggregate(reader).nodes["log.speed"].count == 1  # first build: triggers, index
    add_records(writer, [Rec("又是很慢", datetime(2024, 3, 2), [("log.speed", "negative")])])
    gate, real, errors, calls = Gate(), aggregate_cube._months, list[Exception](), list[int]()

    def parked(conn: Connection, *args: Any) -> None:  # the rebuild has read the records, not yet finished
        calls.append(1)
        if len(calls) == 1:
            gate.park()
        real(conn, *args)

    monkeypatch.setattr(aggregate_cube, "_months", parked)

    def rebuild() -> None:
        try:
            aggregates.tree_aggregate(reader)
        except Exception as exc:
            errors.append(exc)
            gate.parked.set()

    thread = threading.Thread(target=rebuild)
    thread.start()
    try:  # another analyst commits a third record in the middle of the rebuild
        gate.look(lambda: add_records(writer, [Rec("慢死了", datetime(2024, 3, 3), [("log.speed", "negative")])]))
    finally:
        gate.resume.set()
        thread.join(WAIT_S)
    assert not errors and not thread.is_alive()
    fast = aggregates.tree_aggregate(reader)
    assert fast.nodes["log.speed"].count == 3 and fast == aggregates.tree_aggregate(reader, use_cube=False)
