from workbench.tagging.evidence import locate

TEXT = "外卖送得太慢了，等了一个多小时，饭都凉了。"


def test_exact_quote_is_found_with_its_offsets() -> None:
    span = locate(TEXT, "等了一个多小时")
    assert span is not None and span.exact
    assert TEXT[span.start:span.end] == "等了一个多小时"


def test_surrounding_punctuation_and_case_are_forgiven() -> None:
    span = locate("Delivery was SLOW today", "，delivery was slow。")
    assert span is not None and span.exact and span.quote == "Delivery was SLOW"


def test_paraphrased_quote_is_relocated_to_the_real_substring() -> None:
    span = locate(TEXT, "等了一个小时")
    assert span is not None and not span.exact
    assert span.quote == TEXT[span.start:span.end]
    assert "等了一个" in span.quote


def test_invented_evidence_is_rejected() -> None:
    assert locate(TEXT, "服务员态度非常恶劣") is None
    assert locate(TEXT, "") is None
    assert locate("", "慢") is None
