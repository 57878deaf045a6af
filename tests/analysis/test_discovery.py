"""Discovery on constructed data: three planted topics among noise come back as three clusters."""

from __future__ import annotations

import random

from workbench.analysis.discovery import cluster_texts
from workbench.analysis.hotwords import doc_words
from workbench.nlp.tokenize import Tokenizer

TOPICS = {
    "invoice": ["发票一直开不出来", "电子发票抬头填错了怎么改", "发票开具失败请帮忙", "申请发票三天了还没收到",
                "发票税号错误需要重开"],
    "coupon": ["优惠券用不了", "满减优惠券领取后不能使用", "优惠券过期了能补发吗", "新人优惠券没有到账",
               "下单时优惠券无法叠加"],
    "noise": ["耳机降噪效果很差", "降噪开了还是有杂音", "地铁上降噪不明显", "降噪模式下有电流声", "主动降噪失效"],
}


def _items(seed: int = 3) -> tuple[list[tuple[int, str]], dict[int, str]]:
    rng = random.Random(seed)
    items, truth = [], {}
    rid = 0
    for topic, phrases in TOPICS.items():
        for _ in range(14):
            rid += 1
            text = rng.choice(phrases) + rng.choice(["", "，怎么回事", "，麻烦处理一下", "！", "，急"])
            items.append((rid, text))
            truth[rid] = topic
    for _ in range(6):  # unrelated singletons
        rid += 1
        items.append((rid, rng.choice(["你好", "在吗", "谢谢", "好的收到", "嗯嗯"])))
        truth[rid] = "misc"
    return items, truth


def test_planted_topics_are_found() -> None:
    items, truth = _items()
    words = doc_words([t for _, t in items], Tokenizer(["发票", "优惠券", "降噪"]))
    clusters = cluster_texts(items, words, min_size=5)
    found = {}
    for cluster in clusters:
        topics = [truth[r] for r in cluster.record_ids]
        main = max(set(topics), key=topics.count)
        purity = topics.count(main) / len(topics)
        found[main] = (purity, cluster)
    assert {"invoice", "coupon", "noise"} <= set(found)
    for topic, word in (("invoice", "发票"), ("coupon", "优惠券"), ("noise", "降噪")):
        purity, cluster = found[topic]
        assert purity >= 0.85 and cluster.size >= 12
        assert word in [k.word for k in cluster.keywords[:3]]
        assert all(truth[r] == topic for r, _ in cluster.examples[:3])
        assert 0 < cluster.cohesion <= 1 and len(cluster.signature) == 12


def test_too_few_texts_and_determinism() -> None:
    items, _ = _items()
    words = doc_words([t for _, t in items], Tokenizer())
    assert cluster_texts(items[:5], words[:5]) == []
    first = cluster_texts(items, words)
    again = cluster_texts(items, words)
    assert [c.record_ids for c in first] == [c.record_ids for c in again]
