"""`service` end to end: a real chat export (xlsx, one row per message) imported, then scored by the CLI."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from workbench.cli import main

T0 = datetime(2026, 4, 1, 9)


def write_chats(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["会话ID", "轮次", "发送方", "客服工号", "发送时间", "内容"])
    for s in range(24):
        agent = "KF9" if s % 4 == 0 else f"KF{s % 3}"
        gap = 400 if agent == "KF9" else 30
        start = T0 + timedelta(hours=s)
        lines = [("客户", "", "耳机充电发烫怎么办"), ("客服", agent, "您好，很高兴为您服务"),
                 ("客服", agent, "麻烦提供一下订单号核实"), ("客户", "", "订单号123456"),
                 ("客服", agent, "为您安排换新"), ("客户", "", "好的，谢谢"), ("客服", agent, "祝您生活愉快")]
        for turn, (role, who, text) in enumerate(lines, 1):
            ws.append([f"S{s}", turn, role, who, start + timedelta(seconds=turn * gap), text])
    wb.save(path)


def test_service_json_after_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "chats.xlsx"
    write_chats(export)
    project = str(tmp_path / "p.kesheng")
    assert main(["import", project, str(export), "--channel", "chat"]) == 0
    capsys.readouterr()
    assert main(["service", project, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == "agent"
    rows = {r["key"]: r for r in data["rows"]}
    assert set(rows) == {"KF0", "KF1", "KF2", "KF9"}
    assert sum(r["conversations"] for r in rows.values()) == 24
    assert rows["KF9"]["first_response_s"] == 400
    assert rows["KF0"]["first_response_s"] == 30
    for field in ("avg_response_s", "sop_compliance", "resolved_share", "dissatisfaction"):
        assert field in rows["KF0"]
    assert rows["KF0"]["resolved_share"] == 1.0


def test_service_on_project_without_chats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = str(tmp_path / "p.kesheng")
    assert main(["info", project]) == 1
    from workbench.project import Project

    Project.open(project).close()
    assert main(["service", project]) == 0
    assert "no conversations" in capsys.readouterr().out


def test_sop_checklist_and_teams_from_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "chats.xlsx"
    write_chats(export)
    project = str(tmp_path / "p.kesheng")
    assert main(["import", project, str(export), "--channel", "chat"]) == 0
    (tmp_path / "sop.json").write_text(json.dumps([{"name": "apology", "patterns": ["抱歉"]},
                                                   {"name": "换新", "patterns": ["换新"], "forbidden": True}]),
                                       encoding="utf-8")
    (tmp_path / "teams.json").write_text(json.dumps({"KF9": "夜班", "KF0": "白班"}), encoding="utf-8")
    capsys.readouterr()
    assert main(["service", project, "--sop", str(tmp_path / "sop.json"), "--teams", str(tmp_path / "teams.json"),
                 "--by", "team", "--json", "--export-sop", str(tmp_path / "out.json")]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["key"]: r for r in data["rows"]}
    assert rows["夜班"]["conversations"] == 6 and rows["夜班"]["forbidden_phrases"] == {"换新": 6}
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))[0]["name"] == "apology"
    (tmp_path / "bad.json").write_text('{"not": "a list"}', encoding="utf-8")
    assert main(["service", project, "--sop", str(tmp_path / "bad.json")]) == 1
    assert main(["service", project, "--sop", "default", "--json"]) == 0


def test_bad_reviews_after_a_forbidden_phrase_are_attributed(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["会话ID", "轮次", "发送方", "客服工号", "客户昵称", "发送时间", "内容"])
    reviews = [["评价时间", "买家", "星级", "评论内容"]]
    for s in range(40):
        rude = s % 4 == 0
        start = T0 + timedelta(hours=s)
        lines = [("客户", "", "耳机充电发烫怎么办"), ("客服", "KF1", "您好，订单号是多少"),
                 ("客服", "KF1", "这不归我们管" if rude else "为您安排换新"), ("客户", "", "好的")]
        for turn, (role, agent, text) in enumerate(lines, 1):
            ws.append([f"S{s}", turn, role, agent, f"buyer{s}", start + timedelta(seconds=30 * turn), text])
        if rude or s % 10 == 1:
            reviews.append([(start + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"), f"buyer{s}",
                            1 if rude else 5, f"客服说不归他们管，差评{s}" if rude else f"很好{s}"])
    wb.save(tmp_path / "chats.xlsx")
    with (tmp_path / "reviews.csv").open("w", encoding="utf-8") as fh:
        fh.write("\n".join(",".join(str(v) for v in row) for row in reviews))
    project = str(tmp_path / "p.kesheng")
    assert main(["import", project, str(tmp_path / "chats.xlsx"), "--channel", "chat"]) == 0
    assert main(["import", project, str(tmp_path / "reviews.csv"), "--channel", "review"]) == 0
    capsys.readouterr()
    assert main(["service", project, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    after = {e["factor"]: e for e in data["bad_review_after"]}
    assert after["said:不归我们管"]["with"] == [10, 10] and after["said:不归我们管"]["without"] == [0, 30]
    assert "差评" in data["diagnosis"]
