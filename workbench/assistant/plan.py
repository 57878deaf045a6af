"""From a question's entities to a plan: a short list of typed operations.

Rules decide first (they are exact about what the question names); a model, when one is given, only
chooses among the same typed options where the rules found no cue — its answer is constrained by a
JSON schema whose enums are those options, so it can never ask for anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.assistant.entities import Entities
from workbench.llm.backend import Backend
from workbench.taxonomy.model import Node

OPS = ("count", "change", "when", "by_product", "by_channel", "top", "rising", "drivers", "why")


@dataclass
class Plan:
    """The operations to run and the selection they share."""

    ops: list[str]
    node: Node | None
    sentiment: str | None
    chosen_by: str = "rules"
    notes: list[str] = field(default_factory=list)


def rule_plan(ent: Entities) -> Plan:
    """The plan implied by the question's wording alone."""
    node = ent.nodes[0] if ent.nodes else None
    ops: list[str] = []
    for kind in ent.kinds:
        op = {"change": "change", "when": "when", "by_product": "by_product", "by_channel": "by_channel",
              "top": "top", "rising": "rising", "why": "why", "count": "count", "drivers": "drivers"}[kind]
        if op not in ops:
            ops.append(op)
    for specific in ("by_product", "by_channel", "when", "rising", "drivers"):
        if specific in ops and "top" in ops:
            ops.remove("top")
    if "rising" in ops and "change" in ops:  # "上升最快" reads as a change word too
        ops.remove("change")
    if not ops or ops == ["why"]:
        ops.insert(0, "count")
    if "why" not in ops and (node is not None or ent.products or ent.search):
        ops.append("why")  # answers about something specific carry quotes
    return Plan(ops, node, ent.sentiment)


def model_plan(ent: Entities, question: str, backend: Backend) -> Plan:
    """Let the model pick the operation and the issue among typed options (schema-constrained)."""
    options = [n.path for n in ent.nodes] + ["(none)"]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"op": {"enum": list(OPS)}, "issue": {"enum": options}},
        "required": ["op", "issue"],
    }
    system = ("You plan how to answer a question about customer feedback data. Choose one operation: "
              "count (how many), change (compare with the previous period), when (which month/week), "
              "by_product (which product), by_channel (which channel), top (most common issues), "
              "rising (fastest-rising issues), drivers (issues that pull scores down), why (what customers say). "
              "Choose the issue the question is about.")
    answer = backend.complete_json(system, question, schema, max_tokens=40)
    node = next((n for n in ent.nodes if n.path == answer.get("issue")), None)
    op = str(answer.get("op", "count"))
    return Plan([op, "why"] if op != "why" else ["why"], node, ent.sentiment, chosen_by="model")


def make_plan(ent: Entities, question: str, backend: Backend | None = None) -> Plan:
    """Rules where the question is explicit; the model (if any) where it is not."""
    plan = rule_plan(ent)
    if backend is not None and not ent.kinds:
        try:
            return model_plan(ent, question, backend)
        except Exception as exc:  # the model is optional: fall back to the rules
            plan.notes.append(f"model planning failed: {exc}")
    return plan
