from workbench.nlp.tokenize import Tokenizer


def test_taxonomy_words_stay_whole_and_stop_words_go() -> None:
    plain = Tokenizer()
    custom = Tokenizer(["配送时效", "re:ignored"])
    text = "这次的配送时效太差了"
    assert "配送时效" not in plain.words(text)
    words = custom.words(text)
    assert "配送时效" in words and "的" not in words and "，" not in words
    assert custom.content_words("好吃，好吃") == {"好吃"}
