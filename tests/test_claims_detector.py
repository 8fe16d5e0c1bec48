"""Tests for the check-worthy claim detector and the claim-type rules."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from quotes.claims import features as F
from quotes.claims.detector import (
    CLAIM_TYPES,
    DEFAULT_MODEL_PATH,
    MODEL_FORMAT,
    CheckworthyDetector,
    claim_type,
    load_detector,
)

STATISTIC = "Unemployment fell to 4.2 per cent last year, the lowest since 1975."
NON_CLAIM = "Thank you all for coming tonight."


@pytest.fixture(scope="module")
def detector() -> CheckworthyDetector:
    return load_detector()


# --- claim_type --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (STATISTIC, "statistic"),
        ("Crime fell by 20 per cent in ten years.", "statistic"),
        ("He wants a $40 billion tax break for the wealthy.", "statistic"),
        ("We lost three million manufacturing jobs.", "statistic"),
        ("Inflation is at 9%.", "statistic"),
        ("Thousands of people lost their homes.", "statistic"),
        ("Our taxes are higher than they were.", "comparison"),
        ("We now import more oil from abroad than ever.", "comparison"),
        ("Texas has the lowest taxes of any big state.", "comparison"),
        ("Our schools get twice as much money as theirs.", "comparison"),
        ("For the first time since the war, wages are falling.", "record"),
        ("Home ownership is at a record high.", "record"),
        ("This has never before happened in this country.", "record"),
        ("It is the biggest tax increase in American history.", "record"),
        ("Crime went up because the police budget was cut.", "causal"),
        ("His policies led to the recession.", "causal"),
        ("The crisis was the result of deregulation.", "causal"),
        ("The economy will grow next year.", "prediction"),
        ("Prices are expected to rise.", "prediction"),
        ("That plan would bankrupt Social Security.", "prediction"),
        ("We'll balance the budget in my first term.", "prediction"),
        (NON_CLAIM, "other"),
        ("I'd rather talk about jobs than about my opponent.", "other"),
        ("He has a long voting record.", "other"),
        ("In 1992 I ran for governor.", "other"),
    ],
)
def test_claim_type(text: str, expected: str) -> None:
    assert claim_type(text) == expected


def test_claim_type_always_returns_a_known_type() -> None:
    for text in ["", "?", "1", "More.", "Will you?", "   "]:
        assert claim_type(text) in CLAIM_TYPES


# --- features ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "shape"),
    [("1975", "<year>"), ("4.2", "<dec>"), ("40", "<int>"), ("250,000", "<big>")],
)
def test_number_shape(token: str, shape: str) -> None:
    assert F.number_shape(token) == shape


def test_hashing_is_stable() -> None:
    # CRC-32 of the UTF-8 name: fixed across processes, machines and Python versions.
    assert F.feature_index("w:tax", 1 << 18) == 176227
    assert F.feature_indices(["w:tax", "c:ta"], 1 << 18) == [
        176227,
        F.feature_index("c:ta", 1 << 18),
    ]
    assert F.hashed("Taxes went up.", 1 << 10) == F.hashed("Taxes went up.", 1 << 10)


def test_char_ngrams_of_one_word() -> None:
    assert F.unit_char_ngrams("ab") == (
        "c: a", "c:ab", "c:b ", "c: ab", "c:ab ", "c: ab ",
    )
    assert F.char_ngrams(["ab", "x"]) == [*F.unit_char_ngrams("ab"), "c: x", "c:x ", "c: x "]


# --- the packaged model ------------------------------------------------------------------


def test_packaged_model_is_small_and_loads() -> None:
    # Speed belongs in `make bench`, not in a test: only size and loading are checked here.
    assert DEFAULT_MODEL_PATH.is_file()
    assert DEFAULT_MODEL_PATH.stat().st_size < 10 * 1024 * 1024
    assert load_detector().dim == F.DEFAULT_DIM


def test_packaged_model_metadata(detector: CheckworthyDetector) -> None:
    assert detector.meta["format"] == MODEL_FORMAT
    assert detector.dim == F.DEFAULT_DIM
    assert 0.0 < detector.threshold < 1.0
    assert np.all(np.isfinite(detector.weights))
    assert np.any(detector.weights != 0)


def test_load_from_directory_matches_default(detector: CheckworthyDetector) -> None:
    other = load_detector(DEFAULT_MODEL_PATH.parent)
    assert other.threshold == detector.threshold
    assert np.array_equal(other.weights, detector.weights)


def _reference_logit(detector: CheckworthyDetector, text: str) -> float:
    """The logit as the training code sees it: hashed features dotted with the weights."""
    feats = F.hashed(text, detector.dim)
    return sum(float(detector.weights[i]) * v for i, v in feats.items())


@pytest.mark.parametrize(
    "text",
    [
        STATISTIC,
        NON_CLAIM,
        "",
        "   ",
        "?!",
        "1,000,000.5 $5 5% in the 1990s",
        "“We’ll cut taxes,” he said — the the the the the.",
        "Crime is higher than ever, the highest since records began, because of cuts.",
        "ÉCOLE naïve café",
    ],
)
def test_fast_logit_matches_hashed_features(detector: CheckworthyDetector, text: str) -> None:
    # logit() skips extract() and hashed() for speed; it must give the same sum.
    for _ in range(2):  # cold and cached
        assert detector.logit(text) == pytest.approx(_reference_logit(detector, text), abs=1e-9)


def test_fast_logit_matches_hashed_features_with_syntax(detector: CheckworthyDetector) -> None:
    # The syntactic features are summed under their own names, as hashed() adds them.
    syntax = {"ye:PERCENT": 1.0, "ye_n": 0.25, "yr:VBD": 1.0, "yr_subj": 1.0, "y_past": 0.1}
    feats = F.hashed(STATISTIC, detector.dim, syntax)
    reference = sum(float(detector.weights[i]) * v for i, v in feats.items())
    assert detector.logit(STATISTIC, syntax) == pytest.approx(reference, abs=1e-9)
    assert detector.logit(STATISTIC, syntax) != detector.logit(STATISTIC)


def test_packaged_model_is_trained_with_syntax(detector: CheckworthyDetector) -> None:
    from quotes.claims.syntax import spacy_model, text_syntax
    from quotes.nlp.pipeline import DEFAULT_MODEL

    assert detector.syntax is True
    assert detector.meta["syntax_model"] == spacy_model() == DEFAULT_MODEL
    # plain texts are parsed: the same scores as with their parses' features given
    texts = [STATISTIC, NON_CLAIM]
    assert detector.score(texts) == detector.score(texts, text_syntax(texts))
    with pytest.raises(ValueError, match="syntax"):
        detector.score(texts, text_syntax(texts[:1]))


def test_syntax_features_of_a_parse() -> None:
    from quotes.claims.syntax import text_syntax

    feats, thanks = text_syntax([STATISTIC, NON_CLAIM])
    assert feats["ye:DATE"] == 1.0 and feats["ye_n"] == 0.75  # last year, 1975, 4.2 per cent
    assert feats["yr:VBD"] == 1.0 and feats["yr_subj"] == 1.0 and feats["y_any_past"] == 1.0
    assert "y_past" not in thanks and thanks["yr:VBP"] == 1.0  # tonight: TIME
    assert all(0.0 < v <= 1.0 for v in (*feats.values(), *thanks.values()))


def test_span_syntax_of_a_whole_sentence_is_the_text_syntax() -> None:
    from quotes.claims.syntax import _nlp, span_syntax, text_syntax

    doc = _nlp()(STATISTIC)
    assert span_syntax(doc) == text_syntax([STATISTIC])[0]
    # masked words (an incidental number) are left out with the entities that begin there
    year = STATISTIC.index("1975")
    masked = span_syntax(doc, [(year, year + 4)])
    assert masked["ye_n"] < span_syntax(doc)["ye_n"] and masked["ye:DATE"] == 1.0
    assert masked["y_num"] < span_syntax(doc)["y_num"]


def test_span_syntax_of_a_piece_reads_the_parsers_root() -> None:
    from quotes.claims.syntax import _nlp, span_syntax, text_syntax

    text = ("Combined, the Greens and the Liberal Democrats won 40 more seats than Labour - "
            "and former minister Sir Edward Leigh said the party should now rethink its "
            "strategy.")
    doc = _nlp()(text)
    piece = doc.char_span(text.index("former"), len(text), alignment_mode="expand")
    assert piece is not None
    feats = span_syntax(piece)
    alone = text_syntax([piece.text])[0]
    # "minister" hangs on "Labour", before the piece: the root read is the parser's "said",
    # as when the piece is parsed alone
    assert doc[piece.start + 1].text == "minister" and doc[piece.start + 1].head.i < piece.start
    assert feats["yr:VBD"] == alone["yr:VBD"] == 1.0
    assert feats["yr_subj:NNP"] == alone["yr_subj:NNP"] == 1.0
    assert "yr:NN" not in feats
    assert feats == alone


def test_statistic_scores_above_non_claim(detector: CheckworthyDetector) -> None:
    high, low = detector.score([STATISTIC, NON_CLAIM])
    assert 0.0 <= low < high <= 1.0
    assert detector.is_checkworthy(STATISTIC) is True
    assert detector.is_checkworthy(NON_CLAIM) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deficit has tripled to $1.4 trillion in four years.", True),
        ("My opponent voted against the tax cut 94 times.", True),
        ("Violent crime rose 12 percent last year in our cities.", True),
        ("Thank you very much.", False),
        ("Let me answer that question.", False),
        ("I'm glad to be here with you tonight.", False),
    ],
)
def test_is_checkworthy_examples(
    detector: CheckworthyDetector, text: str, expected: bool
) -> None:
    assert detector.is_checkworthy(text) is expected


def test_score_shape_and_range(detector: CheckworthyDetector) -> None:
    texts = [STATISTIC, NON_CLAIM, "", "???"]
    scores = detector.score(texts)
    assert len(scores) == len(texts)
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)
    assert detector.score([]) == []
    with pytest.raises(TypeError):
        detector.score(STATISTIC)  # type: ignore[arg-type]


def test_metrics_file_matches_model(detector: CheckworthyDetector) -> None:
    metrics = json.loads((DEFAULT_MODEL_PATH.parent / "METRICS.json").read_text())
    assert metrics["threshold"] == detector.threshold
    assert metrics["model_bytes"] == DEFAULT_MODEL_PATH.stat().st_size
    assert metrics["dev"]["f1"] >= 0.75
    assert metrics["dev"]["f1"] > metrics["baseline_has_digit_dev"]["f1"]
    # The shipped threshold is the train procedure's rule, not a value set by hand.
    assert metrics["threshold"] == pytest.approx(float(np.median(metrics["cv_fold_thresholds"])))


def test_rejects_model_from_other_feature_version(tmp_path: Path) -> None:
    doc = {
        "format": MODEL_FORMAT,
        "feature_version": F.FEATURE_VERSION + 1,
        "dim": 4,
        "threshold": 0.5,
        "weights": base64.b64encode(np.zeros(4, dtype="<f2").tobytes()).decode(),
    }
    path = tmp_path / "m.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(doc, fh)
    with pytest.raises(ValueError, match="feature version"):
        load_detector(path)


# --- training ----------------------------------------------------------------------------


def _write_tsv(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = ["Sentence_id\tText\tclass_label"]
    lines += [f"{i}\t{text}\t{label}" for i, (text, label) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_training_is_deterministic_and_learns(tmp_path: Path) -> None:
    from quotes.claims.train import train

    yes = [f"Taxes rose {n} percent in {1980 + n}." for n in range(20)]
    no = [f"Thank you, {name}, it is good to be here." for name in "abcdefghijklmnopqrst"]
    rows = [(t, "Yes") for t in yes] + [(t, "No") for t in no]
    _write_tsv(tmp_path / "train.tsv", rows)
    _write_tsv(tmp_path / "dev.tsv", rows[::4])

    runs = []
    for name in ("a", "b"):
        metrics = train(tmp_path / "train.tsv", tmp_path / "dev.tsv", tmp_path / name, dim=1 << 12)
        runs.append(((tmp_path / name / "checkworthy.json.gz").read_bytes(), metrics))
    (bytes_a, metrics_a), (bytes_b, metrics_b) = runs
    assert bytes_a == bytes_b
    assert metrics_a["dev"] == metrics_b["dev"]
    assert metrics_a["dev"]["f1"] == 1.0
    det = load_detector(tmp_path / "a")
    assert det.is_checkworthy("Taxes rose 7 percent in 1999.")
    assert not det.is_checkworthy("Thank you, Bob, it is good to be here.")


def test_fit_reaches_the_optimum() -> None:
    """The fitted weights zero the objective's gradient (computed here densely): a fit
    stopped early lands where rounding steered it, not on the data's own optimum."""
    from quotes.claims.train import GRAD_TOLERANCE, build_matrix, fit_logistic, sigmoid

    rng = np.random.default_rng(0)
    vocab = [a + b for a in "bcdfghjklmnpqrstvwxz" for b in "aeiou"]  # 100 words

    def sentences(n: int) -> tuple[list[str], np.ndarray]:
        texts, labels = [], []
        for _ in range(n):  # noisy labels: not separable, as real sentences are not
            ids = rng.integers(0, len(vocab), int(rng.integers(4, 20)))
            cue = np.sum(ids % 7 == 0) - len(ids) / 7  # words 0, 7, 14 ... mark a claim
            texts.append(" ".join(vocab[i] for i in ids))
            labels.append(float(cue + rng.normal(0, 0.7) > 0))
        return texts, np.array(labels)

    (texts, y), lam = sentences(600), 1e-5
    x = build_matrix(texts, 1 << 14)
    dense = np.zeros((x.n_rows, x.dim))
    np.add.at(dense, (x.rows, x.cols), x.vals)

    def gradient(w: np.ndarray) -> np.ndarray:
        return dense.T @ (sigmoid(dense @ w) - y) / len(y) + lam * w

    w, _ = fit_logistic(x, y, lam)
    assert np.linalg.norm(gradient(w)) <= 2 * GRAD_TOLERANCE * np.linalg.norm(gradient(0 * w))
    new_texts, new_y = sentences(300)
    accuracy = np.mean((sigmoid(build_matrix(new_texts, 1 << 14).dot(w)) >= 0.5) == new_y)
    assert accuracy > max(new_y.mean(), 1 - new_y.mean()) + 0.1  # it learnt the cue


def test_sparse_products_match_dense() -> None:
    from quotes.claims.train import SparseRows

    rng = np.random.default_rng(0)
    for _ in range(100):
        n, dim, nnz = int(rng.integers(1, 8)), int(rng.integers(1, 6)), int(rng.integers(0, 12))
        rows = np.sort(rng.integers(0, n, nnz))  # by row, with empty rows at either end
        cols, vals = rng.integers(0, dim, nnz), rng.random(nnz)
        dense = np.zeros((n, dim))
        np.add.at(dense, (rows, cols), vals)
        x = SparseRows(rows, cols, vals, n, dim)
        w, g, keep = rng.random(dim), rng.random(n), rng.random(n) < 0.5
        assert np.allclose(x.dot(w), dense @ w)
        assert np.allclose(x.tdot(g), dense.T @ g)
        assert np.allclose(x.select(keep).dot(w), (dense @ w)[keep])


def test_stable_threshold_is_the_median_of_fold_thresholds() -> None:
    from quotes.claims.train import best_threshold, fold_thresholds, stable_threshold

    # Three folds whose best cut-offs differ: the median fold's threshold is taken.
    prob = np.array([0.9, 0.7, 0.1, 0.8, 0.4, 0.2, 0.6, 0.5, 0.3])
    y = np.array([1, 1, 0, 1, 1, 0, 1, 0, 0], dtype=float)
    folds = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    per_fold = fold_thresholds(prob, y, folds)
    assert per_fold == [pytest.approx(t) for t in (0.4, 0.3, 0.55)]
    assert stable_threshold(prob, y, folds) == pytest.approx(0.4)
    assert per_fold[0] == best_threshold(prob[:3], y[:3])[0]
