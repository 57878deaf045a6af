"""The analyst's role fix (options and ``import --role``), the check before importing, file-by-file imports,
and the preview's parse (the same as the import's)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from tests.ingest.helpers import xlsx
from workbench.cli import main
from workbench.ingest.options import ImportOptions
from workbench.ingest.per_file import check_file, import_each
from workbench.ingest.pipeline import import_files, preview
from workbench.project import Project

EXPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "exports"
# 阿强 speaks in one session only and says no service phrase: the import takes him for the customer.
CHAT = ("2024-05-03 10:00:01 客户：洗衣机漏水了\n2024-05-03 10:00:30 阿强：型号多少\n"
        "2024-05-03 10:01:00 客户：XQB80\n[系统消息] 请对本次服务进行评价")


def _chats(tmp_path: Path) -> Path:
    return xlsx(tmp_path / "chats.xlsx", [["会话ID", "开始时间", "聊天记录", "满意度"],
                                          ["S1", "2024-05-03 10:00:00", CHAT, "非常满意"],
                                          ["S2", "2024-05-04 09:00:00", CHAT.replace("05-03", "05-04"), "不满意"]])


def _roles(db: Path) -> list[tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return [(r[0], r[1]) for r in conn.execute("select role, agent from messages order by record_id, turn")]
    finally:
        conn.close()


def test_role_option_reaches_the_parse(tmp_path: Path) -> None:
    src = str(_chats(tmp_path))
    guessed = preview(src)
    assert guessed.speakers["阿强"] == "customer"
    fixed = preview(src, ImportOptions(roles={"阿强": "agent"}))
    assert fixed.speakers["阿强"] == "agent"
    assert [t.role for t in fixed.sessions[0]] == ["customer", "agent", "customer", "system"]
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        (report,) = import_files(project, [src], ImportOptions(roles={"阿强": "agent"}))
    assert report.turns == {"customer": 4, "agent": 2, "system": 2}
    assert ("agent", "阿强") in _roles(tmp_path / "p.kesheng")


def test_cli_role_flag_and_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = str(_chats(tmp_path))
    assert main(["import", str(tmp_path / "a.kesheng"), src]) == 0
    assert ("agent", "阿强") not in _roles(tmp_path / "a.kesheng")
    assert main(["import", str(tmp_path / "b.kesheng"), src, "--role", "阿强=agent"]) == 0
    assert "agent 2" in capsys.readouterr().out
    assert ("agent", "阿强") in _roles(tmp_path / "b.kesheng")
    assert main(["import", str(tmp_path / "c.kesheng"), src, "--role", "阿强=boss"]) == 2
    assert "--role '阿强=boss'" in capsys.readouterr().err
    assert not (tmp_path / "c.kesheng").exists()


def test_role_fix_beats_a_role_column_and_clears_the_warning(tmp_path: Path) -> None:
    rows = ["会话ID,发送人,角色,发送时间,消息内容"]
    for s in range(4):
        rows += [f"S{s},顾客{s},客户,2024-05-0{s + 1} 10:00:00,洗衣机漏水了怎么办",
                 f"S{s},小王,客服,2024-05-0{s + 1} 10:00:30,您好，请问是哪个型号"]
    rows.append("S9,小王,客户,2024-05-09 10:00:00,我要投诉")
    src = tmp_path / "msgs.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        (warned,) = check_file(project, str(src), ImportOptions())
        (fixed,) = check_file(project, str(src), ImportOptions(roles={"小王": "agent"}))
    assert [n["code"] for n in warned.notices] == ["both_roles"] and warned.notices[0]["names"] == "小王"
    assert not fixed.warnings and fixed.turns == {"customer": 4, "agent": 4}
    assert sum(fixed.dropped.values()) == 1  # S9 now holds only the agent's line: no customer turn, reported


def test_check_has_the_import_warnings_and_changes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "r.csv"
    src.write_text("内容,评分\n很好,五颗\n太差了,2\n一般般,3\n", encoding="utf-8")
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        (checked,) = check_file(project, str(src), ImportOptions())
        assert project.stats().records == 0 and project.stats().sources == 0
        (report,) = import_files(project, [str(src)], ImportOptions())
    assert checked.warnings == report.warnings and len(report.warnings) == 2
    assert [n["code"] for n in checked.notices] == ["no_time", "unmapped_ratings"]
    assert checked.notices[1]["column"] == "评分" and checked.notices[1]["count"] == "1"


def test_check_reads_only_the_first_rows(tmp_path: Path) -> None:
    src = tmp_path / "big.csv"
    src.write_text("内容\n" + "".join(f"第{i}条反馈\n" for i in range(50)), encoding="utf-8")
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        (checked,) = check_file(project, str(src), ImportOptions(), rows=10)
    assert checked.read == 10


def test_a_bad_file_never_blocks_a_good_one(tmp_path: Path) -> None:
    bad = tmp_path / "locked.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)  # OLE header: encrypted xlsx
    good = tmp_path / "good.csv"
    good.write_text("内容\n很好\n很差\n", encoding="utf-8")
    gone = tmp_path / "gone.csv"
    paths = [str(bad), str(good), str(gone)]
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        outcomes = import_each(project, paths, {p: ImportOptions() for p in paths}, skip={str(gone): "missing"})
        assert project.stats().records == 2
    assert [o.status for o in outcomes] == ["failed", "imported", "skipped"]
    assert outcomes[0].error and outcomes[1].reports[0].imported == 2 and outcomes[2].error == "missing"


@pytest.mark.skipif(not EXPORTS.is_dir(), reason="shared exports not present")
def test_preview_parse_is_the_import_parse_on_a_real_export(tmp_path: Path) -> None:
    (src,) = [str(p) for p in EXPORTS.iterdir() if p.name.startswith("01_")]
    shown = preview(src)
    assert len(shown.sessions) == 5 and shown.speakers["客户"] == "customer" and shown.speakers["机器人"] == "bot"
    assert shown.rating_scale == "1-5" and ("非常满意", 5, None) in shown.ratings
    project_path = tmp_path / "p.kesheng"
    assert main(["import", str(project_path), src]) == 0
    out = tmp_path / "turns.csv"
    assert main(["export", str(project_path), "--turns", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    first: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        first.setdefault(row["record_id"], []).append((row["role"], row["time"][:16]))
    exported = list(first.values())[:5]
    previewed = [[(t.role, t.sent_at.isoformat(sep=" ")[:16] if t.sent_at else "") for t in s]
                 for s in shown.sessions]
    assert previewed == exported
