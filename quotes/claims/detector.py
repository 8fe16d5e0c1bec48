"""Check-worthy claim detection for single sentences.

    >>> det = load_detector()
    >>> det.score(["Unemployment fell to 4.2 per cent last year."])  # doctest: +SKIP
    [0.93...]
    >>> claim_type("Crime fell by 20 per cent in ten years.")
    'statistic'

The detector is a logistic regression over hashed word and character n-grams plus hand
features (:mod:`quotes.claims.features`), trained by :mod:`quotes.claims.train` on the
CheckThat! 2024 English data (US political debates, from ClaimBuster). Inference is pure
Python + numpy; the packaged model is ``model/checkworthy.json.gz``.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Iterable
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


class CheckworthyDetector:
    """A linear model over hashed features with a decision threshold."""

    def __init__(
        self,
        weights: np.ndarray,
        threshold: float,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.dim = int(self.weights.shape[0])
        self.threshold = float(threshold)
        self.meta = dict(meta or {})

    def logit(self, text: str) -> float:
        """The model's log-odds that ``text`` is check-worthy."""
        feats = F.hashed(text, self.dim)
        idx = np.fromiter(feats.keys(), dtype=np.int64, count=len(feats))
        vals = np.fromiter(feats.values(), dtype=np.float64, count=len(feats))
        return float(self.weights[idx].astype(np.float64) @ vals)

    def score(self, texts: Iterable[str]) -> list[float]:
        """Probability-like scores in 0..1 (higher = more check-worthy), one per text."""
        if isinstance(texts, str):
            raise TypeError("score() takes a list of texts; use is_checkworthy() for one")
        return [_sigmoid(self.logit(t)) for t in texts]

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
    return CheckworthyDetector(weights, doc["threshold"], meta)


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
