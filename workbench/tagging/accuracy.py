"""How sure the project's figures are: each node's precision and, when the tags are mostly a guess, the way out.

Reads the analyst's audits (``label_events``) and the machine tags' calibrated confidences from the store and
hands them to :func:`workbench.analysis.precision.node_precision`. The tree, ``top`` and the reports show
what this returns; the GUI banner and the report's appendix say :meth:`Accuracy.warning`.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.analysis.precision import REVIEW_SAMPLE, Precision, TrustState, node_precision
from workbench.queries import precision_rows
from workbench.store.handle import Project
from workbench.tagging.throughput import Basis, measured
from workbench.taxonomy.repository import load_current
from workbench.texts import text

# The way out asks the model for at most this many minutes: past it, the budgeted run judges the most
# useful records and the student re-learns the rest from them (a budget, not every guessed record).
JUDGE_MINUTES = 30.0


@dataclass(frozen=True)
class Accuracy:
    nodes: dict[str, Precision]  # by node path; nodes without machine tags are absent
    trust: TrustState
    judge_records: int  # records the way out asks the model to judge (the guessed ones, within JUDGE_MINUTES)
    judge_minutes: float  # how long the model takes for them, at its measured speed
    basis: Basis = "benchmark"  # where that speed comes from (workbench.tagging.throughput)

    def warning(self, lang: str) -> str | None:
        """The banner's sentence with the way out, or None when the figures rest on enough model or analyst work."""
        if not self.trust.guess:
            return None
        judge = text("accuracy.judge_lead", lang, n=self.judge_records, minutes=max(1, round(self.judge_minutes)))
        return text("accuracy.warning", lang, share=self.trust.guessed / self.trust.tagged,
                    labelled=self.trust.labelled, judge=judge, basis=text(f"accuracy.basis.{self.basis}", lang),
                    sample=REVIEW_SAMPLE)

    def judge_label(self, lang: str) -> str:
        """The way out's first half, as the banner's button says it: let the model judge N records (≈ M min)."""
        return text("accuracy.judge", lang, n=self.judge_records, minutes=max(1, round(self.judge_minutes)))

    def review_label(self, lang: str) -> str:
        """The way out's second half, as the banner's button says it."""
        return text("accuracy.review", lang, n=REVIEW_SAMPLE)


def accuracy(project: Project, model: str | None = None) -> Accuracy:
    """Each node's precision and the project's trust state (``model``: the one whose time the way out quotes)."""
    by_method = precision_rows.records_by_method(project)
    guessed = by_method.get("rule", 0) + by_method.get("student", 0)
    trust = TrustState(tagged=sum(by_method.values()), guessed=guessed, labelled=by_method.get("human", 0))
    taxonomy = load_current(project)
    leaves = len(taxonomy.leaves()) if taxonomy is not None else 0
    speed = measured(project, model, leaves)
    judge = min(guessed, max(REVIEW_SAMPLE, int(JUDGE_MINUTES * 60 / speed.seconds_per_record)))
    nodes = node_precision(precision_rows.audits(project), precision_rows.machine_confidence(project))
    return Accuracy(nodes, trust, judge, judge * speed.seconds_per_record / 60, speed.basis)
