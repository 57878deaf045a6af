"""Customer-service chat sessions with realistic agent behaviour and the service plants.

A session follows the SOP (greeting, identity check, empathy, solution, confirmation, closing) with the
usual deviations: bot-to-human hand-overs, transfers, customers repeating themselves, and the planted
habits of three agents (slow responses, skipped identity checks, a forbidden phrase).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from workbench.demo import phrases_chat as pc
from workbench.demo import pii
from workbench.demo.catalog import AGENTS, PRODUCTS, Agent
from workbench.demo.compose import PII_TEMPLATES, Composer
from workbench.demo.spec import Spec
from workbench.demo.template import pick
from workbench.demo.topics import TOPIC_BY_KEY

TEAM_BY_GROUP = {"logistics": "物流专线", "quality": "售后组", "refund": "售后组", "aftersale": "售后组",
                 "service": "售后组"}
NO_ID_GROUPS = {"inquiry", "praise"}


@dataclass
class Message:
    """One row of the chat export."""

    turn: int
    role: str  # 客户 / 客服 / 机器人
    agent: str
    at: datetime
    text: str


@dataclass
class Session:
    """A rendered chat: its spec, messages and the facts the service analytics must recover."""

    spec: Spec
    messages: list[Message] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    outcome: str = "resolved"  # resolved / escalated / unresolved
    csat: int | None = None
    sop: dict[str, bool] = field(default_factory=dict)
    forbidden: str | None = None
    repeats: int = 0
    handover: bool = False
    transfer: bool = False
    issue: str = ""


class ChatWriter:
    """Builds sessions; one instance per generation run (its random stream is private)."""

    def __init__(self, rng: random.Random, composer: Composer) -> None:
        self.rng, self.composer = rng, composer
        self._product = PRODUCTS[0]

    def _pick_agent(self, group: str, exclude: str = "") -> Agent:
        team = TEAM_BY_GROUP.get(group, "售前组")
        if self.rng.random() < 0.2:
            team = self.rng.choice(("售前组", "售后组", "物流专线"))
        pool = [a for a in AGENTS if a.team == team and a.code != exclude]
        return self.rng.choice(pool)

    def _gap(self, agent: Agent | None) -> float:
        """Seconds before the next message: customers type 10-70 s, agents log-normally around 35 s."""
        if agent is None:
            return self.rng.uniform(10, 70)
        return min(3600.0, math.exp(self.rng.gauss(math.log(35), 0.55)) * agent.speed)

    def build(self, spec: Spec) -> Session:
        """Render the session for ``spec``; also sets ``spec.text`` to the customer's turns (the record text)."""
        s = Session(spec)
        self._product = spec.product
        group = TOPIC_BY_KEY[spec.topics[0]].group
        if spec.topics[0] == "battery_defect":
            group = "battery"
        state = _State(spec.at)
        issue = self.composer.finish(spec, self.composer.body(spec))
        s.issue = issue
        if self.rng.random() < 0.35:
            self._bot_intro(s, state, issue)
        agent = self._pick_agent(TOPIC_BY_KEY[spec.topics[0]].group)
        self._agent_opening(s, state, agent, issue, group)
        mismatch = group in ("quality", "refund", "battery") and agent.team == "售前组"
        if group not in NO_ID_GROUPS and self.rng.random() < (0.5 if mismatch else 0.05):
            self._say(s, state, agent, pick(self.rng, pc.TRANSFER, {}))
            agent = self._pick_agent(group, exclude=agent.code)
            state.queue(self.rng.uniform(30, 240) * agent.speed)
            s.transfer = True
            self._say(s, state, agent, self._fill(pc.GREETING, agent))
        self._agent_middle(s, state, agent, group)
        self._ending(s, state, agent, group)
        spec.text = "\n".join(m.text for m in s.messages if m.role == "客户")
        return s

    def _fill(self, templates: tuple[str, ...], agent: Agent, extra: dict[str, str] | None = None) -> str:
        slots = {**self.composer.slots(self._product), "name": agent.name, **(extra or {})}
        return pick(self.rng, templates, slots)

    def _add(self, s: Session, state: _State, role: str, agent: str, text: str) -> None:
        s.messages.append(Message(len(s.messages) + 1, role, agent, state.now, text))

    def _customer(self, s: Session, state: _State, text: str) -> None:
        state.wait(self._gap(None))
        self._add(s, state, "客户", "", text)

    def _say(self, s: Session, state: _State, agent: Agent, text: str) -> None:
        gap = self._gap(agent) + state.pop_queue()
        if gap > 150 and self.rng.random() < 0.6 and s.messages:
            self._repeat(s, state, gap)
        else:
            state.wait(gap)
        if agent.code not in s.agents:
            s.agents.append(agent.code)
        self._add(s, state, "客服", agent.code, text)

    def _repeat(self, s: Session, state: _State, gap: float) -> None:
        """The customer, left waiting, says it again (the issue itself or a nudge)."""
        state.wait(gap * self.rng.uniform(0.4, 0.7))
        text = s.issue if self.rng.random() < 0.5 and s.issue else pick(self.rng, pc.NUDGE, {})
        self._add(s, state, "客户", "", text)
        s.repeats += 1
        state.wait(gap * 0.4)

    def _bot_intro(self, s: Session, state: _State, issue: str) -> None:
        s.handover = True
        self._add(s, state, "机器人", "", pick(self.rng, pc.BOT_HELLO, {}))
        self._customer(s, state, issue)
        state.wait(self.rng.uniform(1, 3))
        self._add(s, state, "机器人", "", pick(self.rng, pc.BOT_FAQ, {}))
        self._customer(s, state, pick(self.rng, pc.TO_HUMAN, {}))
        state.wait(self.rng.uniform(1, 3))
        self._add(s, state, "机器人", "", pick(self.rng, pc.BOT_WAIT, {"n": str(self.rng.randrange(2, 30))}))
        state.queue(self.rng.uniform(20, 150))

    def _agent_opening(self, s: Session, state: _State, agent: Agent, issue: str, group: str) -> None:
        greet = self.rng.random() > 0.05
        s.sop["greeting"] = greet
        if s.handover:
            if greet:
                self._say(s, state, agent, self._fill(pc.GREETING, agent))
            if self.rng.random() < 0.5:  # tells the human what they already told the bot
                self._customer(s, state, issue)
                s.repeats += 1
            return
        if self.rng.random() < 0.4:
            self._add(s, state, "客户", "", pick(self.rng, pc.OPEN, {}))
            if greet:
                self._say(s, state, agent, self._fill(pc.GREETING, agent))
            self._customer_issue(s, state, issue)
            return
        self._add(s, state, "客户", "", issue)
        if greet:
            self._say(s, state, agent, self._fill(pc.GREETING, agent))

    def _customer_issue(self, s: Session, state: _State, issue: str) -> None:
        """People often send a long message in two chunks."""
        cut = issue.find("，", 6)
        if 0 < cut < len(issue) - 4 and self.rng.random() < 0.3:
            self._customer(s, state, issue[:cut])
            self._customer(s, state, issue[cut + 1:])
        else:
            self._customer(s, state, issue)

    def _agent_middle(self, s: Session, state: _State, agent: Agent, group: str) -> None:
        negative = s.spec.sentiment == "negative"
        if group not in NO_ID_GROUPS:
            asked = not agent.skips_identity and self.rng.random() > 0.04
            s.sop["identity"] = asked
            if asked:
                self._identity(s, state, agent)
        for kind, share in pc.CHAT_PII.get(group, ()):
            if self.rng.random() < share:
                value = self.composer.pii_value(kind, s.spec.customer.handle)
                s.spec.pii.append((kind, value))
                self._customer(s, state, pick(self.rng, PII_TEMPLATES[kind], {"v": value}))
        if negative:
            s.sop["empathy"] = self.rng.random() < 0.85
            if s.sop["empathy"]:
                self._say(s, state, agent, self._fill(pc.EMPATHY, agent))
            if self.rng.random() < agent.blunt or self.rng.random() < 0.012:
                self._forbidden(s, state, agent)
                return
        s.sop["solution"] = True
        self._say(s, state, agent, self._fill(pc.SOLUTIONS[group], agent))

    def _identity(self, s: Session, state: _State, agent: Agent) -> None:
        self._say(s, state, agent, self._fill(pc.IDENTITY, agent))
        phone = pii.mobile(self.rng)
        answer = pick(self.rng, pc.CUSTOMER_ID, {"order": pii.order_number(self.rng), "mobile": phone})
        if phone in answer:
            s.spec.pii.append(("mobile", phone))
        self._customer(s, state, answer)
        self._say(s, state, agent, self._fill(pc.VERIFIED_PHONE if phone in answer else pc.VERIFIED, agent,
                                              {"last4": phone[-4:]}))

    def _forbidden(self, s: Session, state: _State, agent: Agent) -> None:
        phrase = self.rng.choice(sorted(pc.FORBIDDEN))
        s.forbidden = phrase
        self._say(s, state, agent, self._fill(pc.FORBIDDEN[phrase], agent))
        self._customer(s, state, pick(self.rng, pc.ANGRY[phrase], {}))

    def _ending(self, s: Session, state: _State, agent: Agent, group: str) -> None:
        s.outcome = self._outcome(s, agent, group)
        if s.outcome == "resolved":
            s.sop["confirmation"] = self.rng.random() < 0.88
            if s.sop["confirmation"]:
                self._say(s, state, agent, self._fill(pc.CONFIRM, agent))
            self._customer(s, state, pick(self.rng, pc.THANKS, {}))
        elif s.outcome == "escalated":
            self._say(s, state, agent, self._fill(pc.ESCALATE, agent))
            self._customer(s, state, pick(self.rng, pc.WAIT_OK, {}))
        else:
            self._customer(s, state, pick(self.rng, pc.GIVE_UP, {}))
        s.sop["closing"] = self.rng.random() < (0.9 if s.outcome != "unresolved" else 0.5)
        if s.sop["closing"]:
            self._say(s, state, agent, self._fill(pc.CLOSING, agent))
        s.csat = self._csat(s, agent)

    def _outcome(self, s: Session, agent: Agent, group: str) -> str:
        if s.forbidden:
            return "unresolved"
        if group in NO_ID_GROUPS:
            return "resolved" if self.rng.random() < 0.95 else "unresolved"
        resolved = 0.68 - (0.15 if agent.speed > 2 else 0.0)
        roll = self.rng.random()
        return "resolved" if roll < resolved else "escalated" if roll < resolved + 0.17 else "unresolved"

    def _csat(self, s: Session, agent: Agent) -> int | None:
        if self.rng.random() > (0.85 if s.forbidden else 0.55):
            return None
        if s.forbidden:
            return 1
        scale = {"resolved": (5, 5, 5, 4, 4, 3), "escalated": (4, 3, 3, 2), "unresolved": (1, 2, 2, 1, 3)}
        score = self.rng.choice(scale[s.outcome])
        if agent.speed > 2 and self.rng.random() < 0.6:
            score -= 1
        return max(1, min(5, score))


class _State:
    """The session clock, plus queue time owed before the next agent message."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self._queued = 0.0

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=round(seconds))

    def queue(self, seconds: float) -> None:
        self._queued += seconds

    def pop_queue(self) -> float:
        owed, self._queued = self._queued, 0.0
        return owed
