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
STUDENT_RECORDS_PER_S = 800.0
TRAIN_S_PER_WEAK_LABEL = 0.002
WEAK_SAMPLE = 50_000


@dataclass(frozen=True)
class Estimate:
    pending: int
    llm_records: int
    llm_minutes: float
    total_minutes: float


def seconds_per_record(model: str | None, leaves: int, full_list_limit: int = 40) -> float:
    short, long = SECONDS_PER_RECORD.get(model or "default", SECONDS_PER_RECORD["default"])
    return short if leaves <= full_list_limit else long


def estimate_run(pending: int, budget: int | None, minutes: float | None, model: str | None,
                 leaves: int, full_list_limit: int = 40) -> Estimate:
    """The LLM records (the smaller of the record and time budgets) and the minutes the whole run takes."""
    per = seconds_per_record(model, leaves, full_list_limit)
    llm = pending if budget is None else min(budget, pending)
    if minutes is not None:
        llm = min(llm, math.floor(minutes * 60 / per))
    llm_minutes = llm * per / 60
    if budget is None and minutes is None:  # no limit: the LLM judges every record, no student
        return Estimate(pending, llm, llm_minutes, llm_minutes)
    rest = pending - llm
    student = rest / STUDENT_RECORDS_PER_S + min(rest, WEAK_SAMPLE) * TRAIN_S_PER_WEAK_LABEL
    return Estimate(pending, llm, llm_minutes, llm_minutes + student / 60)
