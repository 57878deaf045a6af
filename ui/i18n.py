"""UI text in Chinese and English: a key → (zh, en) table, the current language, and change notification.

The language follows the system locale at start (zh* → Chinese, otherwise English) and can be switched
at run time; widgets re-read their text in a ``retranslate()`` method when :data:`language_changed` fires.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from PySide6.QtCore import QLocale

TEXT: dict[str, tuple[str, str]] = {
    "app.title": ("客声 · 客户之声分析台", "Kesheng · Voice of Customer workbench"),
    "menu.file": ("文件(&F)", "&File"), "menu.view": ("视图(&V)", "&View"), "menu.tools": ("工具(&T)", "&Tools"),
    "menu.help": ("帮助(&H)", "&Help"), "menu.recent": ("最近的项目", "Recent projects"),
    "menu.panels": ("面板", "Panels"), "menu.theme": ("主题", "Theme"), "menu.language": ("语言", "Language"),
    "act.new": ("新建项目…", "New project…"), "act.open": ("打开项目…", "Open project…"),
    "act.open_url": ("打开数据库地址…", "Open database URL…"), "act.import": ("导入数据…", "Import data…"),
    "act.export": ("导出…", "Export…"), "act.quit": ("退出", "Quit"), "act.refresh": ("刷新", "Refresh"),
    "act.ask_llm": ("大模型判断这条记录", "The LLM judges this record"),
    "act.reset_filters": ("清除筛选", "Clear filters"), "act.search": ("搜索原文", "Search verbatims"),
    "act.reset_layout": ("恢复默认布局", "Reset layout"), "act.about": ("关于客声", "About Kesheng"),
    "act.light": ("浅色", "Light"), "act.dark": ("深色", "Dark"), "act.clear_recent": ("清空列表", "Clear list"),
    "act.taxonomy": ("分类体系…", "Taxonomy…"),
    "act.demo": ("打开演示项目", "Open demo project"),
    "act.bulk_label": ("给全部结果打标…", "Tag all results as…"),
    "act.bulk_done": ("已给 {n:,} 条记录打标", "Labelled {n:,} records"),
    "menu.edit": ("编辑(&E)", "&Edit"), "act.undo": ("撤销", "Undo"), "act.redo": ("重做", "Redo"),
    "act.undo_what": ("撤销：{what}", "Undo: {what}"), "act.redo_what": ("重做：{what}", "Redo: {what}"),
    "history.label": ("标注", "label"), "history.undone": ("已撤销：{what}", "Undone: {what}"),
    "history.redone": ("已重做：{what}", "Redone: {what}"),
    "panel.tree": ("问题树", "Issue tree"), "panel.table": ("原文", "Verbatims"),
    "panel.detail": ("记录详情", "Record detail"), "panel.trend": ("趋势", "Trend"),
    "panel.top": ("TOP 榜单", "TOP lists"), "panel.dashboard": ("大屏", "Dashboard"),
    "panel.alerts": ("预警", "Alerts"), "panel.review": ("复核队列", "Review queue"),
    "panel.tagging": ("打标任务", "Tagging run"), "panel.ask": ("摘要与问答", "Summary & Ask"),
    "panel.report": ("报告", "Report"), "panel.customer": ("客户视图", "Customer"),
    "panel.discovery": ("发现新问题", "Discover"), "panel.monitor": ("实时监控", "Monitor"),
    "panel.service": ("服务质量", "Service quality"), "panel.settings": ("设置", "Settings"),
    "col.node": ("问题", "Issue"), "col.count": ("数量", "Count"), "col.share": ("占比", "Share"),
    "col.negative": ("负面占比", "Negative share"), "col.delta": ("环比", "Δ"), "col.spark": ("近 8 周", "8 weeks"),
    "tree.judging": ("大模型判断 {n:,} 条记录", "The model judges {n:,} records"),
    "tree.show": ("查看原文", "Show verbatims"), "tree.summarise": ("总结此问题", "Summarise this issue"),
    "col.precision": ("准确率", "Precision"),
    "col.impact": ("评分影响", "Score impact"), "col.effort": ("费力度", "Effort"),
    "col.emotion": ("主要情绪", "Main emotion"), "col.actionable": ("需跟进", "Actionable"),
    "tree.impact_tip": ("若这些记录的评分与其余记录相同，总体平均评分将提升 {v:+.2f}"
                        "（95% 区间 {lo:+.2f} 至 {hi:+.2f}）；该问题均分 {w:.2f}，其余 {o:.2f}，{n:,} 条有评分",
                        "The mean rating would move by {v:+.2f} (95% interval {lo:+.2f} to {hi:+.2f}) if these records "
                        "scored like the rest; {w:.2f} here vs {o:.2f} elsewhere, {n:,} rated"),
    "tree.effort_tip": ("客户费力度均值（1 = 轻松，5 = 反复联系、多次转接），{n:,} 条记录",
                        "Mean customer effort (1 = easy, 5 = repeated contacts, transfers) over {n:,} records"),
    "tree.emotion_tip": ("{emotions}（共 {n:,} 条）", "{emotions} ({n:,} records)"),
    "tree.actionable_tip": ("{k:,} / {n:,} 条记录提出了需要处理的请求", "{k:,} of {n:,} records ask for an action"),
    "emotion.愤怒": ("愤怒", "angry"), "emotion.失望": ("失望", "disappointed"), "emotion.焦虑": ("焦虑", "anxious"),
    "emotion.中性": ("中性", "neutral"), "emotion.满意": ("满意", "satisfied"), "emotion.惊喜": ("惊喜", "delighted"),
    "tree.prec_audited": ("精确率 {v}（95% 区间 {lo}–{hi}），依据 {n:,} 条人工复核记录",
                          "Precision {v} (95% interval {lo}–{hi}) from {n:,} analyst-reviewed records"),
    "tree.prec_estimate": ("估计：{n:,} 个机器标签的校准置信度均值 {v}（{lo}–{hi}），未经人工复核",
                           "Estimate: mean calibrated confidence {v} ({lo}–{hi}) of {n:,} machine tags, "
                           "not reviewed by an analyst"),
    "tree.delta_tip": ("{a} 至 {b}：{cur:,} 条，上一周期 {prev:,} 条", "{a} to {b}: {cur:,}; previous period {prev:,}"),
    "col.id": ("编号", "ID"), "col.created_at": ("时间", "Time"), "col.channel": ("渠道", "Channel"),
    "col.external_id": ("外部编号", "External ID"), "col.text": ("原文", "Text"), "col.rating": ("评分", "Rating"),
    "col.product": ("产品", "Product"), "col.customer_key": ("客户", "Customer"), "col.agent": ("坐席", "Agent"),
    "col.sentiment": ("情感", "Sentiment"), "col.intent": ("意图", "Intent"), "col.tags": ("标签", "Tags"),
    "col.dissatisfaction": ("不满度", "Dissatisfaction"), "col.confidence": ("置信度", "Confidence"),
    "col.method": ("方法", "Method"), "col.source_id": ("来源", "Source"), "col.source_row": ("行号", "Row"),
    "col.is_conversation": ("会话", "Conversation"),
    "sent.positive": ("正面", "positive"), "sent.neutral": ("中性", "neutral"), "sent.negative": ("负面", "negative"),
    "sent.none": ("未评估", "not assessed"),
    "intent.complaint": ("投诉", "complaint"), "intent.inquiry": ("咨询", "inquiry"),
    "intent.suggestion": ("建议", "suggestion"), "intent.praise": ("表扬", "praise"), "intent.other": ("其他", "other"),
    "role.customer": ("客户", "Customer"), "role.agent": ("客服", "Agent"), "role.bot": ("机器人", "Bot"),
    "role.system": ("系统", "System"),
    "flt.time": ("时间", "Time"), "flt.all_time": ("全部时间", "All time"), "flt.last7": ("最近 7 天", "Last 7 days"),
    "flt.last30": ("最近 30 天", "Last 30 days"), "flt.last90": ("最近 90 天", "Last 90 days"),
    "flt.this_month": ("最近一个自然月", "Latest month"), "flt.custom": ("自定义…", "Custom…"),
    "flt.channel": ("渠道", "Channel"), "flt.product": ("产品", "Product"), "flt.sentiment": ("情感", "Sentiment"),
    "flt.all": ("全部", "All"), "flt.search": ("搜索原文（空格分隔多个词）", "Search verbatims (space = AND)"),
    "flt.views": ("视图", "Views"), "flt.save_view": ("保存当前视图…", "Save the current view…"),
    "flt.delete_view": ("删除视图", "Delete a view"), "flt.view_name": ("视图名称：", "View name:"),
    "flt.relative_tip": ("相对项目中最新一条记录的时间", "Relative to the project's latest record"),
    "tree.all": ("全部问题", "All issues"), "tree.empty": ("项目还没有分类体系：请先设置分类体系（taxonomy）。",
                                                     "No taxonomy yet: set one with the taxonomy command."),
    "trend.stacked": ("堆叠", "Stacked"), "trend.lines": ("折线", "Lines"), "trend.day": ("日", "Day"),
    "trend.week": ("周", "Week"), "trend.month": ("月", "Month"), "trend.clear": ("清除时间段", "Clear period"),
    "trend.stop_compare": ("结束对比", "Stop comparing"), "tree.compare": ("加入趋势对比", "Compare in the trend"),
    "trend.compare_full": ("最多同时对比 5 个问题", "At most 5 issues can be compared at once"),
    "trend.hint": ("点击柱子或拖动选区以筛选时间段", "Click a bar or drag the band to filter a period"),
    "trend.empty": ("当前筛选没有带时间的记录", "No dated records in the current selection"),
    "detail.empty": ("在原文列表中选择一条记录", "Select a record in the verbatim table"),
    "detail.source": ("来源", "Source"), "detail.sheet": ("工作表", "sheet"), "detail.row": ("行", "row"),
    "detail.tags": ("标签", "Tags"), "detail.untagged": ("尚未打标", "Not tagged yet"),
    "detail.assessment": ("整体判断", "Assessment"), "detail.reason": ("理由", "Reason"),
    "status.records": ("{shown:,} / {total:,} 条记录", "{shown:,} of {total:,} records"),
    "status.project": ("项目：{name}", "Project: {name}"), "status.loading": ("加载中…", "Loading…"),
    "top.rank": ("#", "#"), "top.node": ("问题", "Issue"), "top.count": ("本期", "Count"),
    "top.previous": ("上期", "Previous"), "top.delta": ("变化", "Change"), "top.share": ("占比", "Share"),
    "top.negative": ("负面占比", "Negative share"), "top.score": ("得分", "Score"), "top.new_mark": ("新", "new"),
    "top.by_frequent": ("高频", "Frequent"), "top.by_rising": ("上升", "Rising"),
    "top.by_negative": ("负面", "Negative"), "top.by_new": ("新问题", "New"),
    "top.all_levels": ("全部层级", "All levels"), "top.level": ("第 {n} 级", "Level {n}"),
    "top.auto": ("自动（按数据跨度）", "Auto (from the span)"),
    "top.partial": ("；本期未满，与此前同样天数对比", "; a partial period, compared with the same days before it"),
    "top.period": ("{start} ~ {end}（对比 {pstart} ~ {pend}）", "{start} – {end} (vs {pstart} – {pend})"),
    "report.body": ("客户可直接使用的报告（xlsx / pdf / docx）：关键指标、TOP 问题、趋势与原文引用，中英文可选。",
                    "A client-ready report (xlsx / pdf / docx): KPIs, TOP issues, trends and quoted verbatims, "
                    "in Chinese or English."),
    "report.create": ("生成报告…", "Create report…"),
    "dlg.open_filter": ("客声项目 (*.kesheng *.db *.sqlite);;所有文件 (*)",
                        "Kesheng projects (*.kesheng *.db *.sqlite);;All files (*)"),
    "act.open_bundle": ("打开客户数据包…", "Open bundle…"),
    "dlg.bundle_filter": ("客声数据包 (*.kbundle);;所有文件 (*)", "Kesheng bundles (*.kbundle);;All files (*)"),
    "dlg.bundle_passphrase": ("数据包口令：", "The bundle's passphrase:"),
    "dlg.bundle_save": ("将项目保存为", "Save the project as"),
    "dlg.url_prompt": ("数据库地址（例如 postgresql+psycopg://user@host/db）：",
                       "Database URL (e.g. postgresql+psycopg://user@host/db):"),
    "dlg.building_demo": ("正在构建演示项目…", "Building the demo project…"),
    "about.text": ("客声（Kesheng）：完全离线的客户之声分析工作台。\n数据只留在本机。",
                   "Kesheng: an offline Voice-of-Customer workbench.\nYour data never leaves this machine."),
}

_state = {"lang": "zh"}
_listeners: list[Callable[[], None]] = []


def system_language() -> str:
    """'zh' when the system locale is Chinese (or KESHENG_LANG=zh), else 'en'."""
    override = os.environ.get("KESHENG_LANG", "")
    if override:
        return "zh" if override.lower().startswith("zh") else "en"
    names = [QLocale.system().name(), *(os.environ.get(k, "") for k in ("LC_ALL", "LC_MESSAGES", "LANG"))]
    return "zh" if any(n.lower().startswith("zh") for n in names) else "en"


def language() -> str:
    return _state["lang"]


def set_language(lang: str) -> None:
    """Switch the UI language ('zh' or 'en') and notify every listener."""
    lang = "zh" if lang.lower().startswith("zh") else "en"
    if lang == _state["lang"]:
        return
    _state["lang"] = lang
    for listener in list(_listeners):
        try:
            listener()
        except RuntimeError as exc:  # a widget deleted without unsubscribing: drop its listener
            if "already deleted" not in str(exc):
                raise
            _listeners.remove(listener)


def on_language_changed(listener: Callable[[], None]) -> Callable[[], None]:
    """Register a callback; returns a function that unregisters it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def pick(table: Mapping[str, tuple[str, str]], key: str, **fmt: object) -> str:
    """``key`` of a panel's own (zh, en) text table in the current language, formatted with ``fmt``."""
    text = table[key][0 if _state["lang"] == "zh" else 1]
    return text.format(**fmt) if fmt else text


def tr(key: str, **fmt: object) -> str:
    """The text of ``key`` in the current language (the key itself if unknown), formatted with ``fmt``."""
    pair = TEXT.get(key)
    text = key if pair is None else pair[0 if _state["lang"] == "zh" else 1]
    return text.format(**fmt) if fmt else text
