"""Discovering new issues: cluster what the taxonomy does not cover, name each cluster, let the analyst decide.

Records the tagging cascade left without any tag (in the selection) are clustered
(:mod:`workbench.analysis.discovery`). Each cluster becomes a :class:`Proposal`: a node name, a
suggested parent among the top-level issues, a description and keywords, written by the local model
when one is given (JSON-schema constrained; every name checked) or from the cluster's keywords
otherwise. Accepting adds the node (a new taxonomy version) and marks the cluster's records for
re-tagging; dismissing remembers the cluster's signature so it is not proposed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

from workbench.analysis.discovery import Cluster, cluster_texts
from workbench.analysis.hotwords import doc_words
from workbench.errors import ModelError, Phrase
from workbench.llm.backend import Backend
from workbench.progress import CancelToken, Progress, no_progress
from workbench.queries.record_where import where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.taxonomy import edits
from workbench.taxonomy.repository import add_pending, load_current
from workbench.taxonomy.retag import pending_retag
from workbench.types import RecordFilter

DISMISSED_KEY = "discovery.dismissed"
LIMIT = 5000
NO_PARENT = "（无）"
SYSTEM = ("你是客户反馈分析师。下面是一组相似的客户反馈，它们不属于现有的任何问题分类。请为这组反馈起一个简短的问题名称"
          "（2 到 10 个字，像“发票开具”“优惠券无法使用”），从给出的一级分类中选出最合适的上级（都不合适就选“（无）”），"
          "写一句描述和 3 到 5 个关键词。只输出 JSON。")


@dataclass(frozen=True)
class Proposal:
    """A proposed new node for one cluster of uncovered records."""

    cluster: Cluster
    name: str
    parent: str | None  # a top-level path, or None for a new top-level node
    description: str
    keywords: tuple[str, ...]
    by_model: bool


def uncovered(project: Project, flt: RecordFilter, limit: int = LIMIT,
              praise_too: bool = False) -> list[tuple[int, str]]:
    """(id, text) of the most recent records of ``flt`` that carry no tag at all.

    Records assessed as positive (praise) are left out unless ``praise_too``: new *problems* are the point.
    """
    r, t, a = schema.records, schema.tags, schema.assessments
    with project.read() as conn:
        praise = exists().where(a.c.record_id == r.c.id, a.c.sentiment == "positive")
        conditions = [where(conn, flt.with_(node_key=None)), ~exists().where(t.c.record_id == r.c.id)]
        if not praise_too:
            conditions.append(~praise)
        stmt = (select(r.c.id, r.c.text).where(*conditions)
                .order_by(r.c.created_at.desc(), r.c.id.desc()).limit(limit))
        return [(int(i), str(x or "")) for i, x in conn.execute(stmt)]


def discover(project: Project, flt: RecordFilter, backend: Backend | None = None,
             progress: Progress = no_progress, cancel: CancelToken | None = None,
             praise_too: bool = False) -> list[Proposal]:
    """Proposals for the uncovered records of ``flt``, biggest cluster first (dismissed ones left out)."""
    from workbench.nlp.tokenize import Tokenizer

    taxonomy = load_current(project)
    progress(0.05, Phrase("progress.discover.uncovered"))
    waiting = pending_retag(project)  # accepted before: the next tagging run tags them
    items = [x for x in uncovered(project, flt, praise_too=praise_too) if x[0] not in waiting]
    words = sorted({k for n in (taxonomy.nodes if taxonomy else []) for k in n.keywords})
    progress(0.15, Phrase("progress.discover.clustering", n=len(items)))
    clusters = cluster_texts(items, doc_words([t for _, t in items], Tokenizer(words)))
    dismissed = set(project.get_setting(DISMISSED_KEY, []) or [])
    clusters = [c for c in clusters if c.signature not in dismissed]
    tops = [n.path for n in (taxonomy.nodes if taxonomy else []) if n.parent_key is None]
    taken = {n.name for n in (taxonomy.nodes if taxonomy else [])}
    out = []
    for i, cluster in enumerate(clusters):
        if cancel is not None:
            cancel.check()
        progress(0.3 + 0.7 * i / max(len(clusters), 1),
                 Phrase("progress.discover.naming", i=i + 1, count=len(clusters)))
        out.append(_name(cluster, tops, taken, backend))
    progress(1.0, Phrase("progress.discover.proposals", n=len(out)))
    return out


def accept(project: Project, proposal: Proposal, name: str | None = None, parent: str | None = None,
           expected_version: int | None = None) -> edits.EditResult:
    """Add the proposed node and mark its records for re-tagging.

    ``name`` and ``parent`` override the proposal's; ``parent`` "" or "/" means the top level.

    Raises:
        InputError: the parent does not exist (or no taxonomy yet).
        ConflictError: the taxonomy changed since ``expected_version``.
    """
    spec = edits.NodeSpec(name or proposal.name, description=proposal.description, keywords=proposal.keywords,
                          examples=tuple(t[:80] for _, t in proposal.cluster.examples[:3]))
    under = proposal.parent if parent is None else (parent.strip("/") or None)
    result = edits.add_node(project, under, spec,
                            note=f"discovered: {spec.name}", expected_version=expected_version)
    with project.write() as conn:
        add_pending(conn, set(proposal.cluster.record_ids))
    return result


def dismiss(project: Project, proposal: Proposal) -> None:
    """Never propose this cluster again (by its signature)."""
    kept = list(project.get_setting(DISMISSED_KEY, []) or [])
    if proposal.cluster.signature not in kept:
        project.set_setting(DISMISSED_KEY, [*kept, proposal.cluster.signature])


def _name(cluster: Cluster, tops: list[str], taken: set[str], backend: Backend | None) -> Proposal:
    """The model's name for the cluster; the keyword name when there is no model or its name is not new."""
    fallback = Proposal(cluster, "".join(k.word for k in cluster.keywords[:2])[:12] or "新问题", None,
                        "", tuple(k.word for k in cluster.keywords[:5]), False)
    if backend is None:
        return fallback
    schema_ = {"type": "object", "additionalProperties": False,
               "required": ["name", "parent", "description", "keywords"],
               "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 12},
                              "parent": {"type": "string", "enum": [*tops, NO_PARENT]},
                              "description": {"type": "string", "maxLength": 60},
                              "keywords": {"type": "array", "items": {"type": "string", "maxLength": 8},
                                           "minItems": 1, "maxItems": 5}}}
    quotes = "\n".join(f"- {text[:80]}" for _, text in cluster.examples)
    user = (f"一级分类：{'、'.join(tops) or '（无）'}\n高频词：{'、'.join(k.word for k in cluster.keywords[:8])}\n"
            f"反馈（共 {cluster.size} 条，节选）：\n{quotes}")
    try:
        answer = backend.complete_json(SYSTEM, user, schema_, max_tokens=120)
    except ModelError:
        return fallback
    name = " ".join(str(answer.get("name", "")).split())[:12]
    parent = str(answer.get("parent", NO_PARENT))
    words = tuple(dict.fromkeys(str(w).strip() for w in answer.get("keywords", []) if str(w).strip()))[:5]
    if len(name) < 2 or name in taken or any(name in top for top in tops):  # a copied existing name says nothing
        return fallback
    return Proposal(cluster, name, parent if parent in tops else None, str(answer.get("description", ""))[:60],
                    words or fallback.keywords, True)

