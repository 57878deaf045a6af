"""Feedback exports, a watched project and what came out of it, for the watch tests."""

from __future__ import annotations

import csv
import email
import sqlite3
import sys
from email.message import Message
from pathlib import Path

from workbench.alerts.rules import add_rule
from workbench.paths import ROOT
from workbench.project import Project
from workbench.store import schema

HEADER = ("编号", "时间", "内容")
WORDS = "315|曝光"


def feedback(label: str, n: int, sensitive: int = 0) -> list[tuple[str, str, str]]:
    """``n`` rows unique to ``label``; the first ``sensitive`` of them name 315."""
    return [(f"{label}-{i}", f"2026-03-{1 + i % 27:02d} {i % 24:02d}:{i % 60:02d}",
             ("我要去315投诉" if i < sensitive else "快递有点慢") + f"，订单 {label}-{i:04d}") for i in range(n)]


def write_export(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """Written elsewhere and renamed in, as a well-behaved exporter does."""
    tmp = path.with_name("." + path.name + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(rows)
    tmp.replace(path)
    return path


def new_project(path: Path) -> Path:
    """A project with the e-commerce taxonomy and one sensitive-words rule."""
    with Project.open(path) as project:
        from workbench.taxonomy.templates import apply_template

        apply_template(project, "e_commerce_retail")
        add_rule(project, "315", "words", {"regex": WORDS, "exclude": None, "channel": None})
    return path


def record_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])


def alert_rows(path: Path) -> list[tuple[int, str | None]]:
    with Project.open(path, create=False) as project, project.read() as conn:
        a = schema.alerts
        return [(int(i), d) for i, d in conn.execute(a.select().with_only_columns(a.c.id, a.c.delivered)
                                                     .order_by(a.c.id))]


def outbox_messages(folder: Path) -> list[Message]:
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def quoted(messages: list[Message]) -> list[str]:
    """The order labels quoted in the messages' bodies, one list for all."""
    import re

    out: list[str] = []
    for msg in messages:
        body = msg.get_payload(decode=True)
        assert isinstance(body, bytes)
        out += sorted(set(re.findall(r"订单 ([\w-]+)", body.decode("utf-8"))))
    return out


def watch_cmd(project: Path, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "watch", str(project), *args]
