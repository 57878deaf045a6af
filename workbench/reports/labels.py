"""Report wording in Chinese and English, and number formatting shared by every writer."""

from __future__ import annotations

from datetime import date

from workbench.reports.model import Kpi, ReportContent

LABELS: dict[str, tuple[str, str]] = {
    "report": ("客户之声分析报告", "Voice of the Customer Report"),
    "period": ("分析周期", "Period"), "previous": ("对比周期", "Compared with"),
    "scope": ("数据范围", "Data scope"), "generated": ("生成时间", "Generated"),
    "prepared_for": ("委托方", "Prepared for"), "records": ("反馈条数", "Records"),
    "contents": ("目录", "Contents"), "summary": ("执行摘要", "Executive summary"),
    "kpis": ("关键指标", "Key figures"), "tree": ("问题分类树", "Issue tree"),
    "top_frequent": ("高频问题 TOP", "Most frequent issues"), "top_rising": ("上升最快的问题", "Fastest-rising issues"),
    "top_negative": ("负面占比最高的问题", "Most negative issues"), "trend": ("趋势", "Trend"),
    "drivers": ("评分驱动因素", "What drives low scores"), "alerts": ("已触发预警", "Alerts fired"),
    "issues": ("重点问题详解", "Top issues in depth"), "service": ("服务质量", "Service quality"),
    "method": ("方法说明", "Method appendix"), "verbatims": ("原声明细", "Verbatims"),
    "issue": ("问题", "Issue"), "count": ("条数", "Count"), "share": ("占比", "Share"),
    "negative_share": ("负面占比", "Negative share"), "prev": ("上期", "Previous"), "delta": ("变化", "Change"),
    "delta_pct": ("变化率", "Change %"), "dissatisfaction": ("不满度", "Dissatisfaction"), "rank": ("排名", "Rank"),
    "score": ("排名依据", "Rank statistic"), "level": ("层级", "Level"), "day": ("日期", "Date"),
    "total": ("总量", "Total"), "negative": ("负面", "Negative"), "with": ("涉及该问题", "With issue"),
    "without": ("未涉及", "Without"), "effect": ("评分差", "Score gap"), "ci": ("95% 置信区间", "95% CI"),
    "impact": ("若解决可提升均分约", "Fixing it would lift the mean by about"), "rule": ("预警规则", "Rule"),
    "fired_at": ("触发时间", "Fired"), "delivered": ("送达方式", "Delivered"), "quotes": ("典型原声", "Quotes"),
    "record_id": ("记录ID", "Record ID"), "channel": ("渠道", "Channel"), "created_at": ("时间", "Time"),
    "product": ("产品", "Product"), "sentiment": ("情感", "Sentiment"), "tags": ("标签", "Tags"),
    "evidence": ("证据原文", "Evidence"), "text": ("原文", "Text"), "source": ("来源", "Source"),
    "agent": ("客服", "Agent"), "conversations": ("会话数", "Conversations"),
    "first_response": ("首次响应(秒)", "First response (s)"), "avg_response": ("平均响应(秒)", "Avg response (s)"),
    "sop": ("SOP 合规率", "SOP compliance"), "resolved": ("解决率", "Resolved"), "flags": ("提示", "Flags"),
    "sources": ("数据来源", "Sources"), "file": ("文件", "File"), "sheet": ("工作表", "Sheet"),
    "kind": ("类型", "Kind"), "imported_at": ("导入时间", "Imported"), "read": ("读取", "Read"),
    "imported": ("导入", "Imported"), "duplicates": ("重复", "Duplicates"), "masked": ("脱敏", "Masked"),
    "rejected": ("拒绝", "Rejected"), "cleaning": ("清洗与脱敏", "Cleaning and masking"),
    "taxonomy": ("分类体系", "Taxonomy"), "version": ("版本", "Version"), "nodes": ("节点数", "Nodes"),
    "models": ("模型", "Models"), "sha256": ("SHA-256", "SHA-256"), "prompt": ("提示词版本", "Prompt version"),
    "stages": ("打标阶段", "Tagging stages"), "method_name": ("方式", "Method"), "tags_n": ("标签数", "Tags"),
    "quality": ("标注质量", "Label quality"),
    "accuracy": ("估计准确率", "Estimated accuracy"),
    "caveats": ("局限与说明", "Caveats"), "page": ("第 {n} 页", "Page {n}"),
    "none": ("无", "None"), "new": ("（新增）", " (new)"), "by_channel": ("渠道对比", "Channel comparison"),
    "by_month": ("逐月对比", "Month by month"), "top_issue": ("首要问题", "Top issue"),
    "kpi_records": ("反馈总量", "Feedback records"),
    "kpi_negative": ("负面反馈占比", "Negative records"), "kpi_dissatisfaction": ("平均不满度", "Mean dissatisfaction"),
    "kpi_rating": ("平均评分", "Mean rating"), "kpi_tagged": ("已打标比例", "Tagged share"),
    "kpi_issues": ("涉及问题条数", "Records with an issue"),
    "rule_": ("规则", "rules"), "student": ("学生模型", "student model"), "llm": ("大模型", "LLM"),
    "human": ("人工", "analyst"), "run": ("运行", "Run"), "started": ("开始时间", "Started"),
    "status": ("状态", "Status"), "model": ("模型", "Model"),
    "impact_ci": ("评分影响（95% 区间）", "Score impact (95% interval)"),
    "lead": ("首要发现", "Lead finding"),
    "experience": ("客户体验：费力度、情绪与待跟进", "Customer experience: effort, emotion, actionability"),
    "experience_note": ("费力度 1–5：1 = 轻松，5 = 反复联系、多次转接；主要情绪为中性以外最多的情绪；"
                        "需跟进 = 提出了需要处理的请求的记录占比。",
                        "Effort 1–5: 1 = easy, 5 = repeated contacts and transfers; the main emotion is the most "
                        "frequent one other than neutral; actionable = the share of records that ask for an action."),
    "experience_sheet": ("客户体验", "Customer experience"), "all_records": ("全部记录", "All records"),
    "effort": ("平均费力度", "Mean effort"),
    "emotion": ("主要情绪", "Main emotion"), "actionable": ("需跟进", "Actionable"),
}

EMOTIONS_EN = {"愤怒": "angry", "失望": "disappointed", "焦虑": "anxious", "中性": "neutral", "满意": "satisfied",
               "惊喜": "delighted"}


def emotion_text(emotion: str | None, share: float, lang: str) -> str:
    """``愤怒 42%`` / ``angry 42%``; a dash when no record shows an emotion."""
    if emotion is None:
        return "—"
    name = emotion if lang == "zh" else EMOTIONS_EN.get(emotion, emotion)
    return f"{name} {share:.0%}"


def impact_text(impact: float, low: float, high: float) -> str:
    """``+0.20 (+0.13 … +0.27)``: a score impact and its 95% interval."""
    return f"{impact:+.2f} ({low:+.2f} … {high:+.2f})"


def t(key: str, lang: str, **fmt: object) -> str:
    """The label ``key`` in ``lang`` (zh or en); unknown keys come back as themselves."""
    pair = LABELS.get(key)
    text = key if pair is None else pair[0 if lang == "zh" else 1]
    return text.format(**fmt) if fmt else text


def fmt_int(value: float | None) -> str:
    return "—" if value is None else f"{round(value):,}"


def fmt_pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def fmt_float(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def fmt_delta(count: int, previous: int, compared: bool = True, lang: str = "en") -> str:
    """"+12 (+35%)", "+3 (new)" ("+3（新增）" in Chinese), "0", or "—" when there is no previous period."""
    if not compared:
        return "—"
    delta = count - previous
    if previous == 0:
        return f"{delta:+d}{t('new', lang)}" if delta else "0"
    return f"{delta:+d} ({100 * delta / previous:+.0f}%)"


def fmt_kpi(kpi: Kpi) -> str:
    return {"pct": fmt_pct, "float": fmt_float}.get(kpi.kind, fmt_int)(kpi.value)


def fmt_period(period: tuple[date, date] | None, lang: str) -> str:
    if period is None:
        return t("none", lang)
    a, b = period
    return f"{a:%Y-%m-%d} – {b:%Y-%m-%d}"


def experience_rows(c: ReportContent) -> list[list[str]]:
    """The customer-experience table of the PDF and Word reports, header first."""
    lang = c.spec.lang
    head = [t(k, lang) for k in ("issue", "records", "effort", "emotion", "actionable")]
    return [head] + [[e.path or t("all_records", lang), f"{e.records:,}", f"{e.mean_effort:.1f}",
                      emotion_text(e.emotion, e.emotion_share, lang), f"{e.actionable_share:.0%}"]
                     for e in c.experience]
