"""The service analysis over a project: every conversation measured, checked and judged, then grouped."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.errors import Phrase
from workbench.progress import CancelToken, Progress, no_progress
from workbench.queries.conversations import (
    bad_followups,
    count_conversations,
    intents,
    issues_of,
    iter_conversations,
)
from workbench.service import outcome, sop, timing
from workbench.service.attribution import Effect, attribute, diagnosis
from workbench.service.model import ConversationReport
from workbench.service.scorecard import ScoreRow, scorecards
from workbench.store.handle import Project
from workbench.types import RecordFilter

SOP_SETTING = "service.sop"
TEAMS_SETTING = "service.teams"


@dataclass
class ServiceResult:
    """Scorecard rows, the per-conversation reports behind them, and the attribution of bad outcomes."""

    by: str
    rows: list[ScoreRow]
    reports: list[ConversationReport]
    effects: list[Effect]
    followup_effects: list[Effect] = field(default_factory=list)

    def diagnosis(self, lang: str = "zh") -> str:
        return diagnosis(self.effects, lang, followup=self.followup_effects)

    def worst(self, n: int = 20) -> list[ConversationReport]:
        """The conversations that went worst: angriest end first, then lowest compliance."""
        return sorted(self.reports, key=lambda r: (-r.outcome.dissatisfaction_end, r.sop_compliance))[:n]


def analyze_service(project: Project, by: str = "agent", flt: RecordFilter | None = None,
                    progress: Progress = no_progress, cancel: CancelToken | None = None) -> ServiceResult:
    """Measure every conversation in the selection; runs on a worker thread in the GUI."""
    items = sop.sop_from_setting(project.get_setting(SOP_SETTING))
    team_of: dict[str, str] = project.get_setting(TEAMS_SETTING, {}) or {}
    total = max(1, count_conversations(project, flt))
    reports: list[ConversationReport] = []
    batch: list = []  # type: ignore[type-arg]
    for conv in iter_conversations(project, flt):
        batch.append(conv)
        if len(batch) >= 500:
            reports += _judge(project, batch, items)
            batch = []
            if cancel:
                cancel.check()
            progress(len(reports) / total, Phrase("progress.conversations", n=len(reports)))
    reports += _judge(project, batch, items)
    progress(1.0, Phrase("progress.conversations", n=len(reports)))
    followed = bad_followups(project)
    extra = _issue_factors(project, reports)
    after = (attribute(reports, extra, outcome=[r.conversation.record_id in followed for r in reports])
             if followed else [])
    return ServiceResult(by, scorecards(reports, by, team_of), reports, attribute(reports, extra), after)


def _issue_factors(project: Project, reports: list[ConversationReport]) -> dict[str, list[bool]]:
    """One factor per top-level issue: which conversations are about it (so issues compete with behaviours)."""
    issues = issues_of(project, [r.conversation.record_id for r in reports])
    names = sorted({name for found in issues.values() for name in found})
    return {f"issue:{name}": [name in issues.get(r.conversation.record_id, set()) for r in reports]
            for name in names}


def _judge(project: Project, batch: list, items: tuple[sop.SopItem, ...]) -> list[ConversationReport]:  # type: ignore[type-arg]
    tagged = intents(project, [c.record_id for c in batch])
    out = []
    for conv in batch:
        intent = tagged.get(conv.record_id) or outcome.intent_of(conv)
        out.append(ConversationReport(conv, timing.measure(conv), sop.check(conv, items, intent), outcome.judge(conv)))
    return out
