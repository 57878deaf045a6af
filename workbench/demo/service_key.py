"""Answer-key facts for the service-analytics plants, computed from the generated chat sessions.

Definitions (also written into the key): a session's clock starts at the customer's first message, or,
after a bot hand-over, at the customer's request for a human. First response = first agent message minus
that start. A response gap = an agent message minus the first customer message of the unanswered customer
block before it; it counts for the agent who answered.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from workbench.demo.catalog import AGENTS, BLUNT_AGENT, SKIP_ID_AGENT, SLOW_AGENT
from workbench.demo.chats import Session

if TYPE_CHECKING:
    from workbench.demo.generated import Generated

DEFINITIONS = {
    "first_response_s": "first agent message minus the customer's first message (after a bot hand-over: minus "
                        "the customer's request for a human)",
    "response_gap_s": "agent message minus the first customer message of the unanswered block before it",
    "identity_check": "agent asks for an order number or phone before solving; expected in every session that "
                      "is not a pure inquiry or praise",
    "repeat": "a customer message sent while waiting that repeats the issue or nudges (在吗/？？)",
}


def first_response(s: Session) -> float | None:
    start = None
    for m in s.messages:
        if m.role == "客户" and start is None:
            start = m.at
        if m.role == "机器人":
            start = None
        if m.role == "客服" and start is not None:
            return (m.at - start).total_seconds()
    return None


def response_gaps(s: Session) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    waiting = None
    for m in s.messages:
        if m.role == "客户" and waiting is None:
            waiting = m.at
        elif m.role == "客服":
            if waiting is not None:
                out.append((m.agent, (m.at - waiting).total_seconds()))
            waiting = None
        elif m.role == "机器人":
            waiting = None
    return out


def _mean(values: list[float]) -> float | None:
    return round(statistics.mean(values), 1) if values else None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def agent_rows(sessions: list[Session]) -> list[dict[str, Any]]:
    first: dict[str, list[float]] = defaultdict(list)
    gaps: dict[str, list[float]] = defaultdict(list)
    ident: dict[str, list[bool]] = defaultdict(list)
    csat: dict[str, list[float]] = defaultdict(list)
    count: Counter[str] = Counter()
    for s in sessions:
        lead = s.agents[0]
        count.update(s.agents)
        fr = first_response(s)
        if fr is not None:
            first[lead].append(fr)
        for agent, gap in response_gaps(s):
            gaps[agent].append(gap)
        if "identity" in s.sop:
            ident[lead].append(s.sop["identity"])
        if s.csat is not None:
            csat[s.agents[-1]].append(float(s.csat))
    return [{"agent": a.code, "name": a.name, "team": a.team, "sessions": count[a.code],
             "median_first_response_s": _median(first[a.code]), "mean_response_s": _mean(gaps[a.code]),
             "identity_check_rate": round(sum(ident[a.code]) / len(ident[a.code]), 3) if ident[a.code] else None,
             "forbidden": sum(1 for s in sessions if s.forbidden and _forbidden_agent(s) == a.code),
             "csat_mean": _mean(csat[a.code])} for a in AGENTS]


def _forbidden_agent(s: Session) -> str:
    phrase = s.forbidden or ""
    return next(m.agent for m in s.messages if m.role == "客服" and phrase in m.text)


def forbidden_facts(data: Generated) -> dict[str, Any]:
    bad = [s for s in data.sessions if s.forbidden]
    good = [s for s in data.sessions if not s.forbidden]
    unresolved = sum(s.outcome == "unresolved" for s in good) / len(good)
    reviews = [{"session": chat.ext_id, "review_order": review.ext_id, "stars": review.rating,
                "days_after": (review.at.date() - chat.at.date()).days} for review, chat in data.follow_ups]
    return {
        "phrases": dict(sorted(Counter(s.forbidden for s in bad if s.forbidden).items())), "sessions": len(bad),
        "records": [s.spec.ext_id for s in bad], "by_agent": dict(Counter(_forbidden_agent(s) for s in bad)),
        "concentrated_in": BLUNT_AGENT,
        "unresolved_share": round(sum(s.outcome == "unresolved" for s in bad) / len(bad), 3),
        "others_unresolved_share": round(unresolved, 3),
        "csat_mean": _mean([float(s.csat) for s in bad if s.csat is not None]),
        "others_csat_mean": _mean([float(s.csat) for s in good if s.csat is not None]),
        "followed_by_bad_review": len(reviews), "follow_up_reviews": reviews,
        "follow_up_mean_stars": _mean([float(r["stars"]) for r in reviews if r["stars"] is not None]),
        "note": "the follow-up review is by the same customer nickname (客户昵称 = 买家), same product, 1-3 days later",
    }


def service_facts(data: Generated) -> dict[str, Any]:
    sessions = data.sessions
    rows = agent_rows(sessions)
    by = {r["agent"]: r for r in rows}
    others = [s for s in sessions if s.agents[0] != SLOW_AGENT]
    other_first = [fr for s in others if (fr := first_response(s)) is not None]
    other_ident = [s.sop["identity"] for s in sessions if "identity" in s.sop and s.agents[0] != SKIP_ID_AGENT]
    return {
        "definitions": DEFINITIONS, "sessions": len(sessions), "messages": sum(len(s.messages) for s in sessions),
        "handover_sessions": sum(s.handover for s in sessions), "transfer_sessions": sum(s.transfer for s in sessions),
        "sessions_with_repeats": sum(s.repeats > 0 for s in sessions),
        "repeat_messages": sum(s.repeats for s in sessions),
        "outcomes": dict(sorted(Counter(s.outcome for s in sessions).items())),
        "csat_rated": sum(s.csat is not None for s in sessions),
        "csat_mean": _mean([float(s.csat) for s in sessions if s.csat is not None]),
        "agents": rows,
        "slow_agent": {"agent": SLOW_AGENT, "median_first_response_s": by[SLOW_AGENT]["median_first_response_s"],
                       "others_median_first_response_s": _median(other_first),
                       "mean_response_s": by[SLOW_AGENT]["mean_response_s"]},
        "identity_skip_agent": {"agent": SKIP_ID_AGENT, "identity_check_rate": by[SKIP_ID_AGENT]["identity_check_rate"],
                                "others_identity_check_rate": round(sum(other_ident) / len(other_ident), 3)},
        "forbidden_phrase": forbidden_facts(data),
    }
