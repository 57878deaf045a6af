"""Cleaning, dates and PII masking."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from workbench.ingest.clean import clean_text, is_noise, strip_noise
from workbench.ingest.dates import DateParser, get_zone
from workbench.ingest.pii import PiiMasker, is_id_card, luhn_ok


@pytest.mark.parametrize(("raw", "expected"), [
    ("<p>Ｈｅｌｌｏ&amp;世界</p>", "Hello&世界"),
    ("  太慢了\u3000\u3000真的  ", "太慢了 真的"),
    ("好评👍😀", "好评👍😀"),
    ("第一行\r\n\r\n  第二行", "第一行\n第二行"),
    (12345.0, "12345"),
    (None, ""),
])
def test_clean_text(raw: object, expected: str) -> None:
    assert clean_text(raw) == expected


def test_noise_is_dropped_but_customer_words_stay() -> None:
    assert strip_noise(clean_text("[图片][表情]")) == ""
    assert is_noise(clean_text("您好，请问有什么可以帮您？"))
    assert strip_noise(clean_text("自动回复：亲，稍等")) == "亲,稍等"
    assert strip_noise(clean_text("还行 [图片]")) == "还行"
    assert strip_noise("我觉得默认好评不合理") == "我觉得默认好评不合理"


def test_a_long_run_of_punctuation_is_not_a_regex_trap() -> None:
    # "。。。…x" once made the noise pattern backtrack exponentially (an import of real reviews hung);
    # at 60 marks that would take longer than the universe's age, so finishing at all is the check.
    text = "。" * 60 + "！" * 60 + "差评"
    assert strip_noise(text) == text
    assert strip_noise("。。。！！！ ") == ""


@pytest.mark.parametrize(("value", "expected"), [
    ("2024年3月5日", datetime(2024, 3, 5)),
    ("2024年3月5日 下午2点30分", datetime(2024, 3, 5, 14, 30)),
    ("2024/3/5 14:02", datetime(2024, 3, 5, 14, 2)),
    ("2024.03.05", datetime(2024, 3, 5)),
    ("2024-03-05T14:02:03", datetime(2024, 3, 5, 14, 2, 3)),
    ("20240305", datetime(2024, 3, 5)),
    ("03/05/2024 09:15", datetime(2024, 3, 5, 9, 15)),
    (45356.5, datetime(2024, 3, 5, 12, 0)),
    ("45356", datetime(2024, 3, 5)),
    (date(2024, 3, 5), datetime(2024, 3, 5)),
    ("昨天下午", None),
    ("2024-13-45", None),
    (5, None),
])
def test_dates(value: object, expected: datetime | None) -> None:
    assert DateParser()(value) == expected


def test_unix_and_offsets_convert_to_project_timezone() -> None:
    shanghai = DateParser(get_zone("Asia/Shanghai"))
    assert shanghai(1709618520) == datetime(2024, 3, 5, 14, 2)
    assert shanghai(1709618520000) == datetime(2024, 3, 5, 14, 2)
    assert shanghai("2024-03-05T06:02:00Z") == datetime(2024, 3, 5, 14, 2)
    assert DateParser(get_zone("UTC"))(1709618520) == datetime(2024, 3, 5, 6, 2)
    assert DateParser(get_zone("UTC+2"))("2024-03-05 06:02:00+00:00") == datetime(2024, 3, 5, 8, 2)
    assert shanghai(datetime(2024, 3, 5, 6, 2, tzinfo=timezone(timedelta(0)))) == datetime(2024, 3, 5, 14, 2)


def test_checksums() -> None:
    assert is_id_card("11010519491231002X")
    assert not is_id_card("110105194912310021")
    assert luhn_ok("6222021234567890128")
    assert not luhn_ok("6222021234567890127")


@pytest.mark.parametrize(("text", "masked", "kind"), [
    ("电话13812345678，尽快联系", "电话[手机号],尽快联系", "mobile"),
    ("打+86 138 1234 5678", "打[手机号]", "mobile"),
    ("座机010-12345678转", "座机[电话]转", "landline"),
    ("身份证11010519491231002X", "身份证[身份证号]", "id_card"),
    ("卡号6222021234567890128退款", "卡号[银行卡号]退款", "bank_card"),
    ("发到a.b@example.com谢谢", "发到[邮箱]谢谢", "email"),
    ("车牌京A12345被刮了", "车牌[车牌号]被刮了", "plate"),
    ("寄到朝阳区建国路88号3栋201室", "寄到[地址]", "address"),
])
def test_pii_masked(text: str, masked: str, kind: str) -> None:
    result = PiiMasker().mask(clean_text(text))
    assert result.text == masked
    assert [k for k, _ in result.found] == [kind]


@pytest.mark.parametrize("text", [
    "订单号202403051234567已发货",  # not a phone, ID or card
    "一共12345678元",
])
def test_pii_leaves_other_numbers(text: str) -> None:
    assert PiiMasker().mask(text).text == text
