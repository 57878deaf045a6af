"""Mail through a real SMTP server on 127.0.0.1: a refusing server keeps the alerts, a later cycle sends
them, each exactly once; an outbox never writes the same alert twice."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.monitor.helpers import feedback, new_project, write_export
from tests.smtp_inbox import Inbox, free_port
from workbench.alerts.delivery import OutboxDelivery, SmtpDelivery
from workbench.ingest.options import ImportOptions
from workbench.monitor.dispatch import KeyedDelivery
from workbench.monitor.folder import FolderSource
from workbench.monitor.watch import Watch
from workbench.project import Project


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KESHENG_SMTP_USER", raising=False)


def test_refused_mail_is_kept_and_sent_once_when_the_server_is_back(tmp_path: Path, port: int, env: None) -> None:
    project_path, inbox = new_project(tmp_path / "p.kesheng"), tmp_path / "drop"
    inbox.mkdir()
    now = [0.0]
    with Project.open(project_path, create=False) as project:
        watch = Watch(project, FolderSource(inbox, ImportOptions(), settle=0.0),
                      SmtpDelivery("127.0.0.1", port, "ops@example.com", timeout=5), None, interval=30,
                      clock=lambda: now[0])
        write_export(inbox / "a.csv", feedback("a", 4, sensitive=1))
        first = watch.cycle()  # nothing listens on the port: refused
        assert first.fired == 1 and first.delivered == 0 and first.pending == 1
        assert any(p.startswith("delivery:") and "retry in 30s" in p for p in first.problems)

        server = Inbox()
        controller = Controller(server, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            write_export(inbox / "b.csv", feedback("b", 4, sensitive=1))
            now[0] = 10.0  # still backing off: the new alert waits too
            second = watch.cycle()
            assert second.fired == 1 and second.delivered == 0 and second.pending == 2 and server.messages == []
            now[0] = 31.0
            third = watch.cycle()
            assert third.delivered == 2 and third.pending == 0 and third.problems == []
            assert watch.cycle().delivered == 0  # nothing is sent twice
        finally:
            controller.stop()
    assert len(server.messages) == 2
    ids = [m["Message-ID"] for m in server.messages]
    assert len(set(ids)) == 2 and all("-alert-" in i for i in ids)


def test_an_alert_written_to_the_outbox_before_a_crash_is_not_written_again(tmp_path: Path) -> None:
    outbox = tmp_path / "out"
    keyed = KeyedDelivery(OutboxDelivery(outbox), "kesheng-x-alert-7")
    msg = EmailMessage()
    msg["Subject"] = "first"
    assert keyed(msg) == "outbox"
    again = EmailMessage()
    again["Subject"] = "second"
    assert keyed(again) == "outbox"
    files = list(outbox.iterdir())
    assert [f.name for f in files] == ["kesheng-x-alert-7.eml"]
    assert "first" in files[0].read_text(encoding="utf-8")


def test_alerts_fired_before_the_watch_started_are_not_mailed_by_it(tmp_path: Path) -> None:
    from workbench.alerts.evaluate import evaluate_alerts

    project_path, inbox, outbox = new_project(tmp_path / "p.kesheng"), tmp_path / "drop", tmp_path / "out"
    inbox.mkdir()
    with Project.open(project_path, create=False) as project:
        from workbench.monitor.importing import import_one
        from workbench.monitor.state import CycleReport

        import_one(project, str(write_export(tmp_path / "old.csv", feedback("o", 3, sensitive=1))),
                   ImportOptions(), CycleReport(started=datetime.now()))
        assert len(evaluate_alerts(project, None)) == 1  # an analyst's run, stored without delivery
        watch = Watch(project, FolderSource(inbox, ImportOptions(), settle=0.0), OutboxDelivery(outbox), None)
        write_export(inbox / "new.csv", feedback("n", 3, sensitive=1))
        report = watch.cycle()
    assert report.fired == 1 and report.delivered == 1 and len(list(outbox.glob("*.eml"))) == 1
