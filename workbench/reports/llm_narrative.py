"""The report's narrative written by a model (local, or a server the user configured), checked like `ask`.

Each issue section gets two or three sentences from the model, written from that section's computed
figures and quotes only; the executive summary the same from the KPI and TOP sentences. Every
sentence stating a number that is not one of those figures (in any usual spelling), or quoting text
that is not in the section's quotes, is removed (:mod:`workbench.llm.grounding`); a section left
empty keeps its template text. The method appendix says which model wrote the narrative and how
many sentences were removed, so the client knows what they read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from workbench.errors import Phrase
from workbench.llm.backend import Backend
from workbench.llm.grounding import SENTENCE, allowed_numbers, check
from workbench.progress import CancelToken, Progress, no_progress
from workbench.reports.labels import fmt_pct
from workbench.reports.model import IssueSection, ReportContent

MAX_TOKENS = 200
SYSTEM = {
    "zh": ("你是为客户撰写报告的客户之声分析师。根据给出的事实和客户原话，用2到3句中文写出：客户具体反映了什么"
           "（概括原话的内容和原因）、涉及多少条反馈、负面占比。只能使用事实中出现的数字，不要编造任何数字；"
           "引用客户原话时必须一字不差。"),
    "en": ("You are a voice-of-customer analyst writing for a client report. From the facts and the customer "
           "quotes, write 2-3 sentences: what exactly customers report (sum up what the quotes say and why), how "
           "many records, and the negative share. Use only numbers that appear in the facts; invent none. Quote "
           "customers only word for word."),
}
COMPARE = {"zh": "并说明与上期相比的变化。", "en": " Say how it changed on the previous period."}
NO_COMPARE = {"zh": "本报告没有上期可比数据，不要提及上期或变化。",
              "en": " This report has no previous period to compare with: do not mention one or any change."}
SUMMARY_SYSTEM = {
    "zh": "你是客户之声分析师。根据给出的事实，为客户报告写3句执行摘要。只能使用事实中出现的数字，不要编造。",
    "en": ("You are a voice-of-customer analyst. From the facts given, write a 3-sentence executive summary for a "
           "client report. Use only numbers that appear in the facts; invent none."),
}
PREVIOUS = re.compile(r"上期|上一期|前期|环比|同比|较上|previous|last period|prior period|compared", re.I)


def _issue_facts(issue: IssueSection, lang: str, compared: bool) -> str:
    quotes = "\n".join(f"「{q.text}」" for q in issue.quotes)
    if lang == "zh":
        before = f"；上期 {issue.previous:,} 条" if compared else ""
        return (f"问题：{issue.path}\n反馈条数：{issue.count:,}；占全部反馈 {fmt_pct(issue.share)}；"
                f"负面占比 {fmt_pct(issue.negative_share)}{before}\n说明：{issue.narrative}\n客户原话：\n{quotes}")
    before = f"; previous period {issue.previous:,}" if compared else ""
    return (f"Issue: {issue.path}\nRecords: {issue.count:,}; share of all records {fmt_pct(issue.share)}; "
            f"negative {fmt_pct(issue.negative_share)}{before}\nNote: {issue.narrative}\nCustomer quotes:\n{quotes}")


def _no_period_talk(text: str) -> tuple[str, int]:
    """Without a previous period, a sentence about one can only be invented: remove it."""
    kept, removed = [], 0
    for m in SENTENCE.finditer(text):
        if PREVIOUS.search(m.group(0)):
            removed += 1
        else:
            kept.append(m.group(0))
    return "".join(kept).strip(), removed


def _write(backend: Backend, system: str, facts: str, values: list[float], quotes: list[str],
           cancel: CancelToken | None, compared: bool) -> tuple[str, int]:
    """The model's text for ``facts`` after the grounding check, and how many sentences were removed."""
    chunks: list[str] = []
    for chunk in backend.stream(system, facts, MAX_TOKENS):
        if cancel:
            cancel.check()
        chunks.append(chunk)
    grounded = check("".join(chunks), allowed_numbers(values, [facts]),
                     lambda q: any(q.strip() in text for text in quotes))
    if compared:
        return grounded.text, len(grounded.removed)
    text, removed = _no_period_talk(grounded.text)
    return text, len(grounded.removed) + removed


def apply(content: ReportContent, backend: Backend, progress: Progress = no_progress,
          cancel: CancelToken | None = None) -> None:
    """Replace the template narrative of ``content`` with the model's, sentence by sentence checked."""
    lang = content.spec.lang if content.spec.lang in SYSTEM else "zh"
    compared = content.previous is not None
    system = SYSTEM[lang] + (COMPARE if compared else NO_COMPARE)[lang]
    removed = written = 0
    issues = []
    steps = len(content.issues) + 1
    for i, issue in enumerate(content.issues):
        progress(i / steps, Phrase("progress.report.issue", path=issue.path))
        values = [issue.count, issue.previous, issue.share, issue.negative_share]
        text, dropped = _write(backend, system, _issue_facts(issue, lang, compared), values,
                               [q.text for q in issue.quotes], cancel, compared)
        removed += dropped
        written += bool(text)
        issues.append(replace(issue, narrative=text) if text else issue)
    content.issues = issues
    progress((steps - 1) / steps, Phrase("progress.report.summary"))
    facts = "\n".join(content.summary)
    values = [v for k in content.kpis for v in (k.value, k.previous) if v is not None]
    values += [x for row in content.top_frequent + content.top_rising for x in (row.count, row.previous, row.share)]
    text, dropped = _write(backend, SUMMARY_SYSTEM[lang] + ("" if compared else NO_COMPARE[lang]), facts, values,
                           [], cancel, compared)
    removed += dropped
    if text:
        content.summary = [text]
        written += 1
    name = f"{backend.name} (sha256 {backend.sha256[:12]})" if backend.sha256 else backend.name
    content.method.caveats.append(
        f"叙述文字由模型 {name} 根据报告中的数字撰写（{written} 段），每句数字与引文均经核对，"
        f"未通过核对的 {removed} 句已删除；未采用模型文字的段落为模板文字。" if lang == "zh" else
        f"The narrative was written by the model {name} from the report's own figures ({written} passages); every "
        f"number and quotation was checked and {removed} sentence(s) that failed were removed. Passages without "
        "model text use the template wording.")
