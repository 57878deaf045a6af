"""The student classifier: fast, trainable, calibrated — the cascade's workhorse.

Char 1–2-gram features hashed into a fixed space (no vocabulary to grow or store), sublinear TF-IDF
with IDF fitted on the whole corpus (labelled or not), and one-vs-rest linear SVMs whose scores are
calibrated into probabilities (Platt scaling by cross-validation, on the teacher's and analyst's labels
once there are enough of them). Chosen by measurement on the car dev split (bench/cascade.py): with
300 labels calibrated SVM top-1 0.76 vs logistic regression 0.48 at first, 0.86 with the n-grams,
regularisation and calibration below; it trains in well under a second. Two heads: taxonomy nodes
(multi-label texts contribute one example per label) and record sentiment. Serialised without pickle
(numpy ``.npz``), so a project file can never carry code.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from workbench.errors import InputError
from workbench.progress import CancelToken

N_FEATURES = 2**19
MIN_PER_CLASS = 3
NGRAMS = (1, 2)  # car dev, 300 labels: (1, 2) 0.848 vs (1, 3) 0.835; longer n-grams overfit few labels
SVM_C = 0.2  # car dev, 300 labels: 0.2 → 0.847, 0.5 → 0.836, 1.0 → 0.827 (char 1–3-grams)
TRUSTED = 1.0  # examples weighing this much (teacher or analyst labels) calibrate the probabilities …
CALIBRATE_ON_TRUSTED = 50  # … once there are this many of them (else every example calibrates)
EMBED_SCALE = 1.0  # the embedding block's weight next to the (L2-normalised) n-gram block; tuned on dev
SEED = 0  # liblinear's coordinate order and the calibration folds: fixed, so the same labels train the same student


@dataclass(frozen=True)
class StudentExample:
    """One training example: labels are node keys; ``weight`` is higher for human labels; ``sentiment_weight``
    (None: ``weight``) is the sentiment label's own weight where it is surer or less sure than the node labels."""

    text: str
    labels: tuple[str, ...]
    sentiment: str | None = None
    weight: float = 1.0
    sentiment_weight: float | None = None

    @property
    def sentiment_weighs(self) -> float:
        return self.weight if self.sentiment_weight is None else self.sentiment_weight


@dataclass(frozen=True)
class StudentPrediction:
    """Top labels with calibrated probabilities (descending) and the sentiment with its probability."""

    labels: tuple[tuple[str, float], ...]
    sentiment: str | None
    sentiment_confidence: float

    @property
    def top(self) -> tuple[str, float] | None:
        return self.labels[0] if self.labels else None


@dataclass
class _Head:
    """A calibrated linear one-vs-rest head: score = X·W + b, prob = sigmoid(a·score + c), renormalised."""

    classes: list[str]
    weights: Any  # scipy.sparse CSR (n_features, n_classes): only features seen in training are non-zero
    bias: NDArray[np.float32]
    platt_a: NDArray[np.float32]
    platt_c: NDArray[np.float32]

    def proba(self, x: Any) -> NDArray[np.float64]:
        product = x @ self.weights
        scores = np.asarray(product.toarray() if hasattr(product, "toarray") else product, np.float64) + self.bias
        p = expit(self.platt_a * scores + self.platt_c)  # the logistic, without exp's overflow warning
        total = p.sum(axis=1, keepdims=True)
        total[total == 0] = 1.0
        return np.asarray(p / total)


def _hasher() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS, n_features=N_FEATURES,
                             alternate_sign=False, norm=None, lowercase=True)


def _fit_head(x: Any, y: NDArray[np.bool_], classes: list[str], weights: NDArray[np.float64]) -> _Head:
    """One binary LinearSVC per class (multi-label aware), Platt-calibrated on 3-fold out-of-fold scores.

    The calibration learns from the trusted examples (teacher or analyst labels) once there are enough:
    weak rule labels say which topics a text *mentions*, an analyst which one it is *about*, and it is the
    latter a probability should match. Car dev with 300 reviewed labels: top-1 0.848 → 0.870. A class
    with fewer than three trusted positives is calibrated on every example."""
    from scipy.sparse import csr_matrix
    from sklearn.model_selection import KFold

    n_classes = len(classes)
    oof = np.full((x.shape[0], n_classes), -5.0)
    for train, held in KFold(n_splits=MIN_PER_CLASS, shuffle=True, random_state=SEED).split(np.zeros(x.shape[0])):
        coef, bias = _fit_binary(x[train], y[train], weights[train])
        oof[held] = np.asarray((x[held] @ coef.T).toarray()) + bias
    coef, bias = _fit_binary(x, y, weights)
    trusted = weights >= TRUSTED
    if trusted.sum() < CALIBRATE_ON_TRUSTED:
        trusted[:] = True
    platt_a, platt_c = np.ones(n_classes), np.zeros(n_classes)
    for j in range(n_classes):
        rows = trusted if y[trusted, j].sum() >= MIN_PER_CLASS else slice(None)
        platt_a[j], platt_c[j] = _platt(oof[rows, j], y[rows, j].astype(float))
    return _Head(classes, csr_matrix(coef.T.astype(np.float32)), bias.astype(np.float32),
                 platt_a.astype(np.float32), platt_c.astype(np.float32))


def _fit_binary(x: Any, y: NDArray[np.bool_], weights: NDArray[np.float64]) -> tuple[Any, NDArray[np.float64]]:
    """Sparse weights (n_classes, n_features; |w| < 1e-6 dropped) and biases of one-vs-rest linear SVMs;
    a class with no positive (or no negative) example in ``y`` gets a constant score. Sparse because a
    dense matrix is n_classes × 2^19 floats (hundreds of MB for a large taxonomy)."""
    from scipy.sparse import csr_matrix
    from sklearn.svm import LinearSVC

    data: list[NDArray[np.float64]] = []
    cols: list[NDArray[np.int64]] = []
    indptr = [0]
    bias = np.full(y.shape[1], -5.0)
    for j in range(y.shape[1]):
        target = y[:, j]
        if target.all():
            bias[j] = 5.0
        elif target.any():
            clf = LinearSVC(C=SVM_C, random_state=SEED).fit(x, target, sample_weight=weights)
            row = clf.coef_[0]
            keep = np.flatnonzero(np.abs(row) >= 1e-6)
            data.append(row[keep])
            cols.append(keep)
            bias[j] = clf.intercept_[0]
        indptr.append(indptr[-1] + (len(cols[-1]) if target.any() and not target.all() else 0))
    values = np.concatenate(data) if data else np.zeros(0)
    columns = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    return csr_matrix((values, columns, np.array(indptr)), shape=(y.shape[1], x.shape[1])), bias


def _platt(scores: NDArray[np.float64], target: NDArray[np.float64]) -> tuple[float, float]:
    """Fit p = sigmoid(a·s + c) by a few Newton steps on the log loss (Platt's smoothed targets)."""
    pos = target.sum()
    neg = len(target) - pos
    t = np.where(target > 0, (pos + 1) / (pos + 2), 1 / (neg + 2))
    a, c = 1.0, 0.0
    for _ in range(50):
        p = expit(a * scores + c)
        g = np.array([np.sum((p - t) * scores), np.sum(p - t)])
        w = p * (1 - p) + 1e-9
        h = np.array([[np.sum(w * scores * scores), np.sum(w * scores)], [np.sum(w * scores), np.sum(w)]])
        step = np.linalg.solve(h + np.eye(2) * 1e-6, g)
        a, c = a - step[0], c - step[1]
        if np.abs(step).max() < 1e-6:
            break
    return float(a), float(c)


class Student:
    """Train on labelled examples, predict nodes and sentiment for many texts quickly."""

    def __init__(self) -> None:
        self._idf: NDArray[np.float32] | None = None
        self._nodes: _Head | None = None
        self._sentiment: _Head | None = None
        self.trained_on = 0
        self.real_sentiment_labels = 0  # set by the caller that knows which labels are real (not kept in the bytes)
        self.embed_dim = 0  # > 0: sentence embeddings (workbench.nlp.embedding) sit next to the n-grams
        self.embed_threads: int | None = None
        self.embed_cancel: CancelToken | None = None
        self.sentiment_prior = 0.5  # the share of its own training texts it calls positive (of positive + negative)
        self.sentiment_shift = 0.0  # added to the log-odds of positive against negative in every prediction

    @property
    def n_features(self) -> int:
        return N_FEATURES + self.embed_dim

    @property
    def is_trained(self) -> bool:
        return self._nodes is not None or self._sentiment is not None

    def features(self, texts: Sequence[str], dense: bool = True) -> Any:
        """Sublinear TF-IDF rows, L2-normalised (requires a fitted IDF), and with the embedding head the
        texts' sentence embeddings after them (scaled by EMBED_SCALE; zeros when ``dense`` is False: clauses
        are ranked by their n-grams alone, embedding every clause would cost several times the records)."""
        from scipy.sparse import csr_matrix, hstack
        from sklearn.preprocessing import normalize

        if self._idf is None:
            raise InputError.of("errors.student.untrained")
        x = _hasher().transform(texts).astype(np.float32)
        x.data = np.log1p(x.data)
        x = normalize(x.multiply(self._idf).tocsr(), copy=False)
        if not self.embed_dim:
            return x
        if not dense:
            return hstack([x, csr_matrix((x.shape[0], self.embed_dim), dtype=np.float32)], format="csr")
        from workbench.nlp.embedding import embed

        vectors = embed(texts, self.embed_threads, self.embed_cancel) * np.float32(EMBED_SCALE)
        return hstack([x, csr_matrix(vectors)], format="csr")

    def fit(self, examples: Sequence[StudentExample], corpus: Sequence[str] = (),
            cancel: CancelToken | None = None, embedding: bool = False) -> dict[str, int]:
        """Fit IDF on the examples plus ``corpus`` (unlabelled texts), then both heads; with ``embedding``
        (the caller checked :func:`workbench.nlp.embedding.unavailable_reason`), on the n-grams and the
        texts' sentence embeddings together (then :meth:`predict` embeds what it predicts).

        Classes with fewer than three examples are oversampled to three so every class can be
        calibrated. Returns counts: examples, node classes, sentiment classes.
        """
        if not examples:
            raise InputError.of("errors.student.no_examples")
        from workbench.nlp.embedding import DIM

        self.embed_dim = DIM if embedding else 0
        self.embed_cancel = cancel
        texts = [e.text for e in examples]
        counts = _hasher().transform([*texts, *corpus])
        df = np.bincount(counts.indices, minlength=N_FEATURES).astype(np.float64)
        self._idf = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
        if cancel:
            cancel.check()
        x = self.features(texts)
        weights = [e.weight for e in examples]
        self._nodes = self._train(x, [e.labels for e in examples], weights)
        if cancel:
            cancel.check()
        self._sentiment = self._train(x, [(e.sentiment,) if e.sentiment else () for e in examples],
                                      [e.sentiment_weighs for e in examples])
        self.sentiment_prior = self._positive_share(x)
        self.trained_on = len(examples)
        return {"examples": len(examples), "node_classes": len(self._nodes.classes) if self._nodes else 0,
                "sentiment_classes": len(self._sentiment.classes) if self._sentiment else 0}

    def _train(self, x: Any, labels: list[tuple[str, ...]], weights: list[float]) -> _Head | None:
        """Train a head on the rows that have labels; rare classes are oversampled to three rows."""
        rows = [i for i, labs in enumerate(labels) if labs]
        if not rows:
            return None
        freq = Counter(lab for i in rows for lab in labels[i])
        classes = sorted(freq)
        extra = [next(i for i in rows if lab in labels[i]) for lab, n in freq.items()
                 for _ in range(MIN_PER_CLASS - n) if n < MIN_PER_CLASS]
        rows = rows + extra
        index = {c: j for j, c in enumerate(classes)}
        y = np.zeros((len(rows), len(classes)), dtype=bool)
        for r, i in enumerate(rows):
            for lab in labels[i]:
                y[r, index[lab]] = True
        w = np.array([weights[i] for i in rows], dtype=np.float64)
        return _fit_head(x[np.array(rows)], y, classes, w)

    def _positive_share(self, x: Any) -> float:
        """The share of rows of ``x`` the sentiment head calls positive, of those it calls positive or negative."""
        if self._sentiment is None or not {"positive", "negative"} <= set(self._sentiment.classes):
            return 0.5
        calls = self._sentiment.proba(x).argmax(axis=1)
        pos, neg = self._sentiment.classes.index("positive"), self._sentiment.classes.index("negative")
        n_pos, n_neg = int((calls == pos).sum()), int((calls == neg).sum())
        return n_pos / (n_pos + n_neg) if n_pos + n_neg else 0.5

    def _sentiment_proba(self, x: Any, shift: Sequence[bool] | None = None) -> NDArray[np.float64]:
        """The sentiment head's probabilities, positive's odds against negative moved by ``sentiment_shift`` (in
        the rows where ``shift`` is true; None: every row)."""
        assert self._sentiment is not None
        p = self._sentiment.proba(x)
        classes = self._sentiment.classes
        if self.sentiment_shift and "positive" in classes and "negative" in classes:
            factor = np.exp(self.sentiment_shift)
            rows = slice(None) if shift is None else np.asarray(shift, dtype=bool)
            p[rows, classes.index("positive")] *= factor
            p /= p.sum(axis=1, keepdims=True)
        return p

    def predict(self, texts: Sequence[str], top_k: int = 3,
                shift: Sequence[bool] | None = None) -> list[StudentPrediction]:
        """Predictions for each text, in order (the ``top_k`` likeliest nodes; ``sentiment_shift`` applied to the
        texts where ``shift`` is true, None: all). Fast: one sparse matrix product per head, top-k picked for all
        rows at once."""
        if not texts:
            return []
        x = self.features(texts)
        node_p = self._nodes.proba(x) if self._nodes else None
        sent_p = self._sentiment_proba(x, shift) if self._sentiment else None
        tops: list[list[int]] = [[] for _ in texts]
        if node_p is not None:
            k = min(top_k, node_p.shape[1])
            part = np.argpartition(-node_p, k - 1, axis=1)[:, :k] if k < node_p.shape[1] else \
                np.tile(np.arange(node_p.shape[1]), (node_p.shape[0], 1))
            rows = np.arange(node_p.shape[0])[:, None]
            order = np.take_along_axis(part, np.argsort(-node_p[rows, part], axis=1, kind="stable"), axis=1)
            tops = order.tolist()
        classes = self._nodes.classes if self._nodes is not None else []
        sent_j = sent_p.argmax(axis=1).tolist() if sent_p is not None else []
        out: list[StudentPrediction] = []
        for i in range(len(texts)):
            row = node_p[i].tolist() if node_p is not None else []
            labels = tuple((classes[j], row[j]) for j in tops[i])
            sentiment, conf = None, 0.0
            if sent_p is not None and self._sentiment is not None:
                j = sent_j[i]
                sentiment, conf = self._sentiment.classes[j], float(sent_p[i, j])
            out.append(StudentPrediction(labels, sentiment, conf))
        return out

    def node_probabilities(self, texts: Sequence[str]) -> tuple[list[str], NDArray[np.float64]]:
        """The node classes and a (texts × classes) probability matrix, for bulk scoring (e.g. clauses)."""
        if not texts or self._nodes is None:
            return [], np.zeros((len(texts), 0))
        return self._nodes.classes, self._nodes.proba(self.features(texts, dense=False))

    def to_bytes(self) -> bytes:
        """Serialise as .npz (arrays + JSON metadata; no pickle)."""
        arrays: dict[str, Any] = {}
        meta: dict[str, Any] = {"trained_on": self.trained_on, "heads": {}, "embed_dim": self.embed_dim,
                                "sentiment_prior": self.sentiment_prior, "sentiment_shift": self.sentiment_shift}
        if self._idf is not None:
            arrays["idf"] = self._idf
        for name, head in (("nodes", self._nodes), ("sentiment", self._sentiment)):
            if head is None:
                continue
            meta["heads"][name] = head.classes
            w = head.weights.tocsr()
            arrays[f"{name}_wd"], arrays[f"{name}_wi"], arrays[f"{name}_wp"] = w.data, w.indices, w.indptr
            arrays[f"{name}_b"] = head.bias
            arrays[f"{name}_a"], arrays[f"{name}_c"] = head.platt_a, head.platt_c
        buf = io.BytesIO()
        np.savez_compressed(buf, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8), **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Student:
        try:
            return cls._load(data)
        except (OSError, ValueError, KeyError) as exc:
            raise InputError.of("errors.student.damaged", reason=exc) from exc

    @classmethod
    def _load(cls, data: bytes) -> Student:
        from scipy.sparse import csr_matrix

        student = cls()
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
            student._idf = z.get("idf")
            student.trained_on = int(meta["trained_on"])
            student.embed_dim = int(meta.get("embed_dim", 0))
            student.sentiment_prior = float(meta.get("sentiment_prior", 0.5))
            student.sentiment_shift = float(meta.get("sentiment_shift", 0.0))
            for name, classes in meta["heads"].items():
                w = csr_matrix((z[f"{name}_wd"], z[f"{name}_wi"], z[f"{name}_wp"]),
                               shape=(student.n_features, len(classes)))
                head = _Head(list(classes), w, z[f"{name}_b"], z[f"{name}_a"], z[f"{name}_c"])
                setattr(student, f"_{name}", head)
        return student
