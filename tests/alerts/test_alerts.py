"""Alert rules end to end: words with exclusions, surges, no double firing, SMTP, outbox, back-test, CLI."""

from __future__ import annotations

import email
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.analysis.builders import Rec, add_records, setup_taxonomy
from tests.smtp_inbox import Inbox, free_port
from workbench.alerts.backtest import backtest
from workbench.alerts.delivery import DeliveryError, OutboxDelivery, SmtpDelivery
from workbench.alerts.evaluate import evaluate_alerts
from workbench.alerts.rules import add_rule, get_rule, set_enabled
from workbench.cli import main
from workbench.errors import InputError, UsageError
from workbench.project import Project

START = datetime(2024, 1, 1, 9)  # a Monday



@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


SURGE = 60


def _history(project: Project) -> None:
    """Eight weeks of 3 logistics records a day, then a surge of 60 on the last day (2024-02-26); planted
    word cases. The data spans eight weeks, so periods are months: February so far (26 days, 135 records)
    against the 26 days before it (78)."""
    setup_taxonomy(project)
    recs = []
    for d in range(56):
        day = START + timedelta(days=d)
        recs += [Rec(f"快递有点慢 第{d}天 {i}", day + timedelta(minutes=i), [("log.speed", "neutral")])
                 for i in range(3)]
    last = START + timedelta(days=56)
    recs += [Rec(f"快递丢件了 {i}", last + timedelta(minutes=i), [("log.speed", "negative")])
             for i in range(SURGE)]
    recs += [
        Rec("我要去315投诉你们", last, channel="chat"),
        Rec("再不处理我就投诉到消协", last, channel="chat"),
        Rec("投诉建议已收到，谢谢", last, channel="chat"),  # excluded
        Rec("我要投诉", last, channel="review"),  # other channel
    ]
    add_records(project, recs)


def _words_rule(project: Project) -> None:
    add_rule(project, "投诉", "words", {"regex": "投诉|315|消协", "exclude": "建议已收到", "channel": "chat"})


def test_words_rule_with_exclusions_and_channel(project: Project) -> None:
    _history(project)
    _words_rule(project)
    fired = evaluate_alerts(project)
    assert len(fired) == 1
    with project.read() as conn:
        ids = ",".join(str(i) for i in fired[0].record_ids)
        texts = {r.text for r in conn.exec_driver_sql(f"SELECT text FROM records WHERE id IN ({ids})")}
    assert texts == {"我要去315投诉你们", "再不处理我就投诉到消协"}
    assert fired[0].delivered is None


def test_no_double_firing_and_new_records_fire(project: Project) -> None:
    _history(project)
    _words_rule(project)
    add_rule(project, "物流激增", "surge", {"node": "物流", "z": 3.0})
    first = evaluate_alerts(project)
    assert {f.rule.name for f in first} == {"投诉", "物流激增"}
    assert evaluate_alerts(project) == []
    new = add_records(project, [Rec("必须投诉", START + timedelta(days=57), channel="chat")])
    again = evaluate_alerts(project)
    assert [(f.rule.name, f.record_ids) for f in again] == [("投诉", new)]


def test_surge_rule_compares_the_partial_month_with_as_many_days_before(project: Project) -> None:
    _history(project)
    add_rule(project, "物流激增", "surge", {"node": "物流", "z": 3.0})
    fired = evaluate_alerts(project)
    assert len(fired) == 1
    d = fired[0].detail
    assert (d["from"], d["to"], d["previous_from"], d["previous_to"]) == ("2024-02-01", "2024-02-26",
                                                                          "2024-01-06", "2024-01-31")
    assert d["partial"] and d["grain"] == "month" and d["days"] == 26
    assert (d["count"], d["previous"]) == (25 * 3 + SURGE, 26 * 3) and d["z"] >= 3
    assert len(fired[0].record_ids) == d["count"]
    from workbench.alerts.delivery import rise_lines

    assert "本月未完，仅 26 天，与此前同样 26 天相比" in rise_lines(d, "zh")[0]
    assert "the month so far, 26 days, compared with the same 26 days just before it" in rise_lines(d, "en")[0]


def test_surge_rule_compares_complete_weeks_and_stays_quiet_without_a_rise(project: Project) -> None:
    """Six weeks of 2 a day, then a complete week of 8 a day: the week fires against the week before it, the
    month so far against as many days before it; by days, the last day is no higher than the one before."""
    setup_taxonomy(project)
    recs = [Rec(f"快递慢 {d} {i}", START + timedelta(days=d, minutes=i), [("log.speed", "negative")])
            for d in range(49) for i in range(2 if d < 42 else 8)]
    add_records(project, recs)
    add_rule(project, "周激增", "surge", {"node": "物流", "period": "week"})
    add_rule(project, "月激增", "surge", {"node": "物流", "period": "month"})
    add_rule(project, "日激增", "surge", {"node": "物流", "period": "day"})
    fired = evaluate_alerts(project)
    assert [f.rule.name for f in fired] == ["周激增", "月激增"]
    assert fired[1].detail["partial"] and (fired[1].detail["count"], fired[1].detail["previous"]) == (78, 36)
    d = fired[0].detail
    assert (d["from"], d["to"], d["previous_from"], d["count"], d["previous"], d["partial"]) == (
        "2024-02-12", "2024-02-18", "2024-02-05", 56, 14, False)
    assert "2024-02-12 至 2024-02-18：56 条，上期 2024-02-05 至 2024-02-11：14 条" in rise_lines_zh(d)


def rise_lines_zh(detail: dict[str, object]) -> str:
    from workbench.alerts.delivery import rise_lines

    return rise_lines(detail, "zh")[0]


def test_rule_period_is_checked(project: Project) -> None:
    setup_taxonomy(project)
    with pytest.raises(UsageError, match="unknown alert period"):
        add_rule(project, "x", "surge", {"node": "物流", "period": "year"})
    assert add_rule(project, "y", "surge", {"node": "物流"}).params["period"] == "auto"


def test_dissatisfaction_rule(project: Project) -> None:
    setup_taxonomy(project)
    recs = [Rec(f"一般 {d}", START + timedelta(days=d), sentiment="neutral", dissatisfaction=0.9 if d % 2 else 0.1)
            for d in range(40)]
    recs += [Rec(f"非常不满 {i}", START + timedelta(days=40), sentiment="negative", dissatisfaction=0.95)
             for i in range(16)]
    add_records(project, recs)
    add_rule(project, "不满激增", "dissatisfaction", {"level": 0.8, "z": 3.0})
    fired = evaluate_alerts(project)
    # weeks (41 days of data): Mon 2024-02-05 to Sat 02-10 (3 + 16 very dissatisfied) against the six days before (3)
    assert len(fired) == 1 and fired[0].detail["partial"] and fired[0].detail["previous"] == 3
    with project.read() as conn:
        ids = ",".join(str(i) for i in fired[0].record_ids)
        texts = conn.exec_driver_sql(f"SELECT text FROM records WHERE id IN ({ids})").scalars().all()
    assert len(texts) == 19 and sum(t.startswith("非常不满") for t in texts) == 16


def test_smtp_delivery_reads_the_message(project: Project, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    _history(project)
    _words_rule(project)
    fired = evaluate_alerts(project, SmtpDelivery("127.0.0.1", port, "ops@example.com"))
    assert fired[0].delivered == "smtp"
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == "ops@example.com"
    subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
    assert "投诉" in subject and "2" in subject
    body = msg.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "我要去315投诉你们" in body and "Rule '投诉'" in body
    with project.read() as conn:
        assert conn.exec_driver_sql("SELECT delivered FROM alerts").scalar() == "smtp"


def test_smtp_failure_is_one_sentence_and_alert_is_kept(project: Project) -> None:
    _history(project)
    _words_rule(project)
    with pytest.raises(DeliveryError, match="could not send"):
        evaluate_alerts(project, SmtpDelivery("127.0.0.1", free_port(), "ops@example.com", timeout=2))
    with project.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*), max(delivered) FROM alerts").one() == (1, None)


def test_outbox_delivery_writes_eml(project: Project, tmp_path: Path) -> None:
    _history(project)
    _words_rule(project)
    evaluate_alerts(project, OutboxDelivery(tmp_path / "outbox"))
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    msg = email.message_from_bytes(files[0].read_bytes())
    assert "再不处理我就投诉到消协" in msg.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]


def test_backtest_counts_days_without_storing(project: Project) -> None:
    _history(project)
    add_rule(project, "慢", "words", {"regex": "慢"})
    result = backtest(project, get_rule(project, "慢"))
    assert result.fires == 56 and result.records == 168 and len(result.weeks) == 8
    add_rule(project, "物流激增", "surge", {"node": "物流/配送时效", "z": 3.0})
    assert backtest(project, get_rule(project, "物流激增")).days == {datetime(2024, 2, 1).date(): 135}
    with project.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM alerts").scalar() == 0


def test_rule_validation(project: Project) -> None:
    setup_taxonomy(project)
    with pytest.raises(InputError, match="regular expression"):
        add_rule(project, "bad", "words", {"regex": "("})
    with pytest.raises(InputError, match="no taxonomy node"):
        add_rule(project, "bad", "surge", {"node": "不存在"})
    _words_rule(project)
    with pytest.raises(UsageError, match="exists already"):
        _words_rule(project)
    set_enabled(project, "投诉", False)
    assert evaluate_alerts(project) == []


def test_cli_alerts_json(project: Project, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]) -> None:
    inbox, port = smtp
    _history(project)
    target = project.target
    project.close()
    assert main(["alerts", target, "--add-rule", "投诉", "--words", "投诉|315", "--exclude", "建议已收到",
                 "--channel", "chat"]) == 0
    assert main(["alerts", target, "--add-rule", "激增", "--surge", "物流", "--z", "3"]) == 0
    capsys.readouterr()
    assert main(["alerts", target, "--run", "--smtp", f"127.0.0.1:{port}", "--mail-to", "a@b.cn", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(f["rule"] for f in out["fired"]) == ["投诉", "激增"]
    assert all(f["delivered"] == "smtp" and f["records"] for f in out["fired"])
    assert len(inbox.messages) == 2
    assert main(["alerts", target, "--backtest", "投诉", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fires"] == 1
    assert main(["alerts", target, "--list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["rules"]) == 2
    assert main(["alerts", target, "--add-rule", "x"]) == 2
    assert main(["alerts", target, "--add-rule", "x", "--words", "a", "--surge", "物流"]) == 2
    assert main(["alerts", target, "--add-rule", "不满", "--dissatisfaction", "0.8", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["params"]["level"] == 0.8
    assert main(["alerts", target, "--backtest", "nope"]) == 1


def test_credentials_never_sent_without_starttls(project: Project, smtp: tuple[Inbox, int],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp
    _history(project)
    _words_rule(project)
    monkeypatch.setenv("KESHENG_SMTP_USER", "me")
    monkeypatch.setenv("KESHENG_SMTP_PASSWORD", "secret")
    with pytest.raises(DeliveryError, match="STARTTLS"):
        evaluate_alerts(project, SmtpDelivery("127.0.0.1", port, "ops@example.com"))
    assert inbox.messages == []
    with project.read() as conn:
        settings = conn.exec_driver_sql("SELECT value FROM settings").scalars().all()
        params = conn.exec_driver_sql("SELECT params FROM alert_rules").scalars().all()
    assert not any("secret" in str(v) for v in [*settings, *params])


def test_configured_delivery_from_project_settings(project: Project, tmp_path: Path) -> None:
    from workbench.alerts.evaluate import OUTBOX_SETTING, configured_delivery

    _history(project)
    _words_rule(project)
    assert configured_delivery(project) is None
    project.set_setting(OUTBOX_SETTING, str(tmp_path / "box"))
    fired = evaluate_alerts(project, configured_delivery(project))
    assert fired[0].delivered == "outbox" and len(list((tmp_path / "box").glob("*.eml"))) == 1
