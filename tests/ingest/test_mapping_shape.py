"""Issue 22: the auto-mapping chooses id, customer and agent by the shape of the values, not the first header."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from workbench.ingest.column_shape import is_row_counter
from workbench.ingest.mapping import detect, header_fit
from workbench.ingest.pipeline import import_files
from workbench.project import Project


def test_row_counter_is_not_the_id_and_a_level_is_not_the_customer() -> None:
    header = ["No", "单号", "会员级别", "买家账号", "内容"]
    levels = ["金牌", "银牌", "铜牌"]
    sample: list[list[object]] = [[i, f"T{9000 + i * 7}", levels[i % 3], f"jd_{i % 9}x", "东西坏了要退"]
                                  for i in range(1, 31)]
    mapping = detect(header, sample)
    assert mapping["customer"] == "买家账号"
    assert mapping.get("id") != "No"


def test_row_counter_survives_a_note_row_but_order_numbers_are_not_counters() -> None:
    assert is_row_counter([str(i) for i in range(1, 30)] + ["注：说明"])
    assert not is_row_counter(["274807828940", "227536202480", "338619890795"])
    assert not is_row_counter(["1", "2", "5", "9"])


def test_nested_agent_object_maps_its_name_leaf() -> None:
    assert header_fit("staff.nickname", "agent") == 1.5 and header_fit("staff", "agent") == 3.0
    header = ["conv_id", "staff", "staff.no", "staff.nickname", "who", "body"]
    sample: list[list[object]] = []
    for s in range(6):
        staff = (None, None, None) if s == 0 else (None, str(2000 + s), f"小{s}")
        for who in ("visitor", "agent", "visitor"):
            sample.append([f"c{s}", *staff, who, "你好，我的订单还没到" if who == "visitor" else "您好，在的"])
    mapping = detect(header, sample)
    assert mapping["agent"] == "staff.nickname"


def test_json_agent_object_names_the_record_and_only_the_agent_turns(tmp_path: Path) -> None:
    sessions = [{"session_id": f"s{i}", "user": {"uid": f"U{i}", "nick": f"用户{i}"},
                 "agent": None if i == 0 else {"id": f"10{i}", "name": "客服小安"},
                 "messages": [{"from": "visitor", "ts": 1_760_000_000 + i * 1000, "content": "空调不制冷了"},
                              {"from": "robot", "ts": 1_760_000_002 + i * 1000, "content": "您好，我是小助手"},
                              {"from": "agent", "ts": 1_760_000_030 + i * 1000, "content": "您好，请问型号是？",
                               **({} if i == 0 else {"agent_name": "客服小安"})}]}
                for i in range(4)]
    path = tmp_path / "chats.json"
    path.write_text(json.dumps({"code": 0, "data": sessions}, ensure_ascii=False), encoding="utf-8")
    with Project.open(str(tmp_path / "p.kesheng")) as project:
        (report,) = import_files(project, [str(path)], None)
    assert report.mapping["agent"] in ("agent.name", "agent_name")
    db = sqlite3.connect(tmp_path / "p.kesheng")
    agents = {r[0] for r in db.execute("select agent from records")}
    assert agents == {None, "客服小安"}
    speakers = set(db.execute("select role, agent from messages where agent is not null"))
    assert speakers == {("agent", "客服小安")}  # never on the customer's or the robot's turns
