"""Narrowing a long taxonomy to the few leaves worth showing the model for one text.

Score per leaf = rule hits (strong; negated hits still show the topic is mentioned) + jieba token
overlap with the leaf's name, keywords and description, plus half of its ancestors' overlap. Only
the top ``k`` leaves go into the schema enum, so the grammar always names real nodes and the prompt
stays short however large the tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.nlp.rules import RuleHit, RuleSet
from workbench.nlp.tokenize import Tokenizer
from workbench.taxonomy.model import Node, Taxonomy

RULE_WEIGHT, NEGATED_WEIGHT, NAME_WEIGHT, DESC_WEIGHT, ANCESTOR_SHARE = 3.0, 1.5, 1.0, 0.5, 0.5


@dataclass(frozen=True)
class Candidate:
    """A leaf and why it was proposed."""

    node: Node
    score: float


class CandidateFinder:
    """Scores a taxonomy's leaves against texts; build once per run (it tokenises the tree once)."""

    def __init__(self, taxonomy: Taxonomy, rules: RuleSet, tokenizer: Tokenizer) -> None:
        self.taxonomy = taxonomy
        self.rules = rules
        self.tokenizer = tokenizer
        self.leaves = taxonomy.leaves()
        self._name_words: dict[str, set[str]] = {}
        self._desc_words: dict[str, set[str]] = {}
        for node in taxonomy.nodes:
            named = " ".join((node.name, node.name_en or "", *[k for k in node.keywords if not k.startswith("re:")]))
            self._name_words[node.key] = tokenizer.content_words(named) | {node.name.lower()}
            self._desc_words[node.key] = tokenizer.content_words(node.description + " " + " ".join(node.examples))

    def scores(self, text: str, hits: Sequence[RuleHit] | None = None) -> dict[str, float]:
        """Score of every node with any evidence in ``text`` (leaves and inner nodes)."""
        words = self.tokenizer.content_words(text)
        lowered = text.lower()
        out: dict[str, float] = {}
        for node in self.taxonomy.nodes:
            s = (NAME_WEIGHT * len(words & self._name_words[node.key])
                 + DESC_WEIGHT * len(words & self._desc_words[node.key]))
            if node.name and node.name.lower() in lowered and node.name.lower() not in words:
                s += NAME_WEIGHT
            if s:
                out[node.key] = s
        for hit in self.rules.match(text) if hits is None else hits:
            out[hit.node_key] = out.get(hit.node_key, 0.0) + (NEGATED_WEIGHT if hit.negated else RULE_WEIGHT)
        return out

    def top(self, text: str, k: int = 15, hits: Sequence[RuleHit] | None = None) -> list[Candidate]:
        """The ``k`` best-scoring leaves with a positive score, best first (ties in taxonomy order)."""
        raw = self.scores(text, hits)
        if not raw:
            return []
        ranked: list[Candidate] = []
        for order, leaf in enumerate(self.leaves):
            inherited = sum(raw.get(a.key, 0.0) for a in self.taxonomy.ancestors(leaf.key))
            s = raw.get(leaf.key, 0.0) + ANCESTOR_SHARE * inherited
            if s > 0:
                ranked.append(Candidate(leaf, s - order * 1e-9))
        ranked.sort(key=lambda c: -c.score)
        return ranked[:k]
