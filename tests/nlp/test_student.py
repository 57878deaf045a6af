"""The student classifier on constructed data with known answers."""

from __future__ import annotations

import math
import random

import pytest

from workbench.errors import Cancelled, InputError
from workbench.nlp.student import Student, StudentExample
from workbench.progress import CancelToken

TOPICS = {
    "logistics": ["快递太慢了", "物流一周没动", "还没发货", "配送员态度差", "包裹送错地址"],
    "battery": ["电池续航很短", "充电发烫严重", "电量掉得快", "充不进电", "电池鼓包了"],
    "refund": ["退款一直不到账", "退款流程太复杂", "申请退款被拒", "退货退款很慢", "钱还没退回来"],
}
FILLER = ["这次", "说实话", "唉", "真的", "总之", "今天", "我觉得"]


def corpus(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        topic = rng.choice(sorted(TOPICS))
        out.append((f"{rng.choice(FILLER)}{rng.choice(TOPICS[topic])}，{rng.choice(FILLER)}", topic))
    return out


def sentiment_of(topic: str) -> str:
    return "negative" if topic != "refund" else "neutral"


@pytest.fixture(scope="module")
def trained() -> Student:
    student = Student()
    data = corpus(120, 1)
    student.fit([StudentExample(t, (k,), sentiment_of(k)) for t, k in data], corpus=[t for t, _ in corpus(300, 9)])
    return student


def test_learns_separable_topics(trained: Student) -> None:
    held = corpus(60, 2)
    preds = trained.predict([t for t, _ in held])
    accuracy = sum(p.top is not None and p.top[0] == k for p, (_, k) in zip(preds, held, strict=True)) / len(held)
    assert accuracy > 0.95
    assert all(abs(sum(prob for _, prob in p.labels) - 1.0) < 1e-6 for p in preds)


def test_top_k_is_the_k_likeliest_in_order_and_matches_the_probability_matrix(trained: Student) -> None:
    texts = [t for t, _ in corpus(30, 4)]
    classes, matrix = trained.node_probabilities(texts)
    for k in (1, 2, len(classes), len(classes) + 5):
        for pred, row in zip(trained.predict(texts, top_k=k), matrix, strict=True):
            want = sorted(range(len(classes)), key=lambda j: -row[j])[:k]
            assert [c for c, _ in pred.labels] == [classes[j] for j in want]
            assert [p for _, p in pred.labels] == pytest.approx([row[j] for j in want])
    assert trained.node_probabilities([])[1].shape == (0, 0)


def test_confidence_is_higher_on_clear_texts(trained: Student) -> None:
    clear, vague = trained.predict(["物流一周没动，快递太慢了", "今天真的"])
    assert clear.top is not None and vague.top is not None
    assert clear.top[0] == "logistics"
    assert clear.top[1] > vague.top[1]


def test_sentiment_head(trained: Student) -> None:
    (pred,) = trained.predict(["退款流程太复杂"])
    assert pred.sentiment == "neutral" and pred.sentiment_confidence > 0.5


def test_round_trip_without_pickle(trained: Student) -> None:
    data = trained.to_bytes()
    assert b"pickle" not in data[:200]
    again = Student.from_bytes(data)
    texts = [t for t, _ in corpus(20, 3)]
    assert [p.top for p in again.predict(texts)] == [p.top for p in trained.predict(texts)]


def test_multilabel_text_contributes_to_both_labels() -> None:
    student = Student()
    data = [StudentExample(t, (k,)) for t, k in corpus(90, 4)]
    data += [StudentExample("快递太慢了而且电池鼓包了", ("logistics", "battery"))] * 3
    student.fit(data)
    (pred,) = student.predict(["快递太慢了而且电池鼓包了"])
    assert {label for label, _ in pred.labels[:2]} == {"logistics", "battery"}


def test_human_weight_overrides_conflicting_machine_labels() -> None:
    base = [StudentExample(t, (k,)) for t, k in corpus(90, 5)]
    noisy = [StudentExample("屏幕闪烁有条纹", ("battery",), weight=1.0)] * 3
    human = [StudentExample("屏幕闪烁有条纹", ("screen",), weight=10.0)] * 3
    student = Student()
    student.fit(base + noisy + human)
    (pred,) = student.predict(["屏幕闪烁有条纹"])
    assert pred.top is not None and pred.top[0] == "screen"


def test_rare_class_is_trainable() -> None:
    student = Student()
    student.fit([*(StudentExample(t, (k,)) for t, k in corpus(60, 6)), StudentExample("发票开错了抬头", ("invoice",))])
    (pred,) = student.predict(["发票开错了抬头"])
    assert pred.top is not None and pred.top[0] == "invoice"


def test_errors_and_cancel() -> None:
    with pytest.raises(InputError):
        Student().fit([])
    with pytest.raises(InputError):
        Student().predict(["x"])
    assert Student().predict([]) == []
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        Student().fit([StudentExample("a", ("x",))], cancel=token)


def test_damaged_model_bytes_are_a_clear_error() -> None:
    with pytest.raises(InputError, match="damaged"):
        Student.from_bytes(b"not a model")


def _mentions_vs_about(monkeypatch: pytest.MonkeyPatch, trusted_calibration: bool) -> float:
    """Weak labels tag every text that mentions both battery and refund with both; analysts say such
    texts are about the refund. Returns P(refund) − P(battery) on a new text of that kind."""
    import workbench.nlp.student as student_module

    if not trusted_calibration:
        monkeypatch.setattr(student_module, "CALIBRATE_ON_TRUSTED", 10**9)
    rng = random.Random(3)
    examples = []
    for i in range(400):
        text = f"{rng.choice(FILLER)}{rng.choice(TOPICS['battery'])}，{rng.choice(TOPICS['refund'])}{i % 7}"
        examples.append(StudentExample(text, ("battery", "refund"), weight=0.5))
    for topic in ("battery", "refund", "logistics"):
        examples += [StudentExample(f"{rng.choice(FILLER)}{t}", (topic,), weight=0.5) for t in TOPICS[topic] * 10]
    for i in range(60):
        text = f"{rng.choice(FILLER)}{rng.choice(TOPICS['battery'])}，{rng.choice(TOPICS['refund'])}{i % 5}"
        examples.append(StudentExample(text, ("refund",), weight=3.0))
        battery_only = f"{rng.choice(FILLER)}{rng.choice(TOPICS['battery'])}"
        examples.append(StudentExample(battery_only, ("battery",), weight=3.0))
    student = Student()
    student.fit(examples)
    probs = dict(student.predict(["真的电池鼓包了，退款一直不到账"])[0].labels)
    return probs.get("refund", 0.0) - probs.get("battery", 0.0)


def test_trusted_labels_calibrate_the_probabilities(monkeypatch: pytest.MonkeyPatch) -> None:
    """With enough analyst (or teacher) labels, probabilities follow what texts are about, not what the
    weak labels say they mention: the analysts' answer wins by a wider margin."""
    with monkeypatch.context() as m:
        all_rows = _mentions_vs_about(m, trusted_calibration=False)
    trusted = _mentions_vs_about(monkeypatch, trusted_calibration=True)
    assert trusted > 0.5
    assert trusted > all_rows + 0.3


def test_a_sentiment_label_has_its_own_weight() -> None:
    """The same text twice: its node labels agree, its sentiment labels disagree; the surer sentiment wins,
    whatever the examples' node weights."""
    base = [StudentExample(t, (k,), sentiment_of(k)) for t, k in corpus(90, 6)]
    text = "屏幕闪烁有条纹"
    unsure = [StudentExample(text, ("screen",), "negative", weight=5.0, sentiment_weight=0.1)] * 3
    sure = [StudentExample(text, ("screen",), "positive", weight=0.5, sentiment_weight=5.0)] * 3
    student = Student()
    student.fit(base + unsure + sure)
    (pred,) = student.predict([text])
    assert pred.top is not None and pred.top[0] == "screen"
    assert pred.sentiment == "positive"
    flipped = Student()
    plain = [StudentExample(text, ("screen",), "negative", weight=5.0), StudentExample(text, ("screen",), "positive",
                                                                                       weight=0.5)] * 3
    flipped.fit(base + plain)
    assert flipped.predict([text])[0].sentiment == "negative"  # without their own weights the node weights count


def test_the_same_examples_train_the_same_student() -> None:
    """liblinear visits examples in a random order unless seeded: the same labels must give the same model
    (else re-runs differ and the review queue, ranked by its confidences, asks for other records)."""
    data = corpus(150, 5)
    examples = [StudentExample(t, (k,), sentiment_of(k), weight=0.5 + (i % 3)) for i, (t, k) in enumerate(data)]
    models = []
    for _ in range(2):
        student = Student()
        student.fit(examples, corpus=[t for t, _ in corpus(200, 6)])
        models.append(student.to_bytes())
    assert models[0] == models[1]


def test_a_sentiment_shift_moves_positive_against_negative_and_is_kept() -> None:
    """Issue 25: ``sentiment_shift`` adds log-odds to positive (the no-labels prior correction); the student knows
    the share of its training texts it calls positive, and both survive the bytes."""
    rng = random.Random(5)
    good, bad = ["很好吃", "很满意", "会再来", "服务好"], ["太难吃", "很失望", "太慢了", "服务差"]
    examples = [StudentExample(f"{rng.choice(FILLER)}{rng.choice(good if i % 4 else bad)}", (),
                               "positive" if i % 4 else "negative") for i in range(200)]
    student = Student()
    student.fit(examples)
    assert 0.7 < student.sentiment_prior < 0.8  # three in four texts are positive
    texts = ["今天一般", "很好吃但太慢了", "很失望", "会再来"]
    before = [p.sentiment_confidence if p.sentiment == "positive" else 1 - p.sentiment_confidence
              for p in student.predict(texts)]
    student.sentiment_shift = 1.0
    after = [p.sentiment_confidence if p.sentiment == "positive" else 1 - p.sentiment_confidence
             for p in student.predict(texts)]
    for b, a in zip(before, after, strict=True):  # odds of positive times e
        assert a / (1 - a) == pytest.approx(math.e * b / (1 - b), rel=1e-3)
    masked = student.predict(texts, shift=[True, False, True, False])
    assert [p.sentiment_confidence for p in masked[1::2]] == pytest.approx(  # unshifted where the mask says no
        [max(b, 1 - b) for b in before[1::2]])
    assert [p.sentiment_confidence for p in masked[::2]] == pytest.approx(
        [max(a, 1 - a) for a in after[::2]])
    again = Student.from_bytes(student.to_bytes())
    assert (again.sentiment_shift, again.sentiment_prior) == (1.0, student.sentiment_prior)
    assert [p.sentiment_confidence for p in again.predict(texts)] == pytest.approx(
        [p.sentiment_confidence for p in student.predict(texts)])
