"""A chat session summarised: the customer's problem, what the agent did, the outcome, dissatisfaction.

Rules give a summary that is always available (problem = the customer's longest early message, actions
= agent turns offering a solution, outcome from the service analytics); a model, when given, writes
the problem and actions more briefly under a JSON schema, and its outcome is reported beside the rules'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.llm.backend import Backend
from workbench.queries import records
from workbench.service import outcome as service_outcome
from workbench.store.handle import Project
from workbench.types import Conversation, Turn

SOLUTION = re.compile(r"为您|帮您|安排|办理|退款|换新|补发|催件|维修|寄修|升级给|重置|更新")
OUTCOMES = ("resolved", "unresolved", "escalated")


@dataclass(frozen=True)
class ConversationSummary:
    record_id: int
    problem: str
    actions: str
    outcome: str
    dissatisfaction_start: float
    dissatisfaction_end: float
    model_outcome: str | None = None
    written_by: str = "rules"


def _conversation(project: Project, record_id: int) -> Conversation:
    detail = records.record_detail(project, record_id)
    if not detail.messages:
        raise InputError.of("errors.ask.not_conversation", id=record_id)
    turns = tuple(Turn(m.role, m.text, m.sent_at, m.agent) for m in detail.messages)
    return Conversation(record_id, turns)


def summarize_conversation(project: Project, record_id: int, backend: Backend | None = None,
                           lang: str = "zh") -> ConversationSummary:
    """Summarise one chat session (runs on a worker thread in the GUI)."""
    conv = _conversation(project, record_id)
    judged = service_outcome.judge(conv)
    customer = [t.text for t in conv.turns if t.role == "customer"]
    problem = max(customer[:3], key=len) if customer else ""
    actions = "；".join(t.text for t in conv.turns if t.role == "agent" and SOLUTION.search(t.text))[:200]
    summary = ConversationSummary(record_id, problem, actions, judged.status, judged.dissatisfaction_start,
                                  judged.dissatisfaction_end)
    if backend is None:
        return summary
    speaker = {"customer": "客户", "agent": "客服"}
    dialogue = "\n".join(f"{speaker.get(t.role, '机器人')}：{t.text[:150]}" for t in conv.turns[:40])
    schema = {"type": "object", "properties": {"problem": {"type": "string"}, "actions": {"type": "string"},
                                               "outcome": {"enum": list(OUTCOMES)}},
              "required": ["problem", "actions", "outcome"]}
    system = ("阅读客服对话，用简短中文写：客户的问题、客服做了什么、结果（resolved/unresolved/escalated）。"
              if lang == "zh" else
              "Read the service chat and state briefly: the customer's problem, what the agent did, the outcome.")
    answer = backend.complete_json(system, dialogue, schema, 200)
    return ConversationSummary(record_id, str(answer.get("problem", problem))[:200],
                               str(answer.get("actions", actions))[:300], judged.status,
                               judged.dissatisfaction_start, judged.dissatisfaction_end,
                               model_outcome=str(answer.get("outcome")), written_by="model")
