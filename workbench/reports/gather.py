"""Compute a report's content from the project: every number comes from the analysis layer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta

from workbench.analysis.periods import Comparison, Period, compare_latest, previous
from workbench.analysis.top import TopBy, rank
from workbench.errors import InputError, Phrase
from workbench.progress import CancelToken, Progress, no_progress
from workbench.queries import aggregates, insights, report_rows
from workbench.queries.node_experience import NodeExperience, node_experience, overall_experience
from workbench.queries.records import current_nodes
from workbench.reports import narrative
from workbench.reports.labels import t
from workbench.reports.method_text import made_by_line
from workbench.reports.model import (
    AlertRow,
    BreakdownRow,
    DriverRow,
    ExperienceRow,
    Kpi,
    MethodAppendix,
    PrecisionRow,
    ReportContent,
    ReportSpec,
    RunRow,
    ServiceRow,
    SourceRow,
    TopRow,
    TreeRow,
    TrendPoint,
    VerbatimRow,
    depth,
)
from workbench.reports.node_names import NodeNames
from workbench.store.handle import Project
from workbench.types import RecordFilter


def _period(project: Project, spec: ReportSpec) -> Comparison:
    """The spec's dates against the same number of days before them; without dates, the data's latest
    complete period (week or month, from the span) against the one before (:func:`compare_latest`)."""
    span = aggregates.date_range(project)
    if span is None:
        raise InputError.of("errors.report.no_dates")
    if spec.date_from is None and spec.date_to is None:
        return compare_latest(span[0], span[1])
    start = spec.date_from or span[0]
    end = spec.date_to or span[1]
    if end < start:
        raise InputError.of("errors.report.period", start=start, end=end)
    current = Period(start, end + timedelta(days=1))
    return Comparison(current, previous(current), "day")


def _flt(start: date, end: date) -> RecordFilter:
    return RecordFilter(date_from=datetime.combine(start, datetime.min.time()),
                        date_to=datetime.combine(end + timedelta(days=1), datetime.min.time()))


def _kpis(project: Project, cur: RecordFilter, prev: RecordFilter) -> list[Kpi]:
    now, before = report_rows.record_kpis(project, cur), report_rows.record_kpis(project, prev)

    def share(k: dict[str, float | None], num: str) -> float | None:
        return (k[num] or 0) / k["records"] if k["records"] else None

    return [Kpi("kpi_records", now["records"], before["records"]),
            Kpi("kpi_tagged", share(now, "tagged"), share(before, "tagged"), "pct"),
            Kpi("kpi_issues", now["with_issue"], before["with_issue"]),
            Kpi("kpi_negative", now["negative_share"], before["negative_share"], "pct"),
            Kpi("kpi_dissatisfaction", now["dissatisfaction"], before["dissatisfaction"], "float"),
            Kpi("kpi_rating", now["rating"], before["rating"], "float")]


def _top(project: Project, by: TopBy, cur: RecordFilter, prev: RecordFilter, n: int) -> list[TopRow]:
    """TOP list over the report's own period against the previous period of the same length."""
    items = rank(by, aggregates.tree_aggregate(project, cur), aggregates.tree_aggregate(project, prev), limit=n)
    return [TopRow(i + 1, x.node, x.count, x.previous, x.share, x.negative_share, x.score, x.basis)
            for i, x in enumerate(items)]


def _tree(project: Project, cur: RecordFilter, prev: RecordFilter) -> list[TreeRow]:
    rows = insights.tree_comparison(project, cur, before=prev)
    return [TreeRow(r.stats.path, r.stats.level, r.stats.count, r.share, r.stats.negative_share, r.previous,
                    r.stats.mean_dissatisfaction) for r in rows if r.stats.count or r.previous]


def _trend(project: Project, cur: RecordFilter) -> tuple[list[TrendPoint], str]:
    days = (cur.date_to - cur.date_from).days if cur.date_to and cur.date_from else 0
    grain = "day" if days <= 62 else "week"
    total = insights.trend(project, None, cur, grain)  # type: ignore[arg-type]
    negative = insights.trend(project, None, cur.with_(sentiments=("negative",)), grain)  # type: ignore[arg-type]
    neg = dict(negative.points)
    return [TrendPoint(d, n, neg.get(d, 0)) for d, n in total.points], grain


def _issues(project: Project, spec: ReportSpec, cur: RecordFilter, tree: list[TreeRow],
            frequent: list[TopRow], compared: bool, names: NodeNames,
            rising: list[TopRow] | None = None) -> list:  # type: ignore[type-arg]
    """The key issues in depth: the two fastest-rising first (the finding a reader must see), then the most
    frequent, as many as the template's depth."""
    from workbench.queries.aggregate_cube import current_nodes
    from workbench.reports.model import IssueSection

    with project.read() as conn:
        key_of = {n.path: n.key for n in current_nodes(conn)}
    rows = {r.path: r for r in tree}
    out, used = [], set[str]()
    chosen: list[TopRow] = []
    for top in [*(rising or [])[:2], *frequent]:
        if top.path not in {c.path for c in chosen}:
            chosen.append(top)
    for top in chosen[: depth(spec)[0]]:
        row = rows.get(top.path)
        if row is None or top.path not in key_of:
            continue
        candidates = report_rows.quote_candidates(project, cur, key_of[top.path])
        quotes = narrative.pick_quotes(candidates, spec.quotes_per_issue, row.negative_share >= 0.5, used)
        row = replace(row, path=names.path(row.path))
        out.append(IssueSection(row.path, row.count, row.previous, row.share, row.negative_share,
                                narrative.issue_text(row, spec.lang, compared), tuple(quotes)))
    return out


def _service(project: Project, cur: RecordFilter, lang: str) -> tuple[list[ServiceRow], str]:
    from workbench.queries.conversations import count_conversations
    from workbench.service.run import analyze_service

    if count_conversations(project, cur) == 0:
        return [], ""
    result = analyze_service(project, "agent", cur)
    rows = [ServiceRow(r.key, r.conversations, r.first_response_s, r.avg_response_s, r.sop_compliance,
                       r.resolved_share, r.dissatisfaction, tuple(r.flags)) for r in result.rows]
    return rows, result.diagnosis(lang)


def _method(project: Project, cur: RecordFilter, lang: str) -> MethodAppendix:
    from workbench.taxonomy.repository import load_current

    m = MethodAppendix()
    for row in report_rows.sources(project):
        counts = row.counts or {}
        m.sources.append(SourceRow(row.path, row.sheet, row.kind, row.imported_at, int(counts.get("read", 0)),
                                   int(counts.get("imported", 0)), int(counts.get("duplicates", 0)),
                                   int(counts.get("masked", 0)), int(counts.get("rejected", 0))))
    masked = sum(s.masked for s in m.sources)
    m.cleaning = ([
        "文本经 Unicode NFKC 规范化，去除 HTML/标记与系统噪声（如“[图片]”、自动回复），保留表情。",
        "同一客户同一天的相同文本合并为一条；重复导入只新增新行；疑似刷屏的近似重复已标记。",
        f"个人信息在入库前脱敏（手机号、身份证号、银行卡号、邮箱、车牌、地址），共替换 {masked:,} 处。",
    ] if lang == "zh" else [
        "Texts were Unicode-NFKC normalised; HTML/markup and system noise (\"[image]\", auto-replies) removed; "
        "emoji kept.",
        "Identical texts from the same customer on the same day were merged; re-imports added only new rows; "
        "near-duplicate spam was flagged.",
        f"Personal data was masked before storage (phones, ID numbers, bank cards, e-mails, plates, addresses): "
        f"{masked:,} values replaced.",
    ])
    taxonomy = load_current(project)
    m.taxonomy_version = taxonomy.version_id if taxonomy else None
    m.taxonomy_nodes = len(taxonomy) if taxonomy else 0
    m.runs = [RunRow(r["id"], r["started_at"], r["status"], r["model"], r["model_sha256"], r["prompt_version"],
                     r["by_method"]) for r in report_rows.tag_runs(project)]
    m.human_labels = report_rows.human_label_count(project)
    m.caveats = _caveats(m, lang)
    return m


def _set_accuracy(content: ReportContent, project: Project) -> None:
    """Each named node's precision (the TOP lists' nodes, in their order) and, when the tags are a guess, the
    warning with the way out: the same figures as ``top`` and the tree."""
    from workbench.tagging.accuracy import accuracy

    sure = accuracy(project)
    m = content.method
    paths = dict.fromkeys(r.path for rows in (content.top_frequent, content.top_rising) for r in rows)
    m.precision = [PrecisionRow(path, p.value, p.low, p.high, p.basis, p.n)
                   for path in paths if (p := sure.nodes.get(path)) is not None]
    m.warning = sure.warning(content.spec.lang)


def _caveats(m: MethodAppendix, lang: str) -> list[str]:
    zh = lang == "zh"
    out = [made_by_line(m, lang)]
    if m.human_labels == 0:
        out.append("本项目尚无人工复核样本，无法给出经验证的准确率。" if zh else
                   "No analyst-reviewed sample exists yet, so no validated accuracy can be stated.")
    else:
        out.append(f"准确率依据 {m.human_labels:,} 条人工复核记录估计。" if zh else
                   f"Accuracy is estimated from {m.human_labels:,} analyst-reviewed records.")
    out.append("“上升”基于与等长上一周期的比较及显著性检验，小样本的变化不会被列为上升。" if zh else
               "“Rising” compares with the previous period of equal length using a significance test; "
               "changes on tiny counts are not listed.")
    return out


def gather(project: Project, spec: ReportSpec, progress: Progress = no_progress,
           cancel: CancelToken | None = None) -> ReportContent:
    """Everything the writers need; runs on a worker thread in the GUI."""
    comparison = _period(project, spec)
    start, end = comparison.current.start, comparison.current.last_day
    prev_start, prev_end = comparison.previous.start, comparison.previous.last_day
    cur, prev = _flt(start, end), _flt(prev_start, prev_end)
    title = spec.title.strip() or f"{project.name} · {t('report', spec.lang)}"
    names = NodeNames.load(project, spec.lang)
    content = ReportContent(spec=spec, title=title, project=project.name,
                            generated_at=datetime.now().replace(microsecond=0), period=(start, end),
                            previous=(prev_start, prev_end), records=0, channels={}, partial=comparison.partial,
                            grain=comparison.grain if spec.date_from is None and spec.date_to is None else None)
    steps: list[tuple[str, Callable[[], object]]] = [
             ("kpis", lambda: setattr(content, "kpis", _kpis(project, cur, prev))),
             ("tree", lambda: setattr(content, "tree", _tree(project, cur, prev))),
             ("top", lambda: setattr(content, "top_frequent", _top(project, "frequent", cur, prev, spec.top_n))),
             ("rising", lambda: setattr(content, "top_rising", _top(project, "rising", cur, prev, spec.top_n))),
             ("trend", lambda: _set_trend(content, project, cur)),
             ("drivers", lambda: setattr(content, "drivers", _drivers(project, cur))),
             ("experience", lambda: setattr(content, "experience",
                                            _experience(project, cur, content.top_frequent))),
             ("alerts", lambda: setattr(content, "alerts", _alerts(project, cur))),
             ("issues", lambda: setattr(content, "issues", _issues(project, spec, cur, content.tree,
                                                                     content.top_frequent, compared(), names,
                                                                     content.top_rising))),
             ("service", lambda: _set_service(content, project, cur, spec.lang)),
             ("breakdown", lambda: _set_breakdown(content, project, cur)),
             ("method", lambda: setattr(content, "method", _method(project, cur, spec.lang))),
             ("accuracy", lambda: _set_accuracy(content, project))]
    def compared() -> bool:
        return bool(content.kpis and content.kpis[0].previous)

    for i, (_name, step) in enumerate(steps):
        if cancel:
            cancel.check()
        progress(i / len(steps), Phrase("progress.report.gathering", i=i + 1, count=len(steps)))
        step()
    _localise(content, names)
    content.records = int(content.kpis[0].value or 0)
    if not compared():
        content.previous = None
    content.summary = narrative.summary(content.kpis, content.top_frequent, content.top_rising, spec.lang)
    content.summary[1:1] = narrative.period_note(content, spec.lang)
    content.verbatims = lambda: _verbatims(project, cur, spec.verbatim_limit, names)
    return content


def _localise(content: ReportContent, names: NodeNames) -> None:
    """Node paths in the report's language (the issue sections were written in it already)."""
    if content.spec.lang == "zh":
        return
    content.tree = [replace(r, path=names.path(r.path)) for r in content.tree]
    for key in ("top_frequent", "top_rising", "top_negative"):
        setattr(content, key, [replace(r, path=names.path(r.path)) for r in getattr(content, key)])
    content.drivers = [replace(d, path=names.path(d.path)) for d in content.drivers]
    content.experience = [replace(e, path=names.path(e.path)) if e.path else e for e in content.experience]
    content.method.precision = [replace(p, path=names.path(p.path)) for p in content.method.precision]
    content.breakdown = [replace(b, top_issue=names.path(b.top_issue)) for b in content.breakdown]
    note = names.caveat()
    if note:
        content.method.caveats.append(note)


def _breakdown(project: Project, spec: ReportSpec, cur: RecordFilter) -> tuple[list[BreakdownRow], str]:
    """Per channel (channel template) or per calendar month (period template) of the report period."""
    if spec.template == "channel":
        with project.read() as conn:
            names = list(report_rows.channel_counts(conn, cur))
        parts = [(name, cur.with_(channels=(name,))) for name in names]
        key = "by_channel"
    elif spec.template == "period" and cur.date_from and cur.date_to:
        parts, day = [], cur.date_from
        while day < cur.date_to:
            nxt = datetime(day.year + day.month // 12, day.month % 12 + 1, 1)
            parts.append((f"{day:%Y-%m}", cur.with_(date_from=day, date_to=min(nxt, cur.date_to))))
            day = nxt
        key = "by_month"
    else:
        return [], ""
    rows = []
    for label, flt in parts:
        kpi = report_rows.record_kpis(project, flt)
        top = rank("frequent", aggregates.tree_aggregate(project, flt), aggregates.tree_aggregate(project, flt),
                   level=2, limit=1)
        rows.append(BreakdownRow(label, int(kpi["records"] or 0), kpi["negative_share"],
                                 top[0].node if top else "—", top[0].count if top else 0))
    return rows, key


def _set_breakdown(content: ReportContent, project: Project, cur: RecordFilter) -> None:
    content.breakdown, content.breakdown_key = _breakdown(project, content.spec, cur)


def _set_trend(content: ReportContent, project: Project, cur: RecordFilter) -> None:
    content.trend, content.trend_grain = _trend(project, cur)


def _set_service(content: ReportContent, project: Project, cur: RecordFilter, lang: str) -> None:
    content.service, content.service_diagnosis = _service(project, cur, lang)


def _drivers(project: Project, cur: RecordFilter) -> list[DriverRow]:
    """The level-2 issues that pull the score down most; one whose rated records are all one descendant's is
    named by that descendant (App与固件/App使用/配网失败, not App与固件/App使用), as TOP lists collapse chains."""
    rows = insights.score_drivers(project, cur)
    deepest: dict[tuple[str, int], str] = {}
    for row in rows:  # the longest path per (ancestor, count)
        parts = row.path.split("/")
        for depth_ in range(2, len(parts)):
            key = ("/".join(parts[:depth_]), row.driver.diff.n_with)
            if len(row.path) > len(deepest.get(key, "")):
                deepest[key] = row.path
    out = []
    for row in [r for r in rows if r.path.count("/") == 1][:10]:
        d, share = row.driver.diff, row.driver.share
        out.append(DriverRow(deepest.get((row.path, d.n_with), row.path), d.n_with, d.mean_with, d.mean_without,
                             d.effect, d.low, d.high, row.driver.impact, share * -d.high, share * -d.low))
    return out


def _experience_row(path: str, e: NodeExperience) -> ExperienceRow:
    main = e.dominant_emotion()
    return ExperienceRow(path, e.n, e.mean_effort or 0.0, main[0] if main else None, main[1] if main else 0.0,
                         e.actionable_share or 0.0)


def _experience(project: Project, cur: RecordFilter, top: list[TopRow]) -> list[ExperienceRow]:
    """All records, then each TOP issue (the TOP list's paths, before localising)."""
    overall = overall_experience(project, cur)
    if not overall.n:
        return []
    keys = {n.key: n.path for n in current_nodes(project)}
    by_path = {path: key for key, path in keys.items()}
    per = node_experience(project, cur)
    rows = [_experience_row("", overall)]
    rows += [_experience_row(r.path, per[by_path[r.path]]) for r in top
             if r.path in by_path and by_path[r.path] in per and per[by_path[r.path]].n]
    return rows


def _alerts(project: Project, cur: RecordFilter) -> list[AlertRow]:
    return [AlertRow(name, fired, len(ids or []), delivered)
            for name, fired, ids, delivered in report_rows.fired_alerts(project, cur.date_from, None)]


def _verbatims(project: Project, cur: RecordFilter, limit: int | None,
               names: NodeNames) -> Iterator[VerbatimRow]:
    for h, tags in report_rows.verbatim_rows(project, cur, limit):
        source = f"{h.path.rsplit('/', 1)[-1]}{':' + h.sheet if h.sheet else ''}:{h.source_row}"
        paths = "|".join(names.path(p) for p, _, _ in tags)
        yield VerbatimRow(h.id, h.created_at, h.channel, h.product, h.sentiment, paths,
                          "|".join(e for _, _, e in tags), h.text, source)
