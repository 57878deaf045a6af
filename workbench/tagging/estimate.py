"""What a tagging run will cost, shown before it starts: how many records the LLM judges and an ETA.

Seconds per LLM record were measured on a 2-core laptop (bench/tagging_llm.py, bench/cascade_scale.py):
a short taxonomy is listed whole in the cached prompt prefix; a long one (more leaves than the run's
full-list limit) needs a candidate list per record and longer answers (full paths), which costs more.
Unknown models (a user's GGUF) are assumed as slow as the default. The student part runs at about
a thousand records per second plus its training (bench/cascade_scale.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# (short taxonomy, long taxonomy) seconds per record on 2 cores; the long-taxonomy default is extrapolated
# from the fast model's measured 10.5 s by the two models' generation speeds (about 2×).
SECONDS_PER_RECORD = {"fast": (3.0, 10.5), "default": (8.0, 21.0)}
# a sentiment check (one forward pass over the record; bench/cascade.py phases): short reviews to long ones
CHECK_SECONDS = {"fast": 0.6, "default": 1.3}
# The default allowance of sentiment checks per budgeted LLM record: 0 (ask for them with --sentiment-checks).
# With the fast model they helped on one dev set and hurt on the test splits (bench/cascade.py, issue 5 note).
CHECKS_PER_LLM_RECORD = 0
STUDENT_RECORDS_PER_S = 800.0
TRAIN_S_PER_WEAK_LABEL = 0.002
WEAK_SAMPLE = 50_000


@dataclass(frozen=True)
class Estimate:
    pending: int
    llm_records: int
    llm_minutes: float
    total_minutes: float
    checks: int = 0  # at most this many quick sentiment checks (only doubtful records get one)
    check_minutes: float = 0.0


def seconds_per_record(model: str | None, leaves: int, full_list_limit: int = 40) -> float:
    short, long = SECONDS_PER_RECORD.get(model or "default", SECONDS_PER_RECORD["default"])
    return short if leaves <= full_list_limit else long


def estimate_run(pending: int, budget: int | None, minutes: float | None, model: str | None,
                 leaves: int, full_list_limit: int = 40, checks: int | None = None,
                 can_check: bool = True) -> Estimate:
    """The LLM records (the smaller of the record and time budgets), the most sentiment checks the rest
    may get (``checks``: the allowance; None = the default, CHECKS_PER_LLM_RECORD per budgeted record; none
    when the backend cannot ``score_choices``, as a server cannot yet) and the minutes the whole run takes at most."""
    per = seconds_per_record(model, leaves, full_list_limit)
    llm = pending if budget is None else min(budget, pending)
    if minutes is not None:
        llm = min(llm, math.floor(minutes * 60 / per))
    llm_minutes = llm * per / 60
    if budget is None and minutes is None:  # no limit: the LLM judges every record, no student
        return Estimate(pending, llm, llm_minutes, llm_minutes)
    rest = pending - llm
    student = rest / STUDENT_RECORDS_PER_S + min(rest, WEAK_SAMPLE) * TRAIN_S_PER_WEAK_LABEL
    allowance = checks if checks is not None else CHECKS_PER_LLM_RECORD * (pending if budget is None else budget)
    n_checks = min(allowance, rest) if can_check and minutes != 0 else 0  # checks alone run with budget 0
    per_check = CHECK_SECONDS.get(model or "default", CHECK_SECONDS["default"])
    if minutes is not None:  # the checks share the LLM's time limit
        n_checks = min(n_checks, math.floor(max(minutes - llm_minutes, 0.0) * 60 / per_check))
    check_minutes = n_checks * per_check / 60
    return Estimate(pending, llm, llm_minutes, llm_minutes + check_minutes + student / 60, n_checks, check_minutes)
