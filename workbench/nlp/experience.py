"""Customer effort, emotion and actionability of one record, from rules (issue 27, item 2). Pure: no store.

- **effort** 1–5: how hard the customer had to work. Cue families: repeated contacts ("打了三次电话",
  "第三次联系", "又来问"), transfers ("转了好几个人", "转人工"), waiting ("等了一个礼拜", "四十分钟"), chasing
  ("催了好几次"), being asked to repeat ("又让我重新说一遍"), and a problem still open after contact ("还是没解决").
  Each family counts once, with weight 1 or 2 (a big count or a long wait weighs 2); effort = 1 + the weights,
  at most 5; 1 when no cue fires. A negated cue ("没等多久", "不用转人工") does not count.
- **emotion**: 愤怒 / 失望 / 焦虑 / 中性 / 满意 / 惊喜 from zh and en cue lexicons. A negated positive cue
  ("不满意", "not happy") counts for 失望, a negated negative one ("不生气") counts for nothing; an intensifier
  before a cue ("非常", "太", "so", "very") and "！！"/"??" raise its weight; the clause after a contrast
  ("但是", "不过", "but") weighs more. Sarcastic thanks ("真是谢谢你们了", "thanks for nothing", thanks in a
  text full of complaints) are anger, never 满意. No cue: 中性.
- **actionable**: the text asks for an action (请 / 麻烦 / 希望 / 能不能 / 尽快 / 退款 / 换货 / 上门 / 联系我,
  "please", "I want a refund"); a negated or settled one ("不用退了", "退款很快") does not count.

For a conversation the record's text is its customer turns already. ``VERSION`` changes whenever the rules
change, so stored values of an older version are recomputed (:mod:`workbench.tagging.experience_io`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.nlp.negation import is_negated

VERSION = "exp-1"
EMOTIONS = ("愤怒", "失望", "焦虑", "中性", "满意", "惊喜")
EMOTION_EN = {"愤怒": "angry", "失望": "disappointed", "焦虑": "anxious", "中性": "neutral", "满意": "satisfied",
              "惊喜": "delighted"}
NEGATIVE_EMOTIONS = ("愤怒", "失望", "焦虑")

_NUM = "一二两三四五六七八九十几多好数\\d"
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _count(word: str) -> int:
    """``"三"`` → 3, ``"好几"``/``"几"``/``"多"`` → 3, ``"12"`` → 12, ``"十几"`` → 10."""
    word = word.strip()
    if word.isdigit():
        return int(word)
    if not word:
        return 1
    if word[0] in _ZH_DIGITS:
        if word[0] == "十":
            return 10 + (_ZH_DIGITS.get(word[1], 0) if len(word) > 1 else 0)
        if len(word) > 1 and word[1] == "十":
            return _ZH_DIGITS[word[0]] * 10
        return _ZH_DIGITS[word[0]]
    return 3  # 几, 好几, 多, 数, 好多


@dataclass(frozen=True)
class Experience:
    """The three judgements and the cues behind them (for tests and the evidence tooltip)."""

    effort: int
    emotion: str
    actionable: bool
    cues: tuple[str, ...] = ()


# ---------------------------------------------------------------- effort

_E = re.IGNORECASE
# (family, pattern, weight function from the match) — a family counts once, with its largest weight
_EFFORT: list[tuple[str, re.Pattern[str], int]] = [
    # repeated contacts
    ("repeat_contact", re.compile(rf"(?:打|拨|来)了?([{_NUM}]+)(?:次|遍|通|回)(?:电话|客服|热线)?"), 0),
    ("repeat_contact", re.compile(rf"第([{_NUM}]+)次(?:联系|来|打|找|问|咨询|反映|反馈|投诉|催|来电|进线|留言|说)"), 0),
    ("repeat_contact", re.compile(rf"(?:联系|反映|反馈|投诉|咨询|沟通|找)(?:了|过)?(?:你们)?([{_NUM}]+)次"), 0),
    ("repeat_contact", re.compile(r"(?:多次|反复|屡次|三番五次|一再)(?:联系|反映|反馈|投诉|咨询|沟通|打电话|来电|找)"), 2),  # noqa: E501
    ("repeat_contact", re.compile(r"又来(?:问|找|咨询|了)|再次(?:联系|咨询|反映|投诉|来电)|又打(?:了)?(?:电话|过来)"), 1),  # noqa: E501
    ("repeat_contact", re.compile(r"\b(?:called|contacted|emailed|messaged|rang)\b[^.!?]{0,25}?\b(two|three|four|five|"
                                  r"several|multiple|many|\d+)\s+times\b", _E), 0),
    ("repeat_contact", re.compile(r"\b(second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time\b", _E), 0),
    ("repeat_contact", re.compile(r"\bagain and again\b|\bkeep (?:calling|asking|contacting|writing)\b", _E), 2),
    # transfers
    ("transfer", re.compile(rf"转了([{_NUM}]+)(?:个|次|遍)|换了([{_NUM}]+)个(?:客服|人|部门)"), 0),
    ("transfer", re.compile(r"转来转去|踢皮球|推来推去|互相推诿|推给|推脱|让我找(?:别|另)"), 2),
    ("transfer", re.compile(r"转人工|转接|人工客服"), 1),
    ("transfer", re.compile(r"\b(?:transferred|passed (?:me )?around|bounced (?:between|around)|put through to)\b", _E), 2),  # noqa: E501
    # waiting
    ("wait", re.compile(rf"等了?(?:整整|足足|快|将近|差不多)?([{_NUM}半]+)(?:个)?(?:多)?(分钟|小时|钟头|天|日|礼拜|星期|周|月)"), 0),  # noqa: E501
    ("wait", re.compile(rf"([{_NUM}半]+)(?:个)?(?:多)?(分钟|小时|钟头|天|礼拜|星期|周|月)(?:了)?(?:都|还)?(?:没|不|未)"), 0),  # noqa: E501
    ("wait", re.compile(r"石沉大海|迟迟|没人(?:理|管|回|接)|一直没(?:人)?(?:回|理|处理|回复|消息|动静|发货|到)|"
                        r"到现在(?:还|都|也)?(?:没|未)|排(?:了)?(?:很久|半天)?队|杳无音信|一拖再拖|拖了"), 2),
    ("wait", re.compile(r"\b(?:waited|waiting|been waiting|on hold)\b[^.!?]{0,20}?\b(\d+|two|three|several|many)?\s*"
                        r"(minutes?|hours?|days?|weeks?|months?)\b", _E), 0),
    ("wait", re.compile(r"\bon hold\b|\bno (?:reply|response|answer)\b|\bstill (?:haven'?t|has ?n'?t|not|no)\b|"
                        r"\bnever (?:heard back|got back|replied)\b", _E), 2),
    # chasing
    ("chase", re.compile(rf"催了([{_NUM}]+)(?:次|遍|回)|(?:一直|反复|多次|天天|每天)催"), 0),
    ("chase", re.compile(r"催了|催促|催单|催过"), 1),
    ("chase", re.compile(r"\b(?:chased|chasing|followed up|following up|kept following up)\b", _E), 2),
    # asked to repeat
    ("repeat_self", re.compile(r"(?:又|再|重新|重复)(?:要|让|叫)?我?(?:重新|再)?(?:说|讲|描述|解释|提供|填|报|发)(?:了)?一(?:遍|次)|"  # noqa: E501
                               r"重复(?:说|描述|讲|提供|解释)|从头(?:说|讲|来)|一遍(?:又|一)一遍|"
                               rf"说了(?:[{_NUM}]+)遍"), 1),
    ("repeat_self", re.compile(r"\brepeat(?:ed)? (?:myself|my|the same|it)\b|\bexplain(?:ed)? (?:it |everything )?again\b|"  # noqa: E501
                               r"\bsame (?:story|question) (?:again|over)\b", _E), 1),
    # still open after contact
    ("unresolved", re.compile(r"(?:还是|仍然|依然|始终|至今)(?:没|未|没有)(?:解决|处理|回复|答复|到账|退|修好|搞定|结果)|"  # noqa: E501
                              r"(?:没|没有|不)给(?:个|我)?(?:解决|说法|答复)|问题(?:还是|依旧|依然)"), 1),
    ("unresolved", re.compile(r"\b(?:still (?:not|un)(?:resolved|fixed|solved)|nobody (?:helps|helped|cares))\b", _E), 1),  # noqa: E501
]
_BIG = {"two": 2, "three": 3, "four": 4, "five": 5, "several": 3, "multiple": 3, "many": 4, "second": 2, "third": 3,
        "fourth": 4, "fifth": 5}
_LONG_WAIT = ("天", "日", "礼拜", "星期", "周", "月", "day", "days", "week", "weeks", "month", "months")
_HOURS = ("小时", "钟头", "hour", "hours")


def _effort_weight(family: str, m: re.Match[str], fixed: int) -> int:
    if fixed:
        return fixed
    groups = [g for g in m.groups() if g]
    if family == "wait":
        unit = (groups[-1] if groups else "").lower()
        amount = groups[0] if len(groups) > 1 else "1"
        if unit in _LONG_WAIT:
            return 2
        if unit in _HOURS:
            return 2 if _num_word(amount) >= 2 else 1
        return 1 if _num_word(amount) >= 15 or amount in ("几", "好几", "多") else 0  # 等了两分钟 is no effort
    n = _num_word(groups[0]) if groups else 2
    if family == "repeat_contact" and n < 2:
        return 0  # "打了一次电话"
    return 2 if n >= 3 else 1


def _num_word(word: str) -> int:
    low = word.lower()
    if low in _BIG:
        return _BIG[low]
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", low):
        return int(re.sub(r"\D", "", low))
    if "半" in word:
        return 1
    return _count(word)


_EN_NEG = re.compile(r"\b(?:not|no|never|don'?t|didn'?t|doesn'?t|won'?t|isn'?t|wasn'?t|haven'?t|without|"
                     r"no need to)\b(?:\W+\w+){0,2}\W*$", _E)


def _negated(text: str, start: int) -> bool:
    """A zh negator just before the cue in its clause, or an en one within three words."""
    if is_negated(text, start):
        return True
    return bool(_EN_NEG.search(text[max(0, start - 30):start]))


def effort(text: str) -> tuple[int, list[str]]:
    """Effort 1–5 and the cue families that fired."""
    best: dict[str, int] = {}
    for family, pattern, fixed in _EFFORT:
        for m in pattern.finditer(text):
            if _negated(text, m.start()):
                continue
            weight = _effort_weight(family, m, fixed)
            if weight:
                best[family] = max(best.get(family, 0), weight)
    return min(5, 1 + sum(best.values())), sorted(best)


# ---------------------------------------------------------------- emotion

_LEX: dict[str, tuple[str, ...]] = {
    "愤怒": ("气死", "生气", "愤怒", "恼火", "火大", "过分", "垃圾", "骗子", "欺骗", "坑人", "坑爹", "被坑", "投诉", "315",  # noqa: E501
           "曝光", "举报", "恶心", "忍无可忍", "什么玩意", "搞什么", "凭什么", "态度恶劣", "态度极差", "态度很差", "态度太差", "态度差",  # noqa: E501
           "黑心", "奸商", "离谱", "欺负", "耍我", "忽悠", "流氓", "无耻", "辣鸡", "气愤", "太差劲", "强烈要求", "诈骗",
           "一星都不想给", "差到极点", "去死", "滚", "妈的", "tm", "尼玛", "糊弄", "敷衍", "消协", "12315", "工商", "律师",  # noqa: E501
           "起诉", "angry", "furious", "outrageous", "ridiculous", "unacceptable", "scam", "ripoff", "rip-off",
           "disgusting", "pissed", "fed up", "worst", "sue", "lawyer", "cheated", "liars", "lied", "rude", "insulting"),
    "失望": ("失望", "遗憾", "可惜", "后悔", "白买", "不值", "心寒", "失落", "无语", "差评", "本以为", "还以为", "算了",
           "再也不", "不会再", "不推荐", "质量差", "很差", "太差", "一般般", "一般", "不如", "没用", "鸡肋", "凑合", "退了",  # noqa: E501
           "不太好", "糟糕", "伤心", "寒心", "难用", "不好用", "不行", "差劲", "郁闷", "disappointed", "disappointing",
           "let down", "regret", "waste of money", "not worth", "expected better", "meh", "never again", "poor",
           "mediocre", "useless", "sad", "bad", "broke", "broken"),
    "焦虑": ("着急", "急死", "急用", "担心", "害怕", "焦虑", "怎么办", "到底什么时候", "什么时候能", "慌", "不安", "心急",  # noqa: E501
           "急急", "等着用", "万一", "会不会", "安全吗", "不放心", "揪心", "急需", "明天就要", "来不及", "赶时间", "好急",  # noqa: E501
           "worried", "anxious", "urgent", "urgently", "asap", "concerned", "nervous", "afraid", "scared",
           "when will", "need it by", "running out of time"),
    "满意": ("满意", "不错", "很好", "好用", "挺好", "推荐", "好评", "谢谢", "感谢", "点赞", "给力", "喜欢", "舒服", "方便",  # noqa: E501
           "值得", "放心", "耐心", "专业", "五星", "棒", "赞", "很快", "及时", "完美", "好吃", "实惠", "划算", "靠谱",
           "满分", "辛苦了", "解决了", "good", "great", "satisfied", "happy", "thanks", "thank you", "love",
           "recommend", "nice", "helpful", "works well", "fast", "perfect", "excellent", "reliable", "solved"),
    "惊喜": ("惊喜", "超出预期", "超预期", "出乎意料", "意外之喜", "惊艳", "物超所值", "超值", "比想象", "太棒了", "没想到这么好",  # noqa: E501
           "居然这么好", "竟然这么好", "喜出望外", "超级棒", "爱了", "绝了", "wow", "exceeded", "beyond expectations",
           "pleasantly surprised", "amazing", "blown away", "above and beyond", "better than expected", "awesome"),
}
# sarcastic thanks and praise: anger whatever else the text says
_SARCASM = re.compile(r"真是(?:太)?(?:谢谢|感谢)(?:你们|您们|你)(?:了|啊|哦|呢)?|谢谢你们(?:全家|八辈祖宗)|(?:谢谢|感谢)你们让我|"  # noqa: E501
                      r"呵呵|真行啊|真有你们的|真是服了|服了你们|好一个|可真(?:是)?(?:够|行)|"
                      r"\bthanks? (?:a lot|so much)? ?for nothing\b|\bthanks a lot\b(?=[^.!?]*(?:waste|nothing|ruin|never))|"  # noqa: E501
                      r"\bgreat job\b(?=[^.!?]*(?:not|never|lost|broke))|\byeah,? right\b", _E)
_INTENSIFIER = re.compile(r"(?:非常|特别|超级|超|太|极其|极|十分|真的|真是|实在|简直|好|很|so|very|really|extremely|"
                          r"totally|absolutely)\s*$", _E)
_CONTRAST = re.compile(r"但是|但|不过|可是|然而|只是|\bbut\b|\bhowever\b", _E)
_LATIN = re.compile(r"[a-z]")
# words inside longer ones that mean something else
_NOT_CUE = {"一般": ("一般来说", "一般都", "一般是"), "不如": ("不如意",), "慌": ("慌张",), "好评": ("好评返现",),
            "很快": ("很快就坏", "很快坏"), "算了": ("算了下", "算了一下"), "放心": ("不放心",), "推荐": ("不推荐",),
            "方便": ("不方便",), "很好": ("很好奇",), "good": ("no good",), "sad": ("sadly",), "bad": ("badly",),
            "tm": ("html", "atm", "tmall"), "滚": ("滚动", "滚筒"), "急": ("急用",)}


def _compiled_cues() -> list[tuple[str, str, re.Pattern[str]]]:
    """(label, word, pattern) of every cue, longest first (the order ties keep: the lexicon's)."""
    cues = sorted(((label, word) for label, words in _LEX.items() for word in words), key=lambda x: -len(x[1]))
    return [(label, word, re.compile(r"\b" + re.escape(word) + r"\b" if _LATIN.search(word) else re.escape(word)))
            for label, word in cues]


_CUES = _compiled_cues()  # compiled once: per record, only the cues the text holds are searched


def _cue_hits(text: str, low: str) -> list[tuple[str, int, str, int]]:
    """(label, start, word, end) of every cue, longest first at a position, skipping ones inside a longer cue."""
    hits: list[tuple[str, int, str, int]] = []
    taken: list[tuple[int, int]] = []
    for label, word, pattern in _CUES:
        if word not in low:  # a plain substring test first: most texts hold a handful of the cues
            continue
        for m in pattern.finditer(low):
            start = m.start()
            end = start + len(word)
            if any(s <= start < e or s < end <= e for s, e in taken):
                continue
            if any(low.find(bad, max(0, start - len(bad)), end + len(bad)) >= 0 and
                   _around(low, start, bad, word) for bad in _NOT_CUE.get(word, ())):
                continue
            taken.append((start, end))
            hits.append((label, start, word, end))
    return hits


def _around(low: str, start: int, bad: str, word: str) -> bool:
    """Whether ``bad`` (a longer phrase holding ``word``) covers the hit at ``start``."""
    offset = bad.find(word)
    return offset >= 0 and low[start - offset:start - offset + len(bad)] == bad


def emotion(text: str, effort_level: int = 1) -> tuple[str, dict[str, float]]:
    """The emotion label and the score of each label (empty when nothing fired: 中性)."""
    low = text.lower()
    scores: dict[str, float] = {}
    contrast_at = max((m.end() for m in _CONTRAST.finditer(low)), default=-1)
    for label, start, word, end in _cue_hits(text, low):
        weight = 1.0
        if _INTENSIFIER.search(low[max(0, start - 6):start]):
            weight = 1.5
        if _negated(low, start) and not word.startswith(("不", "没", "无", "再也不", "not")):
            if label in ("满意", "惊喜"):
                label, weight = "失望", 1.0  # 不满意, not happy, 没有惊喜
            else:
                continue  # 不生气, not worried
        if 0 <= contrast_at <= start:
            weight *= 1.5
        tail = low[end:end + 3]
        if label in ("愤怒", "失望") and ("!!" in tail or "！！" in tail or ("！" in tail[:1] and "！" in tail[1:])):
            weight += 0.5
        scores[label] = scores.get(label, 0.0) + weight
    sarcasm = len(_SARCASM.findall(low))
    if sarcasm:
        scores["愤怒"] = scores.get("愤怒", 0.0) + 2.0 * sarcasm
        scores.pop("满意", None)
    negative = sum(scores.get(x, 0.0) for x in NEGATIVE_EMOTIONS)
    if negative and effort_level >= 3:
        scores["愤怒"] = scores.get("愤怒", 0.0) + 0.5 * (effort_level - 2)  # worn out by the process
    if any(mark in low for mark in ("!!", "！！", "？？", "??", "？！")) and negative:
        scores["愤怒"] = scores.get("愤怒", 0.0) + 0.5
    if negative and scores.get("满意") and effort_level >= 3:  # thanks after a struggle is not satisfaction
        scores["满意"] *= 0.5
    exclaim = any(mark in low for mark in ("!!", "！！", "？？", "??", "？！"))
    if not scores and effort_level >= 4:  # no feeling word, but worn out by the process
        return ("愤怒" if exclaim else "失望"), {}
    if not scores:
        return "中性", {}
    order = {label: i for i, label in enumerate(("愤怒", "焦虑", "失望", "惊喜", "满意"))}
    best = max(scores, key=lambda label: (scores[label], -order[label]))
    return best, scores


# ---------------------------------------------------------------- actionable

_ACTION = re.compile(
    r"请(?!问题)|麻烦(?:你|您|尽快|帮|给|处理|看|安排|回)|希望|能不能|能否|可不可以|可否|尽快|赶紧|马上(?:给|处理|安排|退|发)|"
    r"退款|退货|退钱|退一下|换货|换一个|换个新|补发|重发|上门|联系我|回电|回个电话|给我(?:打电话|回复|处理|解决|一个说法|个说法|退|换|补|发)|"
    r"赔偿|赔钱|给个说法|要求|帮我|帮忙|处理一下|解决一下|怎么办|怎么处理|什么时候(?:能|可以|给|发|到|退)|"
    r"\bplease\b|\bcould you\b|\bcan you\b|\bwould you\b|\bcan i get\b|\bi (?:want|need|demand|would like|'d like)\b|"
    r"\brefund\b|\breplace(?:ment)?\b|\bexchange\b|\bsend (?:me )?(?:a )?(?:new|another)\b|\bcall me\b|"
    r"\bcontact me\b|\bget back to me\b|\basap\b|\bfix (?:this|it)\b|\bcancel my\b|\bwhat should i do\b", _E)
# a request already met, or a word that only looks like one
_SETTLED = re.compile(r"^(?:款)?(?:很快|挺快|速度|到账|成功|已|完成|顺利|及时|了[，,。!！ ]|了$)")
_SETTLED_BEFORE = re.compile(r"(?:已经?|已|顺利|成功|给我|帮我)$")
_NOT_ACTION = re.compile(r"申请|请假|邀请|请客|请教|聘请|希望工程|不希望|没希望|毫无希望|要求不高|没什么要求|没有要求|"
                         r"\brefund (?:was|came|arrived|went)\b")


def actionable(text: str) -> tuple[bool, list[str]]:
    """Whether the text asks for an action, and the request words that fired."""
    low = text.lower()
    found: list[str] = []
    blocked = [(m.start(), m.end()) for m in _NOT_ACTION.finditer(low)]
    for m in _ACTION.finditer(low):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        word = m.group(0)
        if _negated(low, m.start()) and word not in ("怎么办",):
            continue  # 不用退款了, no need to call me
        settled = (_SETTLED.match(low[m.end():m.end() + 4])
                   or _SETTLED_BEFORE.search(low[max(0, m.start() - 3):m.start()]))
        if word in ("退款", "退货", "换货", "refund", "replacement", "replace", "exchange") and settled:
            continue  # 退款很快, 已经退货
        found.append(word)
    return bool(found), found


def assess(text: str) -> Experience:
    """Effort, emotion and actionability of one record's (customer) text."""
    text = text or ""
    level, families = effort(text)
    label, _ = emotion(text, level)
    asks, words = actionable(text)
    return Experience(level, label, asks, tuple(families) + tuple(f"ask:{w}" for w in words[:3]))
