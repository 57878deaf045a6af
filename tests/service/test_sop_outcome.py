"""SOP checks, outcomes, scorecards and attribution on constructed conversations."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from workbench.errors import InputError
from workbench.service import outcome, sop
from workbench.service.attribution import attribute, diagnosis, effect
from workbench.service.model import ConversationReport
from workbench.service.scorecard import scorecards
from workbench.service.timing import measure
from workbench.types import Conversation, Turn

T0 = datetime(2026, 3, 1, 10)


def chat(record_id: int, agent: str, agent_lines: list[str], customer_last: str = "好的，谢谢",
         gap: float = 30, rating: float | None = None) -> Conversation:
    turns = [Turn("customer", "耳机充电发烫，怎么办", T0)]
    clock = 0.0
    for line in agent_lines:
        clock += gap
        turns.append(Turn("agent", line, T0 + timedelta(seconds=clock), agent))
    turns.append(Turn("customer", customer_last, T0 + timedelta(seconds=clock + 20)))
    return Conversation(record_id, tuple(turns), T0, rating=rating)


GOOD = ["您好，很高兴为您服务", "麻烦提供一下订单号，我帮您核实", "非常抱歉给您带来不便", "为您安排换新",
        "请问还有其他问题吗？", "感谢您的耐心，祝您生活愉快"]


def report(c: Conversation, intent: str = "complaint") -> ConversationReport:
    return ConversationReport(c, measure(c), sop.check(c, sop.DEFAULT_SOP, intent), outcome.judge(c))


def test_full_sop_passes_with_evidence_turns() -> None:
    checks = {c.item: c for c in sop.check(chat(1, "A", GOOD))}
    assert all(checks[i].passed for i in ("greeting", "identity_check", "empathy", "solution", "closing"))
    assert checks["identity_check"].turn == 2
    assert checks["不知道"].passed and checks["不知道"].forbidden


def test_skipped_identity_and_forbidden_phrase() -> None:
    lines = [GOOD[0], "这不归我们管，您去找快递公司吧", GOOD[-1]]
    checks = {c.item: c for c in sop.check(chat(1, "A", lines))}
    assert not checks["identity_check"].passed and checks["identity_check"].required
    assert not checks["不归我们管"].passed and checks["不归我们管"].turn == 2
    r = report(chat(1, "A", lines))
    assert r.sop_compliance < report(chat(2, "A", GOOD)).sop_compliance


def test_identity_check_not_required_for_inquiries() -> None:
    checks = {c.item: c for c in sop.check(chat(1, "A", [GOOD[0], GOOD[-1]]), intent="inquiry")}
    assert not checks["identity_check"].required


def test_custom_checklist_from_setting() -> None:
    items = sop.sop_from_setting([{"name": "apology", "patterns": ["抱歉"]}])
    assert [c.item for c in sop.check(chat(1, "A", GOOD), items)] == ["apology"]
    assert sop.sop_from_setting(sop.sop_to_setting(sop.DEFAULT_SOP)) == sop.DEFAULT_SOP
    with pytest.raises(InputError):
        sop.sop_from_setting([{"name": "bad", "patterns": ["(unclosed"]}])


def test_outcomes() -> None:
    assert outcome.judge(chat(1, "A", GOOD)).status == "resolved"
    assert outcome.judge(chat(1, "A", ["已升级给售后主管，24小时内专员联系您"])).status == "escalated"
    gave_up = outcome.judge(chat(1, "A", ["不知道"], customer_last="算了，什么都没解决，差评！！"))
    assert gave_up.status == "unresolved"
    assert gave_up.dissatisfaction_end > gave_up.dissatisfaction_start
    assert gave_up.went_wrong_turn is not None


def test_scorecard_flags_the_slow_agent() -> None:
    reports = [report(chat(i, f"A{i % 5}", GOOD, gap=30 + i % 7)) for i in range(100)]
    reports += [report(chat(100 + i, "SLOW", GOOD, gap=300)) for i in range(20)]
    rows = {r.key: r for r in scorecards(reports, "agent")}
    assert "slow responses" in rows["SLOW"].flags
    assert rows["SLOW"].avg_response_s == 300
    assert all("slow responses" not in rows[f"A{i}"].flags for i in range(5))
    assert len(rows["SLOW"].record_ids) == 20


def test_effect_interval_maths() -> None:
    e = effect("x", [True] * 10 + [False] * 10, [True] * 8 + [False] * 2 + [True] * 2 + [False] * 8)
    assert (e.with_n, e.with_bad, e.without_n, e.without_bad) == (10, 8, 10, 2)
    assert e.difference == pytest.approx(0.6)
    se = (0.8 * 0.2 / 10 + 0.2 * 0.8 / 10) ** 0.5
    assert e.low == pytest.approx(0.6 - 1.96 * se, abs=1e-4)


def test_attribution_finds_the_forbidden_phrase() -> None:
    reports = [report(chat(i, "A", GOOD)) for i in range(60)]
    reports += [report(chat(100 + i, "B", [*GOOD[:-1], "这不归我们管", GOOD[-1]], customer_last="算了，差评"))
                for i in range(15)]
    effects = attribute(reports)
    assert effects[0].factor == "said:不归我们管"
    assert effects[0].low > 0.5
    text = diagnosis(effects)
    assert "不归我们管" in text and "15/15" in text
    assert diagnosis([], "en").startswith("No service behaviour")


def test_issues_compete_with_behaviours() -> None:
    reports = [report(chat(i, "A", GOOD)) for i in range(40)]
    reports += [report(chat(100 + i, "A", GOOD, customer_last="算了，差评")) for i in range(12)]
    about_refund = [False] * 40 + [True] * 12
    effects = {e.factor: e for e in attribute(reports, {"issue:退款": about_refund})}
    assert effects["issue:退款"].with_bad == 12 and effects["issue:退款"].without_bad == 0
    assert "退款" in diagnosis(list(effects.values()))
