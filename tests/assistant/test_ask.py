"""Ask end to end on a project built through the real CLI, with planted facts and known answers."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from workbench.assistant.ask import ask
from workbench.cli import main
from workbench.errors import Cancelled, InputError
from workbench.llm.backend import Usage
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.queries import records
from workbench.types import RecordFilter

PLAIN = ["快递太慢了，一周没动", "音质很好，推荐", "客服态度很好，耐心解答", "价格便宜，性价比高"]


@pytest.fixture(scope="module")
def project_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("ask")
    export = folder / "reviews.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["评论ID", "评论时间", "商品", "评论内容"])
        day = datetime(2026, 3, 1, 9)
        i = 0
        while day < datetime(2026, 9, 1):
            for k, text in enumerate(PLAIN):
                w.writerow([f"P{i}-{k}", day + timedelta(minutes=k), "声悦 Watch S3 智能手表", text])
            if day >= datetime(2026, 7, 1):  # planted: a battery defect on the earbuds from July
                earbuds = "声悦 AirBeat Pro 2 降噪耳机"
                w.writerow([f"B{i}", day + timedelta(hours=1), earbuds, f"充电发烫严重，第{i}天了"])
            day += timedelta(days=2)
            i += 1
    target = str(folder / "p.kesheng")
    assert main(["import", target, str(export), "--channel", "review"]) == 0
    assert main(["taxonomy", target, "--template", "consumer_electronics"]) == 0
    assert main(["tag", target, "--llm-budget", "0"]) == 0
    return target


class Scripted:
    """A backend whose streamed answer is given by the test."""

    def __init__(self, answer: str) -> None:
        self.answer, self.name, self.sha256, self.last_usage = answer, "scripted", None, Usage()

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        props = schema["properties"]
        if "issue" in props:
            return {"op": "count", "issue": props["issue"]["enum"][0]}
        return {key: "充电发烫" for key in props}

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        yield from (self.answer[:5], self.answer[5:])

    def close(self) -> None:
        pass


def test_when_did_the_battery_defect_start(project_path: str) -> None:
    with Project.open(project_path) as project:
        answer = ask(project, "电池发烫的问题是哪个月开始出现的？")
    assert answer.supported and "2026-07" in answer.text
    assert answer.quotes and all("发烫" in q.text for q in answer.quotes)
    assert any(f.query.startswith("count per month") for f in answer.figures)


def test_which_product(project_path: str) -> None:
    with Project.open(project_path) as project:
        answer = ask(project, "哪个产品的发烫问题最多？")
        expected = records.count(project, RecordFilter(products=("声悦 AirBeat Pro 2 降噪耳机",),
                                                       node_key=answer.results[0].figures and None))
    assert "AirBeat Pro 2" in answer.text
    top = answer.results[0].rows[0]
    assert top[0] == "声悦 AirBeat Pro 2 降噪耳机" and 0 < top[1] <= expected


def test_counts_match_the_store(project_path: str) -> None:
    with Project.open(project_path) as project:
        answer = ask(project, "7月有多少条发烫的反馈？")
        figure = next(f for f in answer.figures if f.label == "records")
        assert f"{int(figure.value):,}" in answer.text
        assert figure.value > 0


def test_unsupported_question_says_so(project_path: str) -> None:
    with Project.open(project_path) as project:
        answer = ask(project, "2025年1月有多少条发烫的反馈？")
    assert not answer.supported and "没有" in answer.text


def test_model_fabrication_is_caught(project_path: str) -> None:
    with Project.open(project_path) as project:
        honest = ask(project, "电池发烫的问题是哪个月开始出现的？")
        lie = ask(project, "电池发烫的问题是哪个月开始出现的？", Scripted("从2026年5月开始，共 987 条。"))
        streamed: list[str] = []
        faithful_text = honest.text.replace("按月看，", "")
        faithful = ask(project, "电池发烫的问题是哪个月开始出现的？", Scripted(faithful_text), on_text=streamed.append)
    assert lie.written_by == "template" and lie.text == honest.text and lie.removed
    assert faithful.written_by == "model" and faithful.text == faithful_text
    assert "".join(streamed) == faithful_text


def test_cancel_and_bad_input(project_path: str) -> None:
    token = CancelToken()
    token.cancel()
    with Project.open(project_path) as project:
        with pytest.raises(Cancelled):
            ask(project, "有多少条发烫的反馈？", cancel=token)
        with pytest.raises(InputError):
            ask(project, "   ")


def test_cli_json(project_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", project_path, "哪个产品的发烫问题最多？", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"answer", "figures", "quotes"}
    assert all({"value", "query"} <= set(f) for f in data["figures"])
    assert all({"record_id", "text"} <= set(q) for q in data["quotes"])
    assert main(["ask", str(Path(project_path).with_name("nope.kesheng")), "x"]) == 1
