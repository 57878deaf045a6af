"""The service texts in Chinese and English (keys under ``service.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "run": ("分析服务质量", "Analyse service"),
    "by": ("分组", "Group by"),
    "agent": ("客服", "Agent"),
    "team": ("小组", "Team"),
    "day": ("日期", "Day"),
    "sop": ("SOP 执行热力图", "SOP heat map"),
    "worst": ("最差会话（双击打开）", "Worst conversations (double-click to open)"),
    "empty": ("尚未分析：点击“分析服务质量”。", "Not analysed yet: click “Analyse service”."),
    "none": (
        "项目中没有会话记录：请先导入客服聊天记录。",
        "No conversations in this project: import a chat export first.",
    ),
    "title": ("服务质量分析", "Service analysis"),
    "item.greeting": ("问候", "greeting"),
    "item.identity_check": ("核实身份", "identity check"),
    "item.empathy": ("安抚共情", "empathy"),
    "item.solution": ("给出方案", "solution"),
    "item.confirmation": ("确认是否解决", "confirmation"),
    "item.closing": ("结束语", "closing"),
    "outcome.resolved": ("已解决", "resolved"),
    "outcome.unresolved": ("未解决", "unresolved"),
    "outcome.escalated": ("已升级", "escalated"),
    "col.id": ("编号", "ID"),
    "col.agent": ("客服", "Agent"),
    "col.outcome": ("结果", "Outcome"),
    "col.dissatisfaction": ("不满度", "Dissatisfaction"),
    "col.key": ("客服", "Agent"),
    "col.conversations": ("会话数", "Conversations"),
    "col.first_response_s": ("首次响应(秒)", "First response (s)"),
    "col.avg_response_s": ("平均响应(秒)", "Avg response (s)"),
    "col.sop_compliance": ("SOP 合规", "SOP compliance"),
    "col.resolved_share": ("解决率", "Resolved"),
    "col.csat": ("满意度", "CSAT"),
    "col.flags": ("提示", "Flags"),
    "flag.slow responses": ("响应慢", "slow responses"),
    "flag.slow first response": ("首次响应慢", "slow first response"),
    "flag.low SOP compliance": ("SOP 合规低", "low SOP compliance"),
    "flag.few resolutions": ("解决率低", "few resolutions"),
    "flag.dissatisfied customers": ("客户不满", "dissatisfied customers"),
    "flag.skips": ("常跳过：{item}", "skips {item}"),
    "flag.says": ("使用禁语 {phrase}", "says {phrase}"),
    # the diagnosis (workbench.service.attribution): factors, then the sentences about them
    "factor.skipped": ("未{item}", "skipped the {item}"),
    "factor.said": ("客服说了“{name}”", "the agent said “{name}”"),
    "factor.issue": ("涉及“{name}”", "about “{name}”"),
    "factor.slow_first_response": ("首次响应超过 2 分钟", "first response took over 2 minutes"),
    "factor.repeat": ("客户不得不重复诉求", "the customer had to repeat themselves"),
    "factor.transfer": ("会话被转接", "the conversation was transferred"),
    "diagnosis.none": ("没有发现与不满意结果显著相关的服务行为。",
                       "No service behaviour is significantly associated with bad outcomes."),
    "diagnosis.part": (
        "{label}的会话中不满意结果占 {rate_with:.0%}（{bad}/{n}），其他会话为 {rate_without:.0%}，"
        "高出 {points:.0f} 个百分点（95% 置信区间 {low:.0f}–{high:.0f}）",
        "conversations where {label} end badly {rate_with:.0%} of the time ({bad}/{n}) versus "
        "{rate_without:.0%} otherwise, {points:.0f} points more (95% CI {low:.0f} to {high:.0f})",
    ),
    "diagnosis.join": ("；", "; "),
    "diagnosis.end": ("。", "."),
    "diagnosis.followup": (
        "{label}的会话之后 7 天内客户留下差评的占 {rate_with:.0%}（{bad}/{n}），其他会话为 {rate_without:.0%}。",
        " After conversations where {label}, {rate_with:.0%} of customers left a bad review within "
        "7 days ({bad}/{n}) versus {rate_without:.0%} otherwise.",
    ),
}
