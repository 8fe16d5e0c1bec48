"""Check-worthy claim detection for single sentences.

    >>> det = load_detector()
    >>> det.score(["Unemployment fell to 4.2 per cent last year."])  # doctest: +SKIP
    [0.93...]
    >>> claim_type("Crime fell by 20 per cent in ten years.")
    'statistic'

The detector is a logistic regression over hashed word and character n-grams plus hand
features and syntactic features of the sentence's spaCy parse
(:mod:`quotes.claims.features`), trained by :mod:`quotes.claims.train` on the
CheckThat! 2024 English data (US political debates, from ClaimBuster). The news pipeline
passes the syntactic features from its own Doc; plain texts given to :meth:`score` are
parsed first (:mod:`quotes.claims.syntax`). Otherwise inference is pure Python + numpy;
the packaged model is ``model/checkworthy.json.gz``.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from quotes.claims import features as F

MODEL_FORMAT = "quotes.checkworthy/1"
MODEL_FILENAME = "checkworthy.json.gz"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / MODEL_FILENAME

CLAIM_TYPES: tuple[str, ...] = (
    "statistic",
    "comparison",
    "record",
    "causal",
    "prediction",
    "other",
)


# The word cache is emptied when it reaches this size, so a long run over many articles
# keeps its memory bounded: about 900 bytes a word with its n-grams, ~30 MB when full.
UNIT_CACHE_SIZE = 1 << 15


class _NamedWeights(dict[str, float]):
    """Weight by feature name for the fixed names (``bias`` and the hand features)."""

    def __init__(self, weights: list[float], dim: int) -> None:
        super().__init__()
        self._weights = weights
        self._dim = dim

    def __missing__(self, name: str) -> float:
        w = self[name] = self._weights[F.feature_index(name, self._dim)]
        return w


class _UnitCache(dict[str, tuple[tuple[str, ...], float]]):
    """Word unit -> its character n-gram names and the sum of their weights.

    The character n-gram part of the logit is linear in the n-gram counts, so it is a sum
    over the sentence's words of a per-word sum: one lookup per word instead of ~25
    n-grams to build and hash.
    """

    def __init__(self, weights: list[float], dim: int) -> None:
        super().__init__()
        self._weights = weights
        self._dim = dim

    def __missing__(self, unit: str) -> tuple[tuple[str, ...], float]:
        if len(self) >= UNIT_CACHE_SIZE:
            self.clear()
        names = F.unit_char_ngrams(unit)
        total = sum(map(self._weights.__getitem__, F.feature_indices(names, self._dim)))
        entry = self[unit] = (names, total)
        return entry


class CheckworthyDetector:
    """A linear model over hashed features with a decision threshold."""

    def __init__(
        self,
        weights: np.ndarray,
        threshold: float,
        meta: dict[str, Any] | None = None,
        syntax: bool = False,
    ) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.dim = int(self.weights.shape[0])
        self.threshold = float(threshold)
        self.meta = dict(meta or {})
        # Trained with syntactic features: score() parses texts given without them.
        self.syntax = syntax
        # The inference caches assume the weights never change after construction.
        # A list of Python floats (8 MB): indexing it is much cheaper than numpy for a
        # few dozen values at a time.
        self._weight_list: list[float] = self.weights.astype(np.float64).tolist()
        self._named = _NamedWeights(self._weight_list, self.dim)
        self._units = _UnitCache(self._weight_list, self.dim)

    def logit(self, text: str, syntax: dict[str, float] | None = None) -> float:
        """The model's log-odds that ``text`` is check-worthy.

        ``syntax``: the sentence's :func:`features.syntax_features` (none: left out).

        The weighted sum of :func:`features.extract` without building its dict: a
        hashed feature's weight times its value, summed per feature name (the same sum as
        :func:`features.hashed`, where colliding values add up under one weight), with
        each n-gram group's counts scaled by the group's L2 norm as in ``extract``.
        """
        norm = F.normalize_text(text)
        tokens = F.tokenize(norm)
        units = F.word_units(tokens)
        z = self._named["bias"]

        # Summing a weight per occurrence equals summing weight * count per name;
        # hypot(*counts) is the group's L2 norm. The word group is never empty (an empty
        # sentence still has the bigram "<s> </s>"); the character group can be.
        words = F.word_ngrams(units)
        word_sum = sum(map(self._weight_list.__getitem__, F.feature_indices(words, self.dim)))
        z += word_sum / math.hypot(*Counter(words).values())
        if units:
            entries = [self._units[u] for u in units]
            chars = Counter(chain.from_iterable(names for names, _ in entries))
            z += sum(w for _, w in entries) / math.hypot(*chars.values())

        for f, v in F.hand_features(norm, tokens).items():
            z += self._named[f] * v
        if syntax:
            for f, v in syntax.items():
                z += self._named[f] * v
        return z

    def score(
        self, texts: Iterable[str], syntax: Sequence[dict[str, float]] | None = None
    ) -> list[float]:
        """Probability-like scores in 0..1 (higher = more check-worthy), one per text.

        ``syntax``: each text's :func:`features.syntax_features`, from a parse the caller
        has; without it, a model trained with them parses the texts
        (:func:`quotes.claims.syntax.text_syntax`, a few ms a sentence).
        """
        if isinstance(texts, str):
            raise TypeError("score() takes a list of texts; use is_checkworthy() for one")
        texts = list(texts)
        if syntax is None and self.syntax and texts:
            from quotes.claims.syntax import text_syntax  # loads spaCy

            syntax = text_syntax(texts)
        if syntax is None:
            return [_sigmoid(self.logit(t)) for t in texts]
        if len(syntax) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(syntax)} syntax features")
        return [_sigmoid(self.logit(t, s)) for t, s in zip(texts, syntax, strict=True)]

    def is_checkworthy(self, text: str) -> bool:
        """True when the score of ``text`` reaches the threshold chosen at training time."""
        return self.score([text])[0] >= self.threshold


def _sigmoid(z: float) -> float:
    """Logistic function without overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def load_detector(path: str | Path | None = None) -> CheckworthyDetector:
    """Load a detector from ``path`` (a model file or its directory); default: the packaged one."""
    p = Path(path) if path is not None else DEFAULT_MODEL_PATH
    if p.is_dir():
        p = p / MODEL_FILENAME
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    if doc.get("format") != MODEL_FORMAT:
        raise ValueError(f"{p}: not a {MODEL_FORMAT} model (format={doc.get('format')!r})")
    if doc.get("feature_version") != F.FEATURE_VERSION:
        raise ValueError(
            f"{p}: trained with feature version {doc.get('feature_version')}, "
            f"this code has {F.FEATURE_VERSION}; retrain with python -m quotes.claims.train"
        )
    weights = np.frombuffer(base64.b64decode(doc["weights"]), dtype="<f2")
    if weights.shape[0] != doc["dim"]:
        raise ValueError(f"{p}: {weights.shape[0]} weights for dim {doc['dim']}")
    meta = {k: v for k, v in doc.items() if k != "weights"}
    return CheckworthyDetector(weights, doc["threshold"], meta, syntax=bool(doc.get("syntax")))


def claim_type(text: str) -> str:
    """The kind of claim ``text`` makes, by transparent rules; the first that matches wins.

    1. ``statistic``: a percentage, money, or a number other than a bare year ("4.2 per
       cent", "$40 billion", "three million jobs");
    2. ``record``: "first time since", "record high", "never before", "highest since",
       "biggest ... in history" (checked before comparison because record phrases usually
       hold a superlative);
    3. ``comparison``: "more/less/fewer ... than", "-er than", superlatives such as
       "highest" or "lowest", "twice as";
    4. ``causal``: "because", "led to", "caused", "result of", "due to";
    5. ``prediction``: "will", "would", "expected to", "going to", "forecast";
    6. ``other``.
    """
    norm = F.normalize_text(text)
    if F.has_statistic(norm):
        return "statistic"
    if F.has_record(norm):
        return "record"
    if F.has_comparison(norm):
        return "comparison"
    if F.has_causal(norm):
        return "causal"
    if F.has_prediction(norm):
        return "prediction"
    return "other"
