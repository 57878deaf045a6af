import pytest

from workbench.errors import InputError
from workbench.nlp.negation import is_negated
from workbench.nlp.polarity import polarity_of
from workbench.nlp.rules import RuleSet, UserRule
from workbench.taxonomy.model import Node, Taxonomy


def _tax() -> Taxonomy:
    return Taxonomy([
        Node("a", None, "物流", "物流", 1),
        Node("a1", "a", "物流/配送慢", "配送慢", 2, keywords=("慢", "超时")),
        Node("b", None, "产品", "产品", 1),
        Node("b1", "b", "产品/发烫", "发烫", 2, keywords=("发烫", "re:烫得?不行")),
    ])


@pytest.mark.parametrize(("text", "word", "negated"), [
    ("送得不慢", "慢", True), ("手机没有发烫", "发烫", True), ("一点也不慢", "慢", True),
    ("送得很慢", "慢", False), ("不但慢，还凉了", "慢", False), ("没想到这么慢", "慢", False),
    ("不错，就是慢", "慢", False), ("发烫严重", "发烫", False),
])
def test_negation_scope(text: str, word: str, negated: bool) -> None:
    assert is_negated(text, text.index(word)) is negated


def test_rules_skip_negated_hits_but_report_them() -> None:
    rules = RuleSet(_tax())
    assert [h.node_key for h in rules.fired("送得不慢，手机没有发烫")] == []
    hits = rules.match("送得不慢，手机没有发烫")
    assert {h.node_key for h in hits} == {"a1", "b1"} and all(h.negated for h in hits)
    fired = rules.fired("配送超时，手机烫得不行")
    assert [h.node_key for h in fired] == ["a1", "b1"]
    assert fired[1].keyword == "烫得不行"


def test_user_rules_need_a_real_node_and_a_valid_pattern() -> None:
    rules = RuleSet(_tax(), [UserRule("物流/配送慢", r"等了\d+天")])
    assert [h.node_key for h in rules.fired("等了3天才到")] == ["a1"]
    with pytest.raises(InputError):
        RuleSet(_tax(), [UserRule("不存在", "x")])
    with pytest.raises(InputError):
        RuleSet(_tax(), [UserRule("物流/配送慢", "(")])


def test_lexicon_polarity_respects_negation() -> None:
    assert polarity_of("送得很慢，饭都凉了") == "negative"
    assert polarity_of("一点都不慢，很满意") == "positive"
    assert polarity_of("今天下午收到") == "neutral"
