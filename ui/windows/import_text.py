"""The import wizard's words in zh and en: labels, the check's warnings and the per-file import result.

The core's warnings carry a code and values (``ImportReport.notices``); they are worded here in the UI's
language. A code this table does not know falls back to the core's English sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from ui import i18n
from ui.i18n import pick
from workbench.ingest.options import ImportReport
from workbench.ingest.per_file import FileOutcome

TEXT: dict[str, tuple[str, str]] = {
    "title": ("导入数据", "Import data"), "files": ("文件", "Files"), "add": ("添加文件…", "Add files…"),
    "remove": ("移除", "Remove"), "remove_tip": ("从列表中移除选中的文件（Delete 键）",
                                                 "Remove the selected file from the list (Delete key)"),
    "sheet": ("工作表/数据表", "Sheet / table"), "mapping": ("字段对应", "Column mapping"),
    "channel": ("渠道", "Channel"), "auto": ("（按列或自动）", "(from column / auto)"),
    "none": ("（不使用）", "(not used)"),
    "keep_pii": ("另存个人信息原文（默认不保存）", "Keep PII originals (off by default)"),
    "clean": ("清洗文本（去标记、整理空白）", "Clean text (markup, whitespace)"),
    "drop_noise": ("去掉系统噪声（[图片]、自动回复）", "Drop system noise ([image], auto-replies)"),
    "import": ("导入", "Import"), "close": ("关闭", "Close"), "cancel": ("取消", "Cancel"),
    "loading": ("正在读取预览…", "Reading the preview…"), "importing": ("正在导入…", "Importing…"),
    "checking": ("正在检查…", "Checking…"),
    "report": ("导入结果", "Import result"), "no_text": ("请选择“文本”对应的列。", "Choose the column for “text”."),
    "no_files": ("请先添加要导入的文件。", "Add a file to import first."),
    "no_good": ("列表中没有可导入的文件：请移除出错的文件或添加其他文件。",
                "No file in the list can be imported: remove the files in error or add others."),
    "cancelled": ("已取消：项目未作任何改动。", "Cancelled: the project was not changed."),
    "nothing": ("没有导入任何文件：", "Nothing was imported: "),
    "saved": ("（沿用上次保存的对应关系）", "(mapping saved from last time)"),
    "bad_file": ("无法读取此文件：{error}", "This file cannot be read: {error}"),
    "bad_mark": ("✗ {name}（将跳过）", "✗ {name} (skipped)"),
    "tab.rows": ("数据预览", "Rows"), "tab.turns": ("会话预览（前 {n} 个会话）", "Sessions (first {n})"),
    "check.title": ("导入前检查", "Check before importing"),
    "check.first": ("（按前 {n:,} 行）", "(on the first {n:,} rows)"),
    "check.summary": ("读取 {read} 行 → {imported} 条记录，会话 {conversations} 个",
                      "{read} rows → {imported} records, {conversations} conversations"),
    "check.ok": ("未发现问题。", "No problems found."),
    "check.failed": ("检查未通过：{error}", "The check failed: {error}"),
    "speakers": ("说话人角色（可修改）", "Speaker roles (editable)"),
    "col.session": ("会话", "Session"), "col.time": ("时间", "Time"), "col.role": ("角色", "Role"),
    "col.speaker": ("说话人", "Speaker"), "col.text": ("内容", "Text"), "col.label": ("说话人", "Speaker"),
    "role.customer": ("客户", "Customer"), "role.agent": ("客服", "Agent"), "role.bot": ("机器人", "Bot"),
    "role.system": ("系统", "System"),
    "scale.1-5": ("1–5 分", "1–5"), "scale.1-10": ("1–10 分折算为 1–5", "1–10 → 1–5"), "scale.nps": ("NPS", "NPS"),
    "rating.none": ("无评分", "no rating"), "rating.unmapped": ("无法对应", "maps to nothing"),
    "detail.header_row": ("表头在第 {n} 行", "header row {n}"), "detail.encoding": ("编码 {v}", "encoding {v}"),
    "detail.delimiter": ("分隔符 {v!r}", "delimiter {v!r}"), "detail.rows": ("约 {n:,} 行", "~{n:,} rows"),
    "f.text": ("文本", "text"), "f.time": ("时间", "time"), "f.channel": ("渠道列", "channel"),
    "f.rating": ("评分", "rating"), "f.product": ("产品", "product"), "f.id": ("编号", "id"),
    "f.customer": ("客户", "customer"), "f.session": ("会话ID", "session"), "f.role": ("角色", "role"),
    "f.turn": ("轮次", "turn"), "f.agent": ("客服", "agent"), "f.speaker": ("说话人", "speaker"),
    "w.no_time": ("没有对应“时间”列：导入的记录将没有日期。", "No time column is mapped: records will have no date."),
    "w.unmapped_ratings": ("评分列“{column}”有 {count} 个值无法对应到评分（{values}）。",
                           "Rating column “{column}”: {count} values map to no rating ({values})."),
    "w.placeholder_text": ("文本列“{column}”大多是数字、个人信息或占位符：是否选错了列？",
                           "Text column “{column}” is mostly numbers, personal data or placeholders: "
                           "is it the right column?"),
    "w.both_roles": ("说话人 {names} 既作为客服又作为客户发言：请检查角色列，或在右侧修改该说话人的角色。",
                     "Speaker {names} speaks both as an agent and as the customer: check the role column, or set "
                     "the speaker's role on the right."),
    "w.many_dropped": ("{read} 行中有 {count} 行被丢弃：请检查文本列。",
                       "{count} of {read} rows were dropped: check the text column."),
    "w.sheet_skipped": ("工作表“{sheet}”没有可导入的记录（汇总或空表），已跳过。",
                        "Sheet “{sheet}” holds no records (a summary or empty sheet): skipped."),
    "r.imported": ("已导入", "imported"), "r.failed": ("失败，未导入：{error}", "failed, nothing imported: {error}"),
    "r.skipped": ("已跳过（无法读取）：{error}", "skipped (cannot be read): {error}"),
    "r.cancelled": ("已取消，未导入", "cancelled, not imported"),
    "r.counts": ("读取 {read} 行，导入 {imported} 条，重复 {duplicates}，疑似重复 {near}，"
                 "脱敏 {masked}，拒绝 {rejected}",
                 "read {read}, imported {imported}, duplicates {duplicates}, near-duplicates {near}, masked "
                 "{masked}, rejected {rejected}"),
    "r.conversations": ("会话 {n} 个（消息 {m} 条）", "conversations {n} ({m} messages)"),
    "r.turns": ("轮次：", "turns: "), "r.pii": ("脱敏的个人信息：", "personal data masked: "),
    "r.dropped": ("丢弃：", "dropped: "), "r.unused": ("未对应的列（作为附加字段保留）：",
                                                    "columns not mapped (kept as extra fields): "),
    "r.mapping": ("字段对应：", "mapping: "), "r.warning": ("注意：", "warning: "),
    "pii.mobile": ("手机号", "mobile"), "pii.landline": ("电话", "landline"), "pii.id_card": ("身份证号", "ID card"),
    "pii.bank_card": ("银行卡号", "bank card"), "pii.email": ("邮箱", "email"), "pii.address": ("地址", "address"),
    "pii.plate": ("车牌号", "plate"),
}


def t(key: str, **fmt: object) -> str:
    """The wizard's text for ``key`` in the UI's language (a key it lacks is returned as it is)."""
    return pick(TEXT, key, **fmt) if key in TEXT else key


def warning_lines(report: ImportReport) -> list[str]:
    """The report's warnings in the UI's language (the core's English for a code not known here)."""
    lines = []
    for i, notice in enumerate(report.notices):
        values = {k: v for k, v in notice.items() if k != "code"}
        key = f"w.{notice['code']}"
        try:
            lines.append(t(key, **values) if key in TEXT else report.warnings[i])
        except (KeyError, IndexError):
            lines.append(report.warnings[i] if i < len(report.warnings) else notice["code"])
    lines.extend(report.warnings[len(report.notices):])  # warnings without a code (none today)
    return lines


def field_name(field: str) -> str:
    """A mapping field (text, time, … or extra:NAME) in the UI's language."""
    return t(f"f.{field}") if f"f.{field}" in TEXT else field


def role_name(role: str) -> str:
    """A role (customer, agent, bot, system) in the UI's language."""
    return t(f"role.{role}")


def _named(prefix: str, counts: dict[str, int]) -> str:
    sep = "，" if i18n.language() == "zh" else ", "
    return sep.join(f"{t(prefix + k)} {n}" for k, n in sorted(counts.items()))


def report_lines(r: ImportReport) -> list[str]:
    """One sheet's report in the UI's language: counts, turns, personal data, drops, unused columns, warnings."""
    lines = [t("r.counts", read=r.read, imported=r.imported, duplicates=r.duplicates, near=r.near_duplicates,
               masked=r.masked, rejected=r.rejected)] if r.shape != "skipped" else []
    if r.conversations:
        lines.append(t("r.conversations", n=r.conversations, m=r.messages))
    if r.turns:
        lines.append(t("r.turns") + _named("role.", r.turns))
    if r.masked_by_kind:
        lines.append(t("r.pii") + _named("pii.", r.masked_by_kind))
    if r.dropped:
        lines.append(t("r.dropped") + ", ".join(f"{n} ({reason})" for reason, n in r.dropped.items()))
    if r.unused_columns:
        lines.append(t("r.unused") + ", ".join(r.unused_columns))
    if r.mapping:
        lines.append(t("r.mapping") + ", ".join(f"{field_name(k)}={v}" for k, v in r.mapping.items()))
    lines.extend(t("r.warning") + w for w in warning_lines(r))
    return lines


def format_reports(reports: Sequence[ImportReport]) -> str:
    """Import reports as plain text, in the UI language."""
    lines: list[str] = []
    for r in reports:
        lines.append(f"{r.path}" + (f" [{r.sheet}]" if r.sheet else ""))
        lines.extend(f"  {line}" for line in report_lines(r))
        lines.append("")
    return "\n".join(lines)


def format_outcomes(outcomes: Sequence[FileOutcome]) -> str:
    """What happened to each file of an import, then each imported sheet's report."""
    lines: list[str] = []
    for o in outcomes:
        lines.append(f"{o.path}: {t('r.' + o.status, error=o.error or '')}")
        for r in o.reports:
            if r.sheet:
                lines.append(f"  [{r.sheet}]")
            lines.extend(f"    {line}" for line in report_lines(r))
        lines.append("")
    return "\n".join(lines)
