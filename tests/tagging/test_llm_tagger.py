"""The LLM stage with a scripted backend: what the model says is checked, never trusted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.nlp.test_candidates import _big_taxonomy
from tests.tagging.conftest import small_taxonomy
from workbench.llm.backend import Usage
from workbench.nlp.candidates import CandidateFinder
from workbench.nlp.rules import RuleSet
from workbench.nlp.tokenize import Tokenizer
from workbench.tagging.llm_tagger import LlmTagger
from workbench.tagging.results import RecordInput
from workbench.taxonomy.model import Taxonomy


class Scripted:
    """Answers from a list, remembering each request's schema and user prompt."""

    def __init__(self, answers: list[dict[str, Any]]) -> None:
        self.name, self.sha256, self.last_usage = "scripted", None, Usage(prompt_tokens=10)
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        self.calls.append((user, schema))
        return self.answers.pop(0)

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        yield ""

    def close(self) -> None:
        pass


def _tagger(answers: list[dict[str, Any]], tax: Taxonomy | None = None) -> tuple[LlmTagger, Scripted]:
    tax = tax or small_taxonomy()
    rules = RuleSet(tax)
    backend = Scripted(answers)
    return LlmTagger(tax, rules, CandidateFinder(tax, rules, Tokenizer()), backend, k=12), backend


def _answer(*opinions: tuple[str, str, str], s: str = "neg") -> dict[str, Any]:
    return {"o": [{"e": e, "t": t, "p": p} for t, p, e in opinions], "s": s, "i": "complaint", "d": 8}


def test_off_schema_topics_invented_evidence_and_repeats_are_dropped() -> None:
    text = "送得太慢了，等了一个多小时，饭都凉了"
    tagger, _ = _tagger([_answer(("物流/配送时效", "neg", "送得太慢了"), ("不存在/节点", "neg", "饭都凉了"),
                                 ("产品/温度", "neg", "菜是冰的"), ("物流/配送时效", "neg", "等了一个多小时"),
                                 ("其他", "neg", "饭都凉了"))])
    result = tagger.tag(RecordInput(1, text))
    assert [(t.path, t.evidence) for t in result.tags] == [("物流/配送时效", "送得太慢了")]
    assert result.dropped_opinions == 1
    assert result.tags[0].confidence == 0.9  # the rule keyword "慢" agrees


def test_paraphrased_evidence_is_relocated_and_counted() -> None:
    tagger, _ = _tagger([_answer(("物流/配送时效", "neg", "等了一个小时"))])
    result = tagger.tag(RecordInput(1, "送得太慢了，等了一个多小时"))
    assert result.fuzzy_evidence == 1 and result.tags[0].evidence in "送得太慢了，等了一个多小时"


def test_neutral_overall_over_one_sided_opinions_takes_their_side() -> None:
    tagger, _ = _tagger([_answer(("物流/配送时效", "neg", "太慢"), s="neu")])
    assert tagger.tag(RecordInput(1, "太慢")).sentiment == "negative"


def test_the_main_topic_leads_whatever_order_the_opinions_came_in() -> None:
    answer = _answer(("产品/口味", "pos", "菜很好吃"), ("物流/配送时效", "neg", "送得太慢了"))
    tagger, _ = _tagger([{**answer, "m": "物流/配送时效"}])
    result = tagger.tag(RecordInput(1, "菜很好吃，就是送得太慢了"))
    assert [t.path for t in result.tags] == ["物流/配送时效", "产品/口味"]


def test_a_hedged_neutral_answer_takes_the_lexicon_polarity() -> None:
    hedged = [_answer(("产品/口味", "neu", "嘎嘎好"), s="neu"), _answer(("产品/口味", "neu", "几点送到"), s="neu")]
    tagger, _ = _tagger(hedged)
    assert tagger.tag(RecordInput(1, "总买，嘎嘎好，味道很棒")).sentiment == "positive"
    assert tagger.tag(RecordInput(2, "请问几点送到")).sentiment == "neutral"  # no polarity words: stays neutral


def test_short_taxonomy_goes_whole_into_the_cached_system_prompt() -> None:
    tagger, backend = _tagger([_answer(), _answer()])
    tagger.tag(RecordInput(1, "太慢"))
    tagger.tag(RecordInput(2, "很好吃"))
    assert "物流/配送时效" in tagger.system and "类别" not in backend.calls[0][0]
    enum = backend.calls[0][1]["properties"]["o"]["items"]["properties"]["t"]["enum"]
    assert len(enum) == 6


def test_long_taxonomy_puts_only_candidates_in_the_enum() -> None:
    tagger, backend = _tagger([_answer(("物流/配送/配送时效", "neg", "超时"))], _big_taxonomy())
    result = tagger.tag(RecordInput(1, "骑手配送超时一个小时"))
    user, schema = backend.calls[0]
    enum = schema["properties"]["o"]["items"]["properties"]["t"]["enum"]
    assert len(enum) <= 13 and "物流/配送/配送时效" in enum and "物流/配送/配送时效" in user
    assert "物流/配送/配送时效" not in tagger.system
    assert [t.path for t in result.tags] == ["物流/配送/配送时效"]


def test_no_signal_walks_down_level_by_level() -> None:
    tax = _big_taxonomy()
    answers = [{"c": "领域3"}, {"c": "领域3/方面4"}, _answer(("领域3/方面4/问题3_4_5", "neg", "天气"))]
    tagger, backend = _tagger(answers, tax)
    result = tagger.tag(RecordInput(1, "今天天气不好"))
    first, second = (c[1]["properties"]["c"]["enum"] for c in backend.calls[:2])
    assert "领域3" in first and "物流" in first and len(first) == 22  # 21 roots + 其他
    assert second[0] == "领域3/方面0" and len(second) == 11
    enum = backend.calls[2][1]["properties"]["o"]["items"]["properties"]["t"]["enum"]
    assert all(p.startswith("领域3/方面4/") for p in enum[:-1]) and len(enum) == 11
    assert [t.path for t in result.tags] == ["领域3/方面4/问题3_4_5"]


def test_sincere_thanks_the_model_calls_negative_stay_positive() -> None:
    text = "感谢师傅上门，半小时就修好了，送得也很快"
    tagger, _ = _tagger([_answer(("物流/配送时效", "neg", "送得也很快"), s="neg")])
    result = tagger.tag(RecordInput(1, text))
    assert result.sentiment == "positive" and result.intent == "praise" and result.dissatisfaction <= 0.2
    assert [t.sentiment for t in result.tags] == ["positive"]  # the opinion read from its own clause


def test_a_thank_you_with_a_complaint_keeps_the_models_negative() -> None:
    tagger, _ = _tagger([_answer(("物流/配送时效", "neg", "送得太慢了"), s="neg")])
    assert tagger.tag(RecordInput(1, "谢谢，但是送得太慢了，饭都凉了")).sentiment == "negative"


def test_praise_that_outweighs_a_few_gripes_turns_the_models_negative_positive() -> None:
    text = "位置方便，房间很大很干净，服务热情，卫生间小了点，早餐很差，谢谢"
    tagger, _ = _tagger([_answer(("物流/配送时效", "neg", "早餐很差"), s="neg")])
    result = tagger.tag(RecordInput(1, text))
    assert result.sentiment == "positive" and result.intent == "praise" and result.dissatisfaction <= 0.4
    assert [t.sentiment for t in result.tags] == ["negative"]  # the gripe's own opinion keeps its polarity


def test_praise_before_a_but_clause_complaint_keeps_the_models_negative() -> None:
    tagger, _ = _tagger([_answer(("物流/配送时效", "neg", "隔音太差了"), s="neg")])
    result = tagger.tag(RecordInput(1, "房间宽敞，早餐不错，但是隔音太差了，一晚上没睡好，谢谢"))
    assert result.sentiment == "negative" and result.dissatisfaction == 0.8


def test_the_model_reads_the_customer_not_the_business_reply_appended() -> None:
    """Issue 25: a hotel's reply ("宾馆反馈…：感谢…抱歉给您带来不便") is not the customer's voice; the model is not
    shown it, and evidence is still located in the record's own text."""
    text = "房间干净，早餐丰富，送得太慢了一点。宾馆反馈2008年1月14日：感谢您的点评，给您带来不便深表歉意"
    tagger, backend = _tagger([_answer(("物流/配送时效", "neg", "送得太慢了一点"), s="pos")])
    result = tagger.tag(RecordInput(1, text))
    prompt = backend.calls[0][0]
    assert "房间干净，早餐丰富" in prompt and "宾馆反馈" not in prompt and "深表歉意" not in prompt
    (tag,) = result.tags
    assert text[tag.start:tag.end] == "送得太慢了一点"
