"""Which records the LLM should teach first: a diverse sample that covers the text space.

Hashed char n-gram TF-IDF, reduced by truncated SVD, clustered by k-means; the record nearest each
centre is chosen — so rare kinds of feedback get a teacher label too, unlike a random sample.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MAX_POINTS = 20_000


def diverse_sample(texts: Sequence[str], ids: Sequence[int], k: int, seed: int = 0,
                   priority: Sequence[float] | None = None) -> list[int]:
    """Up to ``k`` ids spread over the texts (deterministic for a seed); all ids when there are ≤ k.

    Each cluster gives its member nearest the centre, or with ``priority`` (one value per text) its
    highest-priority member (the nearest among equals)."""
    if k <= 0 or not ids:
        return []
    if len(ids) <= k:
        return list(ids)
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    rng = np.random.default_rng(seed)
    pick = np.sort(rng.choice(len(ids), size=min(len(ids), MAX_POINTS), replace=False))
    sample = [texts[i] for i in pick]
    hasher = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 3), n_features=2**18, alternate_sign=False)
    x = TfidfTransformer(sublinear_tf=True).fit_transform(hasher.transform(sample))
    dims = max(2, min(64, x.shape[0] - 1, x.shape[1] - 1))
    z = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(x)
    z /= np.linalg.norm(z, axis=1, keepdims=True) + 1e-9
    k = min(k, len(sample))
    km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=max(1024, 3 * k)).fit(z)
    distance = km.transform(z)
    chosen: list[int] = []
    taken: set[int] = set()
    for c in range(k):
        members = np.flatnonzero(km.labels_ == c)
        if len(members) == 0:
            continue
        if priority is None:
            best = int(members[np.argmin(distance[members, c])])
        else:
            best = int(min(members, key=lambda m: (-priority[int(pick[m])], distance[m, c])))
        if best not in taken:
            taken.add(best)
            chosen.append(int(ids[pick[best]]))
    if len(chosen) < k:  # empty clusters: fill with the points farthest from every centre
        order = np.argsort(-distance.min(axis=1))
        for i in order:
            if len(chosen) >= k:
                break
            if int(i) not in taken:
                taken.add(int(i))
                chosen.append(int(ids[pick[int(i)]]))
    return chosen
