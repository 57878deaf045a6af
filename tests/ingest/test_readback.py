"""Issue 22 item 9: what was imported can be read back headless (export columns, --turns, info --json), and the
service analytics see the planted agents, on the seven shared exports imported together (file order)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.ingest.options import ImportReport
from workbench.ingest.pipeline import import_files
from workbench.project import Project

EXPORTS = Path(__file__).resolve().parents[3] / "shared" / "exports"
pytestmark = pytest.mark.skipif(not EXPORTS.is_dir(), reason="shared exports not present")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[ImportReport]]:
    target = str(tmp_path_factory.mktemp("seven") / "p.kesheng")
    files = sorted(str(p) for p in EXPORTS.iterdir() if p.name[:2].isdigit() and p.suffix != ".py")
    with Project.open(target) as project:
        reports = import_files(project, files, None)
    return target, reports


@pytest.fixture
def all_seven(imported: tuple[str, list[ImportReport]]) -> str:
    return imported[0]


# README "Expected import result per file": PII in free text of the records that survive de-duplication
README_PII = {"01": {"mobile": 5, "id_card": 1, "bank_card": 1, "email": 1, "address": 1},
              "02": {"mobile": 1, "bank_card": 1, "email": 2, "address": 1},
              "03": {"mobile": 2, "email": 3, "address": 1},
              "04": {"mobile": 4, "id_card": 1, "email": 1, "address": 2},
              "05": {"mobile": 1}, "06": {"mobile": 2}, "07": {"mobile": 1, "id_card": 1, "email": 1}}


def test_pii_counted_after_deduplication_in_text_apart_from_columns(
        imported: tuple[str, list[ImportReport]]) -> None:
    per_file: dict[str, Counter[str]] = {}
    columns: dict[str, Counter[str]] = {}
    for report in imported[1]:
        number = Path(report.path).name[:2]
        per_file.setdefault(number, Counter()).update(report.masked_by_kind)
        columns.setdefault(number, Counter()).update(report.masked_in_columns)
        assert not [w for w in report.warnings if "speaks both" in w]
    assert {k: dict(v) for k, v in per_file.items()} == README_PII
    assert dict(columns["04"]) == {"mobile": 62}  # 联系电话: full mobiles (the 18 already masked are not found)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_info_json_counts_records_conversations_and_turns_by_role(all_seven: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", all_seven, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["records"], info["conversations"]) == (450, 180)
    assert set(info["turns"]) == {"customer", "agent", "bot", "system"}
    assert info["turns"]["bot"] > 0 and info["turns"]["customer"] > info["turns"]["system"]


def test_turns_export_of_the_named_sessions(all_seven: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "turns.csv"
    assert main(["export", all_seven, "--turns", "--out", str(out)]) == 0
    rows = _csv(out)
    assert list(rows[0]) == ["record_id", "session", "role", "speaker", "time", "text"]
    info = main(["info", all_seven, "--json"]) == 0 and json.loads(capsys.readouterr().out.splitlines()[-1])
    assert len(rows) == sum(info["turns"].values())
    by_session: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_session.setdefault(row["session"], []).append(row)
    # README "Named sessions": customer / agent / robot / system turns
    expected = {"C2026100600041": (5, 4, 3, 3, "客服小王"), "wmuP3QXcKq4TF3": (3, 4, 0, 0, "客服阿杰"),
                "C2026102700100": (4, 3, 1, 3, "客服小周"), "app-ef1a2ff1": (4, 3, 0, 0, "客服小刘")}
    for session, (cust, agent, bot, system, name) in expected.items():
        turns = by_session[session]
        roles = Counter(t["role"] for t in turns)
        assert (roles["customer"], roles["agent"], roles["bot"], roles["system"]) == (cust, agent, bot, system)
        assert {t["speaker"] for t in turns if t["role"] == "agent"} == {name}
        assert len({t["record_id"] for t in turns}) == 1
    midnight = [t["time"] for t in by_session["wmuP3QXcKq4TF3"]]
    assert midnight == sorted(midnight) and midnight[0].startswith("2026-09-18") and midnight[-1].startswith(
        "2026-09-19")


def test_export_gains_session_customer_agent_rating(all_seven: str, tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    assert main(["export", all_seven, "--out", str(out)]) == 0
    rows = _csv(out)
    columns = list(rows[0])
    at = columns.index("session")  # later issues append their own columns after these five
    assert len(rows) == 450 and columns[at:at + 5] == ["session", "customer", "agent", "rating", "nps"]
    a_s4 = next(r for r in rows if r["session"] == "app-ef1a2ff1")
    assert a_s4["agent"] == "客服小刘" and a_s4["customer"]
    jd = [r for r in rows if r["channel"] == "京东"]
    assert len(jd) == 60 and {r["rating"] for r in jd} <= {"1", "2", "3", "4", "5"}
    assert all(r["customer"] and "会员" not in r["customer"] for r in jd)  # 用户PIN, not 用户等级
    assert len({r["external_id"] for r in jd}) == 60 and all(len(r["external_id"]) == 12 for r in jd)  # 订单号
    assert sum(1 for r in rows if r["session"]) == 180


def test_service_by_agent_ranks_the_slow_agent_and_flags_the_forbidden_phrase(
        all_seven: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", all_seven, "--by", "agent", "--json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    sessions = {k: r["conversations"] for k, r in rows.items() if k.startswith("客服")}
    assert sessions == {"客服小刘": 31, "客服小周": 28, "客服小王": 44, "客服小美": 40, "客服阿杰": 32}
    slowest = max(sessions, key=lambda k: rows[k]["avg_response_s"])
    assert slowest == "客服小周"
    assert max(sessions, key=lambda k: rows[k]["first_response_s"]) == "客服小周"
    flagged = {k for k, r in rows.items() if r.get("forbidden_phrases")}
    assert flagged == {"客服小刘"} and sum(rows["客服小刘"]["forbidden_phrases"].values()) == 6


def test_nps_column_exported_as_nps(tmp_path: Path) -> None:
    src = tmp_path / "survey.csv"
    src.write_text("编号,提交时间,推荐意愿NPS,意见\n" + "".join(
        f"S{i},2024-05-0{i % 9 + 1} 10:00:00,{i % 11},第{i}条意见：安装师傅态度还可以但是来得太晚\n"
        for i in range(1, 23)), encoding="utf-8")
    project_path = str(tmp_path / "p.kesheng")
    with Project.open(project_path) as project:
        import_files(project, [str(src)], None)
    out = tmp_path / "o.csv"
    assert main(["export", project_path, "--out", str(out)]) == 0
    rows = _csv(out)
    assert [r["nps"] for r in rows[:3]] == ["1", "2", "3"] and rows[9]["nps"] == "10"
    assert main(["export", project_path, "--turns", "--out", str(tmp_path / "t.csv")]) == 0
    assert _csv(tmp_path / "t.csv") == []  # surveys have no turns
