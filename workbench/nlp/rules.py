"""Keyword and regex rules per taxonomy node, with negation handling.

Keywords come from the taxonomy (each node's ``keywords``; a keyword written ``re:PATTERN`` is a
regular expression) plus user rules (node path → regex). Literal keywords are matched with one
combined longest-first pattern, so thousands of keywords cost one scan per text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.nlp.negation import is_negated
from workbench.taxonomy.model import Taxonomy


@dataclass(frozen=True)
class RuleHit:
    """One match of a node's rule in a text; ``negated`` hits ("不慢") do not tag the node."""

    node_key: str
    start: int
    end: int
    keyword: str
    negated: bool


@dataclass(frozen=True)
class UserRule:
    """An analyst's regex rule for a node, given by path."""

    path: str
    pattern: str


class RuleSet:
    """Compiled rules of one taxonomy version."""

    def __init__(self, taxonomy: Taxonomy, user_rules: Sequence[UserRule] = ()) -> None:
        self._literal: dict[str, list[str]] = {}
        self._regex: list[tuple[str, re.Pattern[str]]] = []
        for node in taxonomy.nodes:
            for kw in _node_words(node.keywords):
                if kw.startswith("re:"):
                    self._regex.append((node.key, _compile(kw[3:], node.path)))
                else:
                    self._literal.setdefault(kw.lower(), []).append(node.key)
        for rule in user_rules:
            target = taxonomy.by_path(rule.path)
            if target is None:
                raise InputError.of("errors.rules.no_node", path=rule.path)
            self._regex.append((target.key, _compile(rule.pattern, rule.path)))
        words = sorted(self._literal, key=len, reverse=True)
        self._combined = re.compile("|".join(map(re.escape, words))) if words else None

    def __bool__(self) -> bool:
        return bool(self._literal or self._regex)

    def match(self, text: str) -> list[RuleHit]:
        """All hits in ``text`` (negated ones included, flagged), ordered by position."""
        hits: list[RuleHit] = []
        lowered = text.lower()
        if self._combined is not None:
            for m in self._combined.finditer(lowered):
                negated = is_negated(text, m.start())
                for key in self._literal[m.group()]:
                    hits.append(RuleHit(key, m.start(), m.end(), text[m.start():m.end()], negated))
        for key, pattern in self._regex:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    hits.append(RuleHit(key, m.start(), m.end(), m.group(), is_negated(text, m.start())))
        hits.sort(key=lambda h: (h.start, h.end))
        return hits

    def fired(self, text: str) -> list[RuleHit]:
        """The first non-negated hit per node, in order of position: the rule tags of the text."""
        seen: set[str] = set()
        out: list[RuleHit] = []
        for hit in self.match(text):
            if not hit.negated and hit.node_key not in seen:
                seen.add(hit.node_key)
                out.append(hit)
        return out


def _node_words(keywords: Iterable[str]) -> list[str]:
    return [k.strip() for k in keywords if k and k.strip()]


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InputError.of("errors.rules.pattern", pattern=pattern, where=where, reason=exc) from exc
