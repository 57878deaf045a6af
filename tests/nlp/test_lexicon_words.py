"""The lexicon reads opinion words, not the words that merely contain one (issue 25)."""

import pytest

from workbench.nlp.polarity import is_sure, polarity_of
from workbench.nlp.scoring import clause_polarity, lexicon_hits


@pytest.mark.parametrize("text", [
    "这次出差住在这里", "快递到了", "香港的酒店", "入住的是贵宾楼", "您提出的宝贵意见", "点了一份凉皮和凉面",
    "差不多八点到的", "一般情况下我不点评", "值班经理在前台", "配了咸菜和方便面",
    "尽量快点吧，家里老人等着用 行，麻烦了", "能保价吗？ 人工 那麻烦尽快",  # a chat's polite request (export 01)
])
def test_words_that_only_contain_an_opinion_word_count_nothing(text: str) -> None:
    assert lexicon_hits(text) == []
    assert polarity_of(text) == "neutral"


@pytest.mark.parametrize("text, polarity", [
    ("十一点订的，等了快三个小时", "negative"),  # "快三个小时" is "almost three hours", no praise of speed
    ("鸡翅没给，米饭也没送", "negative"),
    ("汤是酸的，喝一口就扔了", "negative"),
    ("服务一流，下次还会选择这里", "positive"),
    ("房间还可以，价格合理", "positive"),
    ("房间里一股霉味，还有小强", "negative"),
    ("退个货太麻烦了", "negative"),
    ("订单物流超过5天未送达，客户要求尽快配送", "negative"),  # export 04: "尽快" is no praise, "未送达" a complaint
])
def test_delivery_and_stay_vocabulary(text: str, polarity: str) -> None:
    assert polarity_of(text) == polarity


def test_the_summary_weighs_more_than_a_gripe_before_it() -> None:
    text = "早餐一般，网速很慢。总的来说很不错"
    assert clause_polarity("早餐一般，网速很慢。很不错") < 0  # without the summary word the gripes win
    assert clause_polarity(text) > 0 and polarity_of(text) == "positive"
    assert is_sure(text, "positive")


def test_a_business_reply_is_not_the_customers_opinion() -> None:
    text = "房间很脏，前台态度差。宾馆反馈2008年4月14日：感谢您的点评，我们很满意您的建议，谢谢"
    assert polarity_of(text) == "negative"
    assert polarity_of(text, sarcasm=False) == "negative"
