"""Every source format lands with the right records (real files built here)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from tests.ingest.helpers import count, records, set_cached_values, xlsx
from workbench.errors import InputError
from workbench.ingest.pipeline import ImportOptions, import_files, preview
from workbench.project import Project
from workbench.store import schema

ROWS = [["编号", "评论时间", "评分", "评论内容"],
        [1, "2024-03-05 10:00", 5, "物流很快,包装完好"],
        [2, "2024/3/6 11:30", "4", "质量不错,就是价格有点贵"]]


def test_xlsx_title_rows_merged_header_blank_rows_serials_formulas(project: Project, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年3月 评价导出"])
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["客户信息", None, "评论内容", "评分", "字数"])
    ws.merge_cells("A3:B3")
    ws.append(["用户ID", "日期", None, None, None])
    ws.merge_cells("C3:C4")
    ws.append(["u1", 45356.25, "发货太慢了", "3", "=LEN(C5)"])
    ws.append([None, None, None, None, None])
    ws.append(["u2", 45357, "客服很耐心", 5, "=LEN(C7)"])
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    set_cached_values(path, {"E5": "5", "E7": "5"})
    (report,) = import_files(project, [str(path)])
    assert report.header_row == 4
    assert report.mapping["text"] == "评论内容" and report.mapping["customer"] == "用户ID"
    assert report.mapping["time"] == "日期"
    recs = records(project)
    assert [r["text"] for r in recs] == ["发货太慢了", "客服很耐心"]
    assert recs[0]["created_at"] == datetime(2024, 3, 5, 6, 0)
    assert recs[0]["rating"] == 3.0
    assert recs[0]["extra"] == {"字数": 5}
    assert recs[0]["source_row"] == 5 and recs[1]["source_row"] == 7


def test_xlsx_sheet_by_name_and_number(project: Project, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "two.xlsx", [["说明"], ["这是说明页"]], sheet="说明", extra_sheets={"数据": ROWS})
    assert preview(str(path)).names == ["说明", "数据"]
    (report,) = import_files(project, [str(path)], ImportOptions(sheet="2"))
    assert report.sheet == "数据" and report.imported == 2
    with pytest.raises(InputError, match="no sheet"):
        import_files(project, [str(path)], ImportOptions(sheet="nope"))


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("utf-16", "\t"), ("gb18030", ";"), ("utf-8", "|"),
])
def test_csv_encodings_and_delimiters(project: Project, tmp_path: Path, encoding: str, delimiter: str) -> None:
    lines = [delimiter.join(["时间", "渠道", "内容"]),
             delimiter.join(["2024-03-05", "review", '"第一行\n第二行,有逗号"']),
             delimiter.join(["2024-03-06", "review", "退货流程太复杂了"])]
    path = tmp_path / "data.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    info = preview(str(path))
    assert info.delimiter == delimiter
    (report,) = import_files(project, [str(path)])
    assert report.imported == 2, report.problems
    texts = [r["text"] for r in records(project)]
    assert texts == ["第一行\n第二行,有逗号", "退货流程太复杂了"]


def test_jsonl_chat_log_becomes_conversations(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    msgs = [
        {"session_id": "s1", "sender": "机器人", "content": "您好,请问有什么可以帮您", "time": "2024-03-05 10:00:00"},
        {"session_id": "s1", "sender": "买家", "content": "我的快递三天没动了,电话13812345678",
         "time": "2024-03-05 10:00:05"},
        {"session_id": "s1", "sender": "客服", "content": "亲,我帮您催一下", "time": "2024-03-05 10:01:00"},
        {"session_id": "s1", "sender": "买家", "content": "[图片]", "time": "2024-03-05 10:01:30"},
        {"session_id": "s1", "sender": "买家", "content": "谢谢", "time": "2024-03-05 10:02:00"},
        {"session_id": "s2", "sender": "买家", "content": "能开发票吗", "time": "2024-03-06 09:00:00"},
    ]
    path.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in msgs), encoding="utf-8")
    (report,) = import_files(project, [str(path)])
    assert report.conversations == 2 and report.messages == 6 and report.masked == 1
    recs = records(project)
    assert recs[0]["is_conversation"] and recs[0]["channel"] == "chat"
    assert recs[0]["text"] == "我的快递三天没动了,电话[手机号]\n谢谢"
    assert recs[0]["created_at"] == datetime(2024, 3, 5, 10, 0)
    with project.read() as conn:
        m = schema.messages
        rows = conn.execute(select(m.c.turn, m.c.role, m.c.text, m.c.is_noise)
                            .where(m.c.record_id == recs[0]["id"]).order_by(m.c.turn)).all()
    assert [(r[1], bool(r[3])) for r in rows] == [("bot", True), ("customer", False), ("agent", False),
                                                   ("customer", True), ("customer", False)]
    assert "13812345678" not in json.dumps([list(r) for r in rows], ensure_ascii=False)


def test_json_array_with_nested_messages(project: Project, tmp_path: Path) -> None:
    data = {"data": [{"session": "a1", "user": {"id": "u9"}, "messages": [
        {"role": "customer", "text": "屏幕有坏点", "turn": 2},
        {"role": "agent", "text": "请提供照片", "turn": 3},
        {"role": "customer", "text": "你好", "turn": 1}]}]}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (report,) = import_files(project, [str(path)])
    assert report.conversations == 1
    assert records(project)[0]["text"] == "你好\n屏幕有坏点"


def _sqlite_source(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE tickets (ticket_id TEXT, created TEXT, description TEXT, product TEXT)")
    conn.execute("CREATE TABLE other (x)")
    conn.executemany("INSERT INTO tickets VALUES (?,?,?,?)", [
        ("T1", "2024-03-05 08:00:00", "空调不制冷,师傅一直没上门", "KFR-35"),
        ("T2", "2024-03-06 08:00:00", "安装费收得太高", "KFR-26")])
    conn.commit()
    conn.close()
    return path


def test_sqlite_table_and_query(project: Project, tmp_path: Path) -> None:
    src = _sqlite_source(tmp_path / "crm.db")
    with pytest.raises(InputError, match="several tables"):
        import_files(project, [str(src)])
    (report,) = import_files(project, [str(src)], ImportOptions(table="tickets", channel="ticket"))
    assert report.imported == 2 and report.mapping["product"] == "product"
    recs = records(project)
    assert recs[0]["external_id"] == "T1" and recs[0]["channel"] == "ticket" and recs[0]["product"] == "KFR-35"
    (again,) = import_files(project, [str(src)], ImportOptions(
        query="SELECT ticket_id, created, description FROM tickets WHERE ticket_id = 'T2'"))
    assert again.read == 1 and again.duplicates == 1 and again.imported == 0


def test_database_url_is_read_only(project: Project, tmp_path: Path) -> None:
    src = _sqlite_source(tmp_path / "crm.db")
    url = f"sqlite:///{src}"
    (report,) = import_files(project, [url], ImportOptions(table="tickets"))
    assert report.imported == 2
    with pytest.raises(InputError, match="read-only SELECT"):
        import_files(project, [url], ImportOptions(query="DELETE FROM tickets"))
    assert count(project) == 2


def test_chat_export_rows_per_message_in_xlsx(project: Project, tmp_path: Path) -> None:
    rows = [["会话ID", "发送方", "轮次", "发送时间", "消息内容", "客服名称", "买家昵称"],
            ["c1", "客服", 2, "2024-03-05 10:00:10", "您好,请问有什么可以帮您", "小王", ""],
            ["c1", "买家", 1, "2024-03-05 10:00:00", "在吗", "", "tb_abc"],
            ["c1", "买家", 3, "2024-03-05 10:00:30", "充电器坏了,要退货", "", "tb_abc"],
            ["c1", "系统", 4, "2024-03-05 10:05:00", "会话已结束", "", ""],
            ["c2", "卖家", 1, "2024-03-05 11:00:00", "亲,您的包裹已发出", "小李", ""]]
    (report,) = import_files(project, [str(xlsx(tmp_path / "chat.xlsx", rows))])
    assert report.mapping["session"] == "会话ID" and report.mapping["role"] == "发送方"
    assert report.conversations == 1 and report.rejected == 1  # c2 has no customer words
    assert any("session c2 has no customer message" in p for p in report.problems)
    (rec,) = records(project)
    assert rec["text"] == "在吗\n充电器坏了,要退货" and rec["customer_key"] == "tb_abc" and rec["agent"] == "小王"
    assert rec["session_key"] == "c1" and rec["channel"] == "chat"
    with project.read() as conn:
        roles = conn.exec_driver_sql("SELECT role, is_noise FROM messages ORDER BY turn").all()
    assert [(r[0], bool(r[1])) for r in roles] == [("customer", False), ("agent", True), ("customer", False),
                                                    ("system", True)]
    (again,) = import_files(project, [str(xlsx(tmp_path / "chat2.xlsx", rows))])
    assert again.duplicates == 1 and again.conversations == 0
