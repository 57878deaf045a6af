"""The report texts in Chinese and English (keys under ``report.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("生成报告", "Create report"),
    "format": ("格式", "Format"),
    "template": ("模板", "Template"),
    "lang": ("报告语言", "Report language"),
    "from": ("开始日期", "From"),
    "to": ("结束日期", "To"),
    "all": (
        "自动：数据中最近的完整周期，与上一周期比较",
        "Automatic: the data's latest complete period vs the one before",
    ),
    "client": ("委托方", "Client"),
    "out": ("保存到", "Save to"),
    "report_title": ("报告标题", "Report title"),
    "title_hint": ("默认：{name}", "Default: {name}"),
    "bad_range": (
        "结束日期（{to}）早于开始日期（{start}），请调整日期。",
        "The end date ({to}) is before the start date ({start}); please adjust the dates.",
    ),
    "browse": ("浏览…", "Browse…"),
    "create": ("生成", "Create"),
    "done": ("报告已生成：{path}", "Report written: {path}"),
    "open": ("打开报告", "Open report"),
    "need_out": ("请选择保存位置。", "Choose where to save the report."),
    "executive": ("执行摘要", "Executive summary"),
    "deep_dive": ("问题深挖", "Issue deep-dive"),
    "channel": ("渠道对比", "Channel comparison"),
    "period": ("周期对比", "Period over period"),
    "xlsx": ("Excel 工作簿 (.xlsx)", "Excel workbook (.xlsx)"),
    "pdf": ("PDF 文档 (.pdf)", "PDF document (.pdf)"),
    "docx": ("Word 文档 (.docx)", "Word document (.docx)"),
    "pptx": ("PowerPoint 演示文稿 (.pptx)", "PowerPoint deck (.pptx)"),
    "narrative": ("叙述文字", "Narrative"),
    "n_template": ("模板文字（即时）", "Template wording (instant)"),
    "n_llm": ("由模型撰写（逐句核对数字，较慢）", "Written by the model (every number checked; slower)"),
}
