"""The rules stage: keyword/regex hits (negation-aware) become tags instantly, with lexicon sentiment."""

from __future__ import annotations

import re

from workbench.nlp.polarity import polarity_of, tag_polarity
from workbench.nlp.rules import RuleSet
from workbench.tagging.results import OpinionTag, RecordInput, RecordResult
from workbench.taxonomy.model import Taxonomy
from workbench.types import Intent, Sentiment

RULE_CONFIDENCE = 0.6
_INQUIRY = re.compile(r"[?？]|吗|怎么|如何|能否|请问|多久|什么时候")
_SUGGESTION = re.compile(r"建议|希望|能不能|最好|应该|要是能")


def rule_result(record: RecordInput, taxonomy: Taxonomy, rules: RuleSet) -> RecordResult:
    """Tag ``record`` by rules alone; only leaves are tagged (a hit on an inner node is kept as context)."""
    leaves = {n.key for n in taxonomy.leaves()}
    hits = [h for h in rules.fired(record.text) if h.node_key in leaves]
    strength: dict[str, float] = {}
    for hit in hits:  # more and longer keyword hits make a node the likelier primary issue
        strength[hit.node_key] = strength.get(hit.node_key, 0.0) + len(hit.keyword)
    tags: list[OpinionTag] = []
    for hit in sorted(hits, key=lambda h: (-strength[h.node_key], h.start)):
        if any(t.node_key == hit.node_key for t in tags):
            continue
        node = taxonomy.by_key(hit.node_key)
        confidence = round(min(RULE_CONFIDENCE + 0.02 * strength[hit.node_key], 0.7), 3)
        polarity = tag_polarity(record.text, hit.start, hit.end)
        tags.append(OpinionTag(node.key, node.path, polarity, hit.keyword, hit.start, hit.end, "", "rule", confidence))
    sentiment = polarity_of(record.text)  # sarcasm included: "真是谢谢你们了，等了半个月" is negative
    return RecordResult(record.id, tags, sentiment, guess_intent(record.text, sentiment),
                        {"negative": 0.7, "neutral": 0.3, "positive": 0.1}[sentiment], 0.4, "rule")


def guess_intent(text: str, sentiment: Sentiment) -> Intent:
    """A cheap intent guess from cue words and sentiment."""
    if _SUGGESTION.search(text):
        return "suggestion"
    if sentiment == "negative":
        return "complaint"
    if _INQUIRY.search(text):
        return "inquiry"
    return "praise" if sentiment == "positive" else "other"
