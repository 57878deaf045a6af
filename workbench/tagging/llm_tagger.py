"""The LLM stage for one record: candidates → prompt → grammar-constrained answer → verified tags.

Short taxonomies (≤ ``full_list_limit`` leaves) are listed whole in the system prompt, which then is
the same for every record (KV prefix reused). Longer ones are narrowed per record to ``k`` candidate
leaves (rule hits + token overlap); with no signal at all the model first picks a branch level by
level (with some signal, the best leaves' siblings fill the list). The answer's topics are checked
against the enum, evidence is located in the record's text (customer turns only, for
conversations), and opinions without evidence are dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from workbench.llm.backend import Backend
from workbench.llm.prompts import choice_prompt, system_prompt, user_prompt
from workbench.llm.schemas import INTENTS, OTHER, POLARITY, choice_schema, max_answer_tokens, opinion_schema
from workbench.nlp.candidates import CandidateFinder
from workbench.nlp.polarity import polarity_of, tag_polarity
from workbench.nlp.rules import RuleSet
from workbench.nlp.sarcasm import customer_part, ironic, praise_outweighs, sincere
from workbench.tagging.evidence import locate
from workbench.tagging.results import OpinionTag, RecordInput, RecordResult
from workbench.taxonomy.model import Node, Taxonomy
from workbench.types import Intent, Sentiment

EXACT_CONFIDENCE, FUZZY_CONFIDENCE, AGREED_CONFIDENCE = 0.8, 0.6, 0.9
CHOICE_TOKENS = 40
MIXED_DISSATISFACTION = 0.4  # at most, for a record whose praise outweighs its gripes (sincere thanks: 0.2)


class LlmTagger:
    """Tags records one request each. Not thread-safe (the backend is not)."""

    def __init__(self, taxonomy: Taxonomy, rules: RuleSet, finder: CandidateFinder, backend: Backend,
                 full_list_limit: int = 40, k: int = 15) -> None:
        self.taxonomy, self.rules, self.finder, self.backend = taxonomy, rules, finder, backend
        self.k = k
        self.leaves = taxonomy.leaves()
        self._leaf_keys = {n.key for n in self.leaves}
        self.narrow = len(self.leaves) > full_list_limit
        self.system = system_prompt([] if self.narrow else self.leaves)

    def tag(self, record: RecordInput) -> RecordResult:
        """Judge one record (one request, or a few when a long taxonomy needs level-by-level narrowing)."""
        hits = self.rules.match(record.text)
        candidates = self._candidates(record, hits) if self.narrow else self.leaves
        paths = [n.path for n in candidates]
        answer = self.backend.complete_json(  # the customer's words: not a business's reply appended to them
            self.system, user_prompt(customer_part(record.text), candidates if self.narrow else (), record.dialogue),
            opinion_schema(paths), max_answer_tokens())
        usage = self.backend.last_usage
        result = self._convert(record, answer, set(paths), {h.node_key for h in hits if not h.negated})
        result.prompt_tokens += usage.prompt_tokens
        result.parsed_first_time = usage.parsed_first_time
        return result

    def _candidates(self, record: RecordInput, hits: Any) -> list[Node]:
        found = [c.node for c in self.finder.top(record.text, self.k, hits)]
        if not found:
            return self._descend(customer_part(record.text))
        siblings = [s for n in found for s in self.taxonomy.children(n.parent_key) if s.key in self._leaf_keys]
        return list(dict.fromkeys(found + siblings))[: self.k]

    def _descend(self, text: str) -> list[Node]:
        """Walk down the tree asking the model for the branch until few enough leaves remain."""
        branch: Node | None = None
        while True:
            under = self._leaves_under(branch)
            if len(under) <= self.k:
                return under
            options = self.taxonomy.children(branch.key if branch else None)
            answer = self.backend.complete_json(self.system, choice_prompt(text, options),
                                                choice_schema([n.path for n in options]), CHOICE_TOKENS)
            chosen = self.taxonomy.by_path(str(answer.get("c", "")))
            if chosen is None or chosen.path == OTHER or chosen not in options:
                return under[: self.k]
            branch = chosen

    def _leaves_under(self, branch: Node | None) -> list[Node]:
        if branch is None:
            return self.leaves
        prefix = branch.path + "/"
        return [n for n in self.leaves if n.path.startswith(prefix) or n.key == branch.key]

    def _convert(self, record: RecordInput, answer: dict[str, Any], allowed: set[str], ruled: set[str]) -> RecordResult:
        tags: list[OpinionTag] = []
        fuzzy = dropped = 0
        opinions = [i for i in answer.get("o") or [] if isinstance(i, dict)]
        for item in opinions:
            node = self.taxonomy.by_path(str(item.get("t", "")))
            if node is None or node.path not in allowed or any(t.node_key == node.key for t in tags):
                continue  # "其他", an off-schema topic from a lax server, or a repeat
            span = locate(record.text, str(item.get("e", "")))
            if span is None:
                dropped += 1
                continue
            fuzzy += not span.exact
            confidence = (AGREED_CONFIDENCE if node.key in ruled
                          else EXACT_CONFIDENCE if span.exact else FUZZY_CONFIDENCE)
            tags.append(OpinionTag(node.key, node.path, _polarity(item.get("p")), span.quote, span.start, span.end,
                                   str(item.get("r") or "")[:200], "llm", confidence))
        main = self.taxonomy.by_path(str(answer.get("m", "")))
        if main is not None:  # the main topic's opinion leads (top-1), whatever order the model listed them in
            tags.sort(key=lambda t: t.node_key != main.key)
        intent: Intent = answer.get("i") if answer.get("i") in INTENTS else "other"  # type: ignore[assignment]
        dissatisfaction = min(max(_number(answer.get("d")) / 10.0, 0.0), 1.0)
        sentiment = _consistent(_polarity(answer.get("s")), [_polarity(i.get("p")) for i in opinions])
        if sentiment == "neutral":  # the model hedged both ways: the polarity lexicon breaks the tie ("总买，嘎嘎好")
            sentiment = polarity_of(record.text)  # a conversation's text is already its customer turns
        if sentiment != "negative" and ironic(record.text):  # "谢谢你们啊，让我等了两周"
            sentiment, dissatisfaction, intent = "negative", max(dissatisfaction, 0.6), "complaint"
        elif sentiment == "negative" and sincere(record.text):  # "感谢师傅上门，半小时就修好了": thanks, no grievance
            sentiment, dissatisfaction = "positive", min(dissatisfaction, 0.2)
            intent = "praise" if intent == "complaint" else intent
            tags = [replace(t, sentiment=tag_polarity(record.text, t.start, t.end)) if t.sentiment == "negative" else t
                    for t in tags]
        elif sentiment == "negative" and praise_outweighs(record.text):  # thanks and praise over a few gripes
            sentiment, dissatisfaction = "positive", min(dissatisfaction, MIXED_DISSATISFACTION)
            intent = "praise" if intent == "complaint" else intent  # the gripes' own opinions keep their polarity
        return RecordResult(record.id, tags, sentiment, intent, dissatisfaction, 0.8, "llm",
                            fuzzy_evidence=fuzzy, dropped_opinions=dropped)


def _consistent(overall: Sentiment, parts: list[Sentiment]) -> Sentiment:
    """A "neutral" overall judgement over clearly one-sided opinions takes their side (small models hedge)."""
    if overall != "neutral":
        return overall
    pos, neg = parts.count("positive"), parts.count("negative")
    return "negative" if neg > pos else "positive" if pos > neg else "neutral"


def _polarity(value: object) -> Sentiment:
    mapped = POLARITY.get(str(value), "neutral")
    return mapped  # type: ignore[return-value]


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
