"""New-topic discovery: cluster the records the taxonomy does not cover, so the analyst can name new issues.

Pure: texts in, clusters out. Texts are embedded as TF-IDF over their content words (jieba, with the
taxonomy's dictionary) and character bigrams, L2-normalised, and clustered with k-means for several
``k``; the ``k`` with the best silhouette wins. A cluster is kept when it is big enough and coherent
(its records share words); each comes with its most typical words (against all the other texts) and
the records closest to its centre as example quotes.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbench.analysis.hotwords import Keyword, keywords

MIN_TEXTS = 12
MERGE_COSINE = 0.25
MIN_MEMBER_COSINE = 0.15


@dataclass(frozen=True)
class Cluster:
    """A group of similar uncovered records."""

    record_ids: list[int]
    keywords: list[Keyword]
    examples: list[tuple[int, str]]  # (record id, text), the most central first
    cohesion: float  # mean cosine similarity to the centre, 0..1

    @property
    def size(self) -> int:
        return len(self.record_ids)

    @property
    def signature(self) -> str:
        """A stable id of what the cluster is about (its top words), used to remember dismissals."""
        words = sorted(k.word for k in self.keywords[:5])
        return hashlib.sha1("|".join(words).encode("utf-8")).hexdigest()[:12]


def cluster_texts(items: Sequence[tuple[int, str]], words: Sequence[set[str]], *, min_size: int = 5,
                  max_clusters: int = 12, min_cohesion: float = 0.12, seed: int = 0) -> list[Cluster]:
    """Cluster ``items`` (record id, text) whose content words are ``words`` (same order); biggest first.

    Returns no clusters when there are fewer than :data:`MIN_TEXTS` texts.
    """
    if len(items) < MIN_TEXTS:
        return []
    import numpy as np
    from sklearn.preprocessing import normalize

    matrix = _embed([t for _, t in items], words)
    if matrix is None:
        return []
    labels = _merge_same_topic(_best_kmeans(matrix, len(items), max_clusters, seed), matrix)
    out: list[Cluster] = []
    for label in sorted(set(labels)):
        members = [i for i, x in enumerate(labels) if x == label]
        if len(members) < min_size:
            continue
        centre = normalize(np.asarray(matrix[members].mean(axis=0)))[0]
        sims = matrix[members] @ centre
        keep = [j for j in range(len(members)) if sims[j] >= MIN_MEMBER_COSINE]  # outliers k-means had to place
        members, sims = [members[j] for j in keep], sims[keep]
        if len(members) < min_size:
            continue
        cohesion = float(sims.mean())
        group = [words[i] for i in members]
        rest = [words[i] for i, x in enumerate(labels) if x != label]
        keys = keywords(group, rest or group, limit=8, min_docs=max(2, len(members) // 10))
        if cohesion < min_cohesion or not keys:
            continue
        order = sorted(range(len(members)), key=lambda j: -float(sims[j]))
        examples = [items[members[j]] for j in order[:5]]
        out.append(Cluster(sorted(items[i][0] for i in members), keys, examples, cohesion))
    return sorted(out, key=lambda c: (-c.size, -c.cohesion))


def _merge_same_topic(labels: list[int], matrix: Any, threshold: float = MERGE_COSINE) -> list[int]:
    """Join clusters about the same thing: k-means splits one topic by its phrasings, and the centres of
    such parts stay close (cosine ≥ ``threshold``) while different topics' centres do not."""
    import numpy as np
    from sklearn.preprocessing import normalize

    groups = sorted(set(labels))
    centres = normalize(np.vstack([np.asarray(matrix[[i for i, x in enumerate(labels) if x == g]].mean(axis=0))
                                   for g in groups]))
    sims = centres @ centres.T
    parent = list(range(len(groups)))

    def find(g: int) -> int:
        while parent[g] != g:
            g = parent[g]
        return g

    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            if sims[i, j] >= threshold:
                parent[find(j)] = find(i)
    index = {g: i for i, g in enumerate(groups)}
    return [groups[find(index[x])] for x in labels]


def _embed(texts: Sequence[str], words: Sequence[set[str]]) -> Any:
    """Binary bag of the words several records share (a topic is the words its records have in common),
    with character bigrams at a lower weight for texts the word segmenter splits differently."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.preprocessing import normalize

    word_docs = [" ".join(sorted(w)) for w in words]
    parts = []
    with contextlib.suppress(ValueError):  # ValueError: no word is shared by three records
        parts.append(normalize(CountVectorizer(token_pattern=r"\S+", min_df=3, max_df=0.5, binary=True)
                               .fit_transform(word_docs).astype(float)))
    with contextlib.suppress(ValueError):
        by_char = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), min_df=3, max_df=0.5, binary=True,
                                  max_features=20000).fit_transform(texts)
        parts.append(normalize(by_char) * 0.5)
    return normalize(hstack(parts).tocsr()) if parts else None


def _best_kmeans(matrix: Any, n: int, max_clusters: int, seed: int) -> list[int]:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    upper = max(2, min(max_clusters, n // 6))
    best: tuple[float, Any] | None = None
    for k in range(2, upper + 1):
        model = KMeans(n_clusters=k, n_init=3, random_state=seed).fit(matrix)
        labels = model.labels_
        if len(set(labels.tolist())) < 2:
            continue
        sample = min(n, 2000)
        score = float(silhouette_score(matrix, labels, sample_size=sample, random_state=seed))
        if best is None or score > best[0]:
            best = (score, labels)
    return [0] * n if best is None else [int(x) for x in best[1]]
