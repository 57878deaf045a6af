"""jieba tokenising with a user dictionary built from the taxonomy (node names and keywords).

jieba is imported lazily (it is slow to load); each :class:`Tokenizer` owns its own jieba instance so
one project's dictionary never leaks into another's.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

_WORD = re.compile(r"[\w\u4e00-\u9fff]")
STOP = frozenset("的了是我你他她它们也都就还很太吗呢啊吧呀和与及在有这那个一不没")


class Tokenizer:
    """Splits text into words; ``extra_words`` join jieba's dictionary with a high frequency."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._words = sorted({w.strip() for w in extra_words if w and w.strip() and not w.startswith("re:")})
        self._jieba: Any = None
        self._lock = threading.Lock()

    def _ensure(self) -> Any:
        with self._lock:
            if self._jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                for word in self._words:
                    tok.add_word(word, freq=20000)
                self._jieba = tok
            return self._jieba

    def words(self, text: str) -> list[str]:
        """All tokens that carry meaning (no punctuation, no stop words), lower-cased."""
        return [w.lower() for w in self._ensure().lcut(text) if _WORD.search(w) and w not in STOP]

    def content_words(self, text: str) -> set[str]:
        """Distinct tokens of two or more characters (single characters are too ambiguous to match on)."""
        return {w for w in self.words(text) if len(w) >= 2}
