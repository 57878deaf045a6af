"""Issue 22: transcripts in one cell, every sheet, ratings as they come, exact words, PII by context."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.ingest.helpers import xlsx
from workbench.cli import main
from workbench.ingest.pii import PiiMasker
from workbench.ingest.pipeline import import_files
from workbench.ingest.ratings import RatingReader
from workbench.ingest.speakers import SpeakerRoles, learn_agents
from workbench.ingest.transcript import looks_like_transcripts, parse_transcript
from workbench.project import Project

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT.parent / "shared" / "exports"

CHAT = ("2024-05-03 23:58:01 访客：空调不制冷，等了四十分钟\r\n【系统】会话已接入\r\n"
        "23:59:10 小李：您好，请问是哪个型号？\r\n00:00:05 访客：KFR-35，地址：\r\n朝阳区某小区\r\n"
        "[系统消息] 请对本次服务进行评价")


def test_transcript_turns_roles_midnight_and_continuations() -> None:
    turns = parse_transcript(CHAT.replace("\r\n", "<br>"), SpeakerRoles(agents=["小李"]))
    assert [t.role for t in turns] == ["customer", "system", "agent", "customer", "system"]
    assert turns[3].text == "KFR-35，地址：\n朝阳区某小区"
    assert turns[3].sent_at is not None and turns[3].sent_at.day == 4  # past midnight
    assert turns[2].speaker == "小李"


def test_bare_names_learnt_from_recurrence_and_phrases() -> None:
    sessions = [[("小李", "您好，请问有什么可以帮您"), (f"王{i}", "没收到货")] for i in range(5)]
    agents = learn_agents(sessions, [])
    assert "小李" in agents and "王1" not in agents


def test_transcript_column_recognised_by_values() -> None:
    assert looks_like_transcripts([CHAT, CHAT])
    assert not looks_like_transcripts(["2024-05-03 10:00 [王工] 已派单\n2024-05-04 11:00 [王工] 已完成"])


@pytest.mark.parametrize(("value", "rating"), [("非常满意", 5), ("不满意", 2), ("差评", 1), ("★★★★☆", 4),
                                               ("5星", 5), ("3", 3), ("未评价", None)])
def test_ratings_as_they_come(value: str, rating: float | None) -> None:
    assert RatingReader().read(value)[0] == rating


def test_ratings_ten_point_nps_and_unmapped_counted() -> None:
    assert RatingReader("打分", [1, 10, 7]).read(10)[0] == 5
    assert RatingReader("NPS", [0, 9, 10]).read(9) == (None, 9)
    reader = RatingReader("满意度")
    reader.read("还可以吧")
    assert reader.unmapped == {"还可以吧": 1}


def test_pii_by_context_even_with_a_failed_check_digit() -> None:
    masked = PiiMasker().mask("身份证110101199003071234，卡号6222021234567890127，"
                              "客服电话400-690-8123，订单号2771120382586947")
    assert masked.text == "身份证[身份证号]，卡号[银行卡号]，客服电话400-690-8123，订单号2771120382586947"


def test_transcript_rows_become_conversations_with_exact_words(tmp_path: Path) -> None:
    rows = [["会话ID", "客服", "开始时间", "聊天记录", "满意度"],
            ["S1", "小李", "2024-05-03 23:58:01", CHAT, "非常满意"],
            ["S2", "小李", "2024-05-05 10:00:00",
             "10:00:01 访客：售后电话一直打不通，等了四十分钟\n10:01:00 小李：抱歉", "差评"]]
    path = xlsx(tmp_path / "chats.xlsx", rows, sheet="会话", extra_sheets={"汇总": [["渠道", "数量"], ["合计", 2]]})
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        reports = import_files(project, [str(path)], None)
        again = import_files(project, [str(path)], None)
    chats = next(r for r in reports if r.sheet == "会话")
    assert chats.conversations == 2 and chats.turns == {"customer": 3, "system": 2, "agent": 2}
    assert any(r.shape == "skipped" and r.sheet == "汇总" for r in reports)
    assert next(r for r in again if r.sheet == "会话").duplicates == 2
    db = sqlite3.connect(tmp_path / "p.kesheng")
    texts = [r[0] for r in db.execute("select text from records order by id")]
    assert texts[1] == "售后电话一直打不通，等了四十分钟"  # full-width comma kept: the customer's exact words
    assert [r[0] for r in db.execute("select rating from records order by id")] == [5, 1]


def test_failed_import_leaves_no_new_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("数量\n1\n2\n", encoding="utf-8")
    target = tmp_path / "new.kesheng"
    assert main(["import", str(target), str(bad)]) != 0
    assert not target.exists()


README_COUNTS = {"01": (72, 72, 0), "02": (50, 50, 0), "03": (40, 40, 1), "04": (80, 0, 0), "05": (90, 0, 3),
                 "06": (100, 0, 0), "07": (30, 30, 0)}


@pytest.mark.skipif(not EXPORTS.is_dir(), reason="shared exports not present")
@pytest.mark.parametrize("number", sorted(README_COUNTS))
def test_shared_export_alone(tmp_path: Path, number: str) -> None:
    (path,) = [p for p in EXPORTS.iterdir() if p.name.startswith(number + "_")]
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        reports = import_files(project, [str(path)], None)
    records, conversations, duplicates = README_COUNTS[number]
    assert sum(r.imported for r in reports) == records
    assert sum(r.conversations for r in reports) == conversations
    assert sum(r.duplicates for r in reports) == duplicates


def test_speaker_both_agent_and_customer_is_warned_and_strict_fails(tmp_path: Path) -> None:
    rows = ["会话ID,发送人,角色,发送时间,消息内容"]
    for s in range(4):
        rows += [f"S{s},顾客{s},客户,2024-05-0{s + 1} 10:00:00,洗衣机漏水了怎么办",
                 f"S{s},小王,客服,2024-05-0{s + 1} 10:00:30,您好，请问是哪个型号"]
    rows.append("S9,小王,客户,2024-05-09 10:00:00,我要投诉")  # the agent's name on a customer line
    src = tmp_path / "msgs.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        (report,) = import_files(project, [str(src)], None)
    assert [w for w in report.warnings if "'小王' speaks both as an agent and as the customer" in w]
    assert main(["import", str(tmp_path / "strict.kesheng"), str(src), "--strict"]) == 1
    assert not (tmp_path / "strict.kesheng").exists()
    clean = tmp_path / "clean.csv"
    clean.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    with Project.open(str(tmp_path / "q.kesheng")) as project:
        (report,) = import_files(project, [str(clean)], None)
    assert not [w for w in report.warnings if "speaks both" in w]
