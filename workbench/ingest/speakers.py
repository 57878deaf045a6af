"""Who is speaking: role words in speaker labels, agent names learnt from the data, the analyst's fixes.

A label such as ``客服小王(工号1032)`` names its role; a bare name (``小李``) does not, and is told apart
by (in order) the analyst's override, a column that names the agent, names that recur across many
sessions, and what the speaker says (greetings and service phrases). Anything else is the customer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from workbench.ingest.values import ROLES

_BADGE = re.compile(r"\s*[(（\[【]\s*(?:工号|id|ID|编号|No\.?)?\s*[:：]?\s*[\w-]{1,12}\s*[)）\]】]\s*$")
_BY_LENGTH = sorted(((k, v) for k, v in {**ROLES, "员工": "agent", "智能助手": "bot", "小助手": "bot",
                                         "系统消息": "system", "游客": "customer"}.items() if len(k) > 1),
                    key=lambda kv: -len(kv[0]))
_EXACT = {**ROLES, "员工": "agent", "坐席": "agent", "visitor": "customer", "机器人": "bot", "robot": "bot"}
_SERVICE = re.compile(r"您好|请问|为您|稍等|抱歉|感谢您|很高兴|您的|麻烦您|我们会|已为您|亲[,，~！!]")
RECUR_SESSIONS = 3
"""A bare name seen in at least this many sessions (and in ≥ 5 % of them) is taken as an agent."""


def agent_name(label: str) -> str:
    """The label without a staff-number badge: ``客服小王(工号1032)`` → ``客服小王``."""
    return _BADGE.sub("", label).strip() or label.strip()


def role_of_label(label: str) -> str | None:
    """The role a label names by its words (``客服小王`` → agent, ``机器人`` → bot); None for a bare name."""
    s = agent_name(label).lower()
    if s in _EXACT:
        return _EXACT[s]
    for word, role in _BY_LENGTH:
        if word in s:
            return role
    return None


def is_role_word(value: str) -> bool:
    """True when the value is exactly a role word (客户, 员工, agent …), as in a sender-type column."""
    return value.strip().lower() in _EXACT


def is_known_label(label: str) -> bool:
    """True when the label names a role by its words."""
    return role_of_label(label) is not None


class SpeakerRoles:
    """Maps speaker labels to roles; ``agents`` are bare names known to be agents."""

    def __init__(self, agents: Iterable[str] = (), overrides: Mapping[str, str] | None = None) -> None:
        self.agents = {agent_name(a) for a in agents if a}
        self.overrides = {agent_name(k): v for k, v in (overrides or {}).items()}

    def role(self, label: str) -> str:
        """customer, agent, bot or system."""
        name = agent_name(label)
        if name in self.overrides:
            return self.overrides[name]
        by_words = role_of_label(name)
        if by_words is not None:
            return by_words
        if name in self.agents or any(len(a) >= 2 and (a in name or name in a) for a in self.agents):
            return "agent"
        return "customer"


def learn_agents(sessions: Iterable[list[tuple[str, str]]], agent_column: Iterable[str]) -> set[str]:
    """Bare names that are agents, from sample sessions given as (label, text) lists.

    A name is an agent when a column names it, when it recurs across many sessions, or when most of what
    it says are service phrases.
    """
    agents = {agent_name(a) for a in agent_column if a}
    seen: Counter[str] = Counter()
    said: Counter[str] = Counter()
    service: Counter[str] = Counter()
    total = 0
    for turns in sessions:
        total += 1
        names = set()
        for label, text in turns:
            name = agent_name(label)
            if role_of_label(name) is not None:
                continue
            names.add(name)
            said[name] += 1
            service[name] += 1 if _SERVICE.search(text) else 0
        seen.update(names)
    for name, count in seen.items():
        if (count >= RECUR_SESSIONS and count >= 0.05 * total) or service[name] >= max(2, 0.5 * said[name]):
            agents.add(name)
    return agents
