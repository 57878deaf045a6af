"""Hot words: TF-IDF keywords of a group against a background, rising keywords, and new-word discovery.

Tokenising uses jieba (through :class:`workbench.nlp.tokenize.Tokenizer`, with the taxonomy keywords
as a user dictionary) and the shipped stopword list ``resources/nlp/stopwords_zh.txt``.
New words are found without any dictionary: character n-grams that hold together (high PMI between
their parts) and occur in varied contexts (high left and right boundary entropy).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from workbench.analysis.stats import rate_test
from workbench.nlp.tokenize import Tokenizer
from workbench.paths import RESOURCES

STOPWORDS_FILE = RESOURCES / "nlp" / "stopwords_zh.txt"
EDGE_CHARS = frozenset("的了是在和与及就都也还很又把被着过吗呢吧啊呀我你他她它这那个有不没")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shipped stopword list (empty if the file is missing)."""
    if not STOPWORDS_FILE.is_file():
        return frozenset()
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def doc_words(texts: Iterable[str], tokenizer: Tokenizer) -> list[set[str]]:
    """Each text's distinct content words (two or more characters, not stopwords)."""
    stop = stopwords()
    return [{w for w in tokenizer.content_words(t) if w not in stop and not w.isdigit()} for t in texts]


@dataclass(frozen=True)
class Keyword:
    """A keyword of a group: ``score`` (TF-IDF against the background), ``docs`` records in the group."""

    word: str
    score: float
    docs: int


def keywords(group: Sequence[set[str]], background: Sequence[set[str]], limit: int = 20,
             min_docs: int = 2) -> list[Keyword]:
    """Words typical of ``group`` relative to ``background`` (document frequency × IDF over the background)."""
    df = Counter(w for words in group for w in words)
    bg = Counter(w for words in background for w in words)
    n_bg = max(len(background), 1)
    out = [Keyword(w, (c / max(len(group), 1)) * math.log((n_bg + 1) / (bg.get(w, 0) + 1)) + 1e-9 * c, c)
           for w, c in df.items() if c >= min_docs]
    return sorted(out, key=lambda k: (-k.score, k.word))[:limit]


@dataclass(frozen=True)
class RisingWord:
    """A word used in more records this period than the previous one allows (z of a rate test)."""

    word: str
    current: int
    previous: int
    z: float
    p_value: float


def rising_words(current: Sequence[set[str]], previous: Sequence[set[str]], limit: int = 20,
                 min_support: int = 3, alpha: float = 0.05) -> list[RisingWord]:
    """Words whose record count rose significantly, volume-adjusted (see :func:`stats.rate_test`)."""
    cur = Counter(w for words in current for w in words)
    prev = Counter(w for words in previous for w in words)
    out = []
    for word, count in cur.items():
        if count < min_support:
            continue
        test = rate_test(count, prev.get(word, 0), max(len(current), 1), max(len(previous), 1))
        if test.p_value < alpha:
            out.append(RisingWord(word, count, prev.get(word, 0), test.z, test.p_value))
    return sorted(out, key=lambda r: (-r.z, r.word))[:limit]


@dataclass(frozen=True)
class NewWord:
    """A proposed dictionary entry: ``pmi`` cohesion, ``entropy`` min(left, right) boundary entropy."""

    word: str
    count: int
    pmi: float
    entropy: float

    @property
    def dict_line(self) -> str:
        """The entry as a line of a jieba user dictionary (``word freq``)."""
        return f"{self.word} {self.count}"


def _is_han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _entropy(counter: Counter[str]) -> float:
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values()) if total else 0.0


def new_words(texts: Iterable[str], known: Iterable[str] = (), *, max_len: int = 4, min_count: int = 5,
              min_pmi: float = 3.0, min_entropy: float = 1.0, limit: int = 30) -> list[NewWord]:
    """Discover words (2..max_len Han characters) by cohesion and boundary freedom.

    Args:
        texts: the corpus.
        known: words already in a dictionary (not proposed again); see also :func:`in_jieba_dictionary`.
    """
    counts: Counter[str] = Counter()
    left: dict[str, Counter[str]] = {}
    right: dict[str, Counter[str]] = {}
    chars = 0
    for text in texts:
        padded = f"\x02{text}\x03"
        chars += len(text)
        for i in range(1, len(padded) - 1):
            for n in range(1, max_len + 1):
                gram = padded[i:i + n]
                if len(gram) < n or not _is_han(gram):
                    break
                counts[gram] += 1
                if n >= 2:
                    left.setdefault(gram, Counter())[padded[i - 1]] += 1
                    right.setdefault(gram, Counter())[padded[i + n] if i + n < len(padded) else "\x03"] += 1
    skip = set(known) | stopwords()
    out = []
    for gram, count in counts.items():
        if len(gram) < 2 or count < min_count or gram in skip or gram[0] in EDGE_CHARS or gram[-1] in EDGE_CHARS:
            continue
        pmi = min(math.log(count * chars / (counts[gram[:k]] * counts[gram[k:]])) for k in range(1, len(gram)))
        entropy = min(_entropy(left[gram]), _entropy(right[gram]))
        if pmi >= min_pmi and entropy >= min_entropy:
            out.append(NewWord(gram, count, pmi, entropy))
    return _drop_fragments(sorted(out, key=lambda w: (-w.count * w.entropy, w.word)))[:limit]


def _drop_fragments(words: list[NewWord]) -> list[NewWord]:
    """Drop a candidate inside a longer kept one that occurs (almost) as often: it is only a piece."""
    kept: list[NewWord] = []
    for word in sorted(words, key=lambda w: -len(w.word)):
        if not any(word.word in k.word and k.count >= 0.8 * word.count for k in kept):
            kept.append(word)
    order = {w.word: i for i, w in enumerate(words)}
    return sorted(kept, key=lambda w: order[w.word])


def in_jieba_dictionary(word: str) -> bool:
    """Whether jieba's main dictionary already has ``word`` (loads the dictionary on first use)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return bool(jieba.dt.FREQ.get(word))
