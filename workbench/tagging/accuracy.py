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
from workbench.tagging.estimate import estimate_run
from workbench.taxonomy.repository import load_current


@dataclass(frozen=True)
class Accuracy:
    nodes: dict[str, Precision]  # by node path; nodes without machine tags are absent
    trust: TrustState
    judge_records: int  # records tagged by rules and the student only: what the model could judge
    judge_minutes: float  # how long the default local model takes for them (workbench.tagging.estimate)

    def warning(self, lang: str) -> str | None:
        """The banner's sentence with the way out, or None when the figures rest on enough model or analyst work."""
        if not self.trust.guess:
            return None
        share, n = self.trust.guessed / self.trust.tagged, self.judge_records
        minutes = max(1, round(self.judge_minutes))
        if lang == "zh":
            return (f"{share:.0%} 的记录只由规则和学生模型打标，人工复核仅 {self.trust.labelled:,} 条："
                    f"各问题的数字和准确率都是估计。可让大模型判断 {n:,} 条记录（约 {minutes:,} 分钟），"
                    f"或复核 {REVIEW_SAMPLE} 条记录。")
        return (f"{share:.0%} of the records were tagged by rules and the student model only, with "
                f"{self.trust.labelled:,} reviewed by an analyst: the figures and their accuracy are estimates. "
                f"Let the model judge {n:,} records (≈ {minutes:,} min) or review {REVIEW_SAMPLE} records.")


def accuracy(project: Project, model: str | None = None) -> Accuracy:
    """Each node's precision and the project's trust state (``model``: the one whose time the way out quotes)."""
    by_method = precision_rows.records_by_method(project)
    guessed = by_method.get("rule", 0) + by_method.get("student", 0)
    trust = TrustState(tagged=sum(by_method.values()), guessed=guessed, labelled=by_method.get("human", 0))
    taxonomy = load_current(project)
    leaves = len(taxonomy.leaves()) if taxonomy is not None else 0
    minutes = estimate_run(guessed, guessed, None, model, leaves).llm_minutes
    nodes = node_precision(precision_rows.audits(project), precision_rows.machine_confidence(project))
    return Accuracy(nodes, trust, guessed, minutes)
