"""Keywords the analyst overrules: a codebook keyword whose node the analyst keeps taking off the records it fires on.

The rules tag a node wherever one of its keywords appears, and those hits also teach the student (weak labels).
Where the analyst's codebook differs from the template's (brakes, 刹车: our automotive template files them under
handling, an analyst may file them under safety), the analyst's labels say so: among the records the analyst
tagged, the keyword fires but its node is rarely kept. Such a keyword (with its node) stops tagging in the cascade
and stops teaching the student, so a few labels can overturn it; the keyword list itself is not edited (the
codebook screen still shows it, and a taxonomy edit is the analyst's to make).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from sqlalchemy import select

from workbench.nlp.rules import RuleSet
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging.results import RecordResult
from workbench.taxonomy.model import Taxonomy

MIN_SEEN = 3  # analyst-tagged records the keyword fired on before its node can be judged overruled …
KEPT_SHARE = 1 / 3  # … and the share of them at most that kept its node

Pair = tuple[str, str]  # keyword, node key


def overruled(project: Project, taxonomy: Taxonomy, rules: RuleSet) -> frozenset[Pair]:
    """The (keyword, node) pairs the analyst's tags overrule (none before the analyst tagged anything)."""
    t, r = schema.tags, schema.records
    leaves = {n.key for n in taxonomy.leaves()}
    human: dict[int, set[str]] = defaultdict(set)
    with project.read() as conn:
        for rid, key in conn.execute(select(t.c.record_id, t.c.node_key).where(t.c.method == "human")):
            human[rid].add(key)
        ids = sorted(human)
        texts = [row for start in range(0, len(ids), 900)
                 for row in conn.execute(select(r.c.id, r.c.text).where(r.c.id.in_(ids[start:start + 900])))]
    seen: Counter[Pair] = Counter()
    kept: Counter[Pair] = Counter()
    for rid, text in texts:
        tagged = human[rid]
        for hit in rules.fired(text):
            if hit.node_key in leaves:
                seen[(hit.keyword, hit.node_key)] += 1
                kept[(hit.keyword, hit.node_key)] += hit.node_key in tagged
    return frozenset(pair for pair, n in seen.items() if n >= MIN_SEEN and kept[pair] < KEPT_SHARE * n)


def without_overruled(result: RecordResult, pairs: frozenset[Pair]) -> RecordResult:
    """``result`` (the rules' judgement of a record) without the tags an overruled keyword put there."""
    if not pairs or not result.tags:
        return result
    tags = [tag for tag in result.tags if tag.method != "rule" or (tag.evidence, tag.node_key) not in pairs]
    return result if len(tags) == len(result.tags) else replace(result, tags=tags)
