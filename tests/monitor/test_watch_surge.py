"""`watch` alerts on surges as `alerts --run` does: like for like (a week against the week before), and its
message says which periods it compared (issue 23 item 1)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from tests.monitor.helpers import new_project, outbox_messages, write_export
from workbench.alerts.rules import add_rule
from workbench.cli import main
from workbench.project import Project
from workbench.store import schema

START = date(2026, 3, 2)  # a Monday


def _rows(label: str, first_day: int, days: int, per_day: int) -> list[tuple[str, str, str]]:
    return [(f"{label}-{d}-{i}", f"{START + timedelta(days=d)} {9 + i % 9:02d}:{i % 60:02d}",
             f"快递太慢了，等了好几天还没到，订单 {label}{d:02d}{i:02d}")
            for d in range(first_day, first_day + days) for i in range(per_day)]


def _cycle(project: Path, inbox: Path, outbox: Path) -> int:
    return main(["watch", str(project), "--folder", str(inbox), "--outbox", str(outbox), "--once",
                 "--llm-budget", "0", "--settle", "0.05"])


def test_watch_fires_a_surge_rule_like_for_like(tmp_path: Path) -> None:
    inbox, outbox = tmp_path / "drop", tmp_path / "outbox"
    inbox.mkdir()
    project = new_project(tmp_path / "p.kesheng")
    write_export(inbox / "weeks.csv", _rows("a", 0, 35, 2))  # five weeks of 2 a day
    assert _cycle(project, inbox, outbox) == 0
    with Project.open(project, create=False) as p:
        with p.read() as conn:
            t = schema.tags
            path = conn.execute(select(t.c.path).group_by(t.c.path).order_by(func.count().desc())).scalars().first()
        assert path  # rules and the student tagged the complaints somewhere
        add_rule(p, "慢", "surge", {"node": path.split("/")[0], "period": "week"})
    assert _cycle(project, inbox, outbox) == 0
    assert outbox_messages(outbox) == []  # flat weeks: nothing rose
    write_export(inbox / "surge.csv", _rows("b", 35, 7, 8))  # the sixth week: 8 a day more
    assert _cycle(project, inbox, outbox) == 0
    messages = outbox_messages(outbox)
    assert len(messages) == 1
    body = messages[0].get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    week, before = START + timedelta(days=35), START + timedelta(days=28)
    assert f"{week} 至 {week + timedelta(days=6)}" in body and f"上期 {before} 至 {before + timedelta(days=6)}" in body
