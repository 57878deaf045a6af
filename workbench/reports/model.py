"""What a report says, as plain values: the writers only lay it out, they never compute."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

TEMPLATES = ("executive", "deep_dive", "channel", "period")


@dataclass(frozen=True)
class ReportSpec:
    """The choices of the report dialog or the CLI flags. ``date_to`` is inclusive (a calendar day)."""

    template: str = "executive"
    lang: str = "zh"
    date_from: date | None = None
    date_to: date | None = None
    client: str = ""
    title: str = ""  # the cover's title; empty: the project's name
    logo: str | None = None
    top_n: int = 10
    issue_sections: int = 5
    quotes_per_issue: int = 3
    narrative: str = "template"  # template | llm
    verbatim_limit: int | None = 100_000  # Excel verbatim sheet cap; `export` writes every record


def depth(spec: ReportSpec) -> tuple[int, int]:
    """(issues written up in depth, issue-tree levels shown) for the spec's template."""
    if spec.template == "deep_dive":
        return max(spec.issue_sections, 10), 3
    return spec.issue_sections, 2


@dataclass(frozen=True)
class Kpi:
    """A headline number with its previous-period value; ``kind`` says how to format it."""

    key: str
    value: float | None
    previous: float | None
    kind: str = "int"  # int, pct, float


@dataclass(frozen=True)
class TreeRow:
    path: str
    level: int
    count: int
    share: float
    negative_share: float
    previous: int
    mean_dissatisfaction: float | None

    @property
    def delta(self) -> int:
        return self.count - self.previous

    @property
    def delta_pct(self) -> float | None:
        return 100.0 * self.delta / self.previous if self.previous else None


@dataclass(frozen=True)
class TopRow:
    rank: int
    path: str
    count: int
    previous: int
    share: float
    negative_share: float
    score: float
    basis: str


@dataclass(frozen=True)
class Quote:
    """A record's text copied verbatim (already PII-masked at import), with where it came from."""

    record_id: int
    text: str
    channel: str
    created_at: datetime | None


@dataclass(frozen=True)
class IssueSection:
    path: str
    count: int
    previous: int
    share: float
    negative_share: float
    narrative: str
    quotes: tuple[Quote, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DriverRow:
    path: str
    n_with: int
    mean_with: float
    mean_without: float
    effect: float
    low: float
    high: float
    impact: float
    impact_low: float = 0.0  # 95% interval of the impact: the effect's interval times the issue's share
    impact_high: float = 0.0


@dataclass(frozen=True)
class ExperienceRow:
    """How the customers of an issue (or of all records: ``path`` empty) fare: mean effort 1–5, the main
    emotion other than neutral with its share, the share of records that ask for an action."""

    path: str
    records: int
    mean_effort: float
    emotion: str | None
    emotion_share: float
    actionable_share: float


@dataclass(frozen=True)
class AlertRow:
    rule: str
    fired_at: datetime
    records: int
    delivered: str | None


@dataclass(frozen=True)
class TrendPoint:
    day: date
    total: int
    negative: int


@dataclass(frozen=True)
class ServiceRow:
    key: str
    conversations: int
    first_response_s: float | None
    avg_response_s: float | None
    sop_compliance: float
    resolved_share: float
    dissatisfaction: float
    flags: tuple[str, ...]


@dataclass(frozen=True)
class BreakdownRow:
    """One channel or one month of the channel-comparison / period-over-period templates."""

    label: str
    records: int
    negative_share: float | None
    top_issue: str
    top_count: int


@dataclass(frozen=True)
class SourceRow:
    path: str
    sheet: str | None
    kind: str
    imported_at: datetime
    read: int
    imported: int
    duplicates: int
    masked: int
    rejected: int


@dataclass(frozen=True)
class RunRow:
    """A tagging run whose tags the project still holds, with the counts its own summary printed."""

    run_id: int
    started_at: datetime
    status: str
    model: str | None
    model_sha256: str | None
    prompt_version: str | None
    by_method: dict[str, int] | None  # records per method; None: a run from before runs recorded it


@dataclass(frozen=True)
class PrecisionRow:
    """A node's estimated precision (``workbench.analysis.precision``): audited, or an estimate from calibration."""

    path: str
    value: float
    low: float
    high: float
    basis: str  # audited | calibration
    n: int  # audited records, or machine tags behind the estimate


@dataclass
class MethodAppendix:
    sources: list[SourceRow] = field(default_factory=list)
    cleaning: list[str] = field(default_factory=list)
    taxonomy_version: int | None = None
    taxonomy_nodes: int = 0
    runs: list[RunRow] = field(default_factory=list)
    label_quality: dict[str, float] | None = None
    human_labels: int = 0
    caveats: list[str] = field(default_factory=list)
    precision: list[PrecisionRow] = field(default_factory=list)  # the nodes the report's TOP lists name
    warning: str | None = None  # the tags are mostly a guess: the sentence with the way out


@dataclass(frozen=True)
class VerbatimRow:
    record_id: int
    created_at: datetime | None
    channel: str
    product: str | None
    sentiment: str | None
    tags: str
    evidence: str
    text: str
    source: str


@dataclass
class ReportContent:
    """Everything a writer lays out; every number here was computed by the analysis layer."""

    spec: ReportSpec
    title: str
    project: str
    generated_at: datetime
    period: tuple[date, date] | None
    previous: tuple[date, date] | None
    records: int
    channels: dict[str, int]
    kpis: list[Kpi] = field(default_factory=list)
    tree: list[TreeRow] = field(default_factory=list)
    top_frequent: list[TopRow] = field(default_factory=list)
    top_rising: list[TopRow] = field(default_factory=list)
    top_negative: list[TopRow] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    trend_grain: str = "day"
    drivers: list[DriverRow] = field(default_factory=list)
    experience: list[ExperienceRow] = field(default_factory=list)  # all records first, then the TOP issues
    alerts: list[AlertRow] = field(default_factory=list)
    issues: list[IssueSection] = field(default_factory=list)
    service: list[ServiceRow] = field(default_factory=list)
    service_diagnosis: str = ""
    summary: list[str] = field(default_factory=list)
    breakdown: list[BreakdownRow] = field(default_factory=list)
    breakdown_key: str = ""  # by_channel | by_month
    method: MethodAppendix = field(default_factory=MethodAppendix)
    verbatims: Callable[[], Iterator[VerbatimRow]] | None = None
    partial: bool = False  # the period stops at the data's last day; compared with the same days before it
    grain: str | None = None  # week | month when the period was chosen from the data (no dates given)
