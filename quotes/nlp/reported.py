"""How much to trust a candidate of indirect speech: a small logistic model.

Indirect speech has no quotation marks to anchor it, so every candidate (a speech verb's
clause, "according to X", a learned frame) is described by a few symbolic features: how
its content hangs from the cue, the cue's lemma and form, what kind of speaker it has,
and what its content looks like. ``model/reported.json`` holds one weight per feature,
learned from annotated news by ``python -m quotes.nlp.train_reported``
(``make train-reported``), and the default threshold chosen there by cross-validation;
the probability it gives is the candidate's confidence.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from quotes.nlp.doctext import sentence_of

MODEL_PATH = Path(__file__).with_name("model") / "reported.json"
FIRST_PERSON = frozenset({"i", "we"})
WH_WORDS = frozenset({"how", "what", "why", "whether", "if", "who", "when", "where", "which"})
PRONOUNS_3 = frozenset({"he", "she", "they"})


def candidate_features(cue: Token, content: Span, mention: Span | None, route: str,
                       animacy: int, frame_ratio: float | None = None) -> list[str]:
    """The symbolic description of one candidate (see the module docstring)."""
    lemma = cue.lemma_.lower()
    features = [f"route={route}", f"lemma={lemma}", f"lemma+route={lemma}|{route}",
                f"tag={cue.tag_}", f"speaker={_speaker_kind(mention, animacy)}",
                f"content={_content_kind(content)}", f"length={_bucket(len(content))}"]
    if frame_ratio is not None:
        features.append(f"ratio={min(int(frame_ratio * 5), 4)}")
    children = {c.dep_ for c in cue.children}
    if "neg" in children:
        features.append("negated")
    if "auxpass" in children:
        features.append("passive")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children):
        features.append("modal")
    sentence = sentence_of(cue)
    last = next((t for t in reversed(sentence) if not t.is_space), None)
    if last is not None and last.text.endswith("?"):
        features.append("question")
    if cue.i > content.start:
        features.append("cue_after")
    return features


def _speaker_kind(mention: Span | None, animacy: int) -> str:
    if mention is None:
        return "none"
    root = mention.root
    lower = root.lower_
    if lower in FIRST_PERSON:
        return "first_person"
    if lower in PRONOUNS_3:
        return "pronoun"
    if lower == "it":
        return "it"
    if root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return root.ent_type_.lower()
    return f"animacy{animacy}"


def _content_kind(content: Span) -> str:
    root = content.root
    first = content[0].lower_
    if first in WH_WORDS:
        return "wh"
    if first == "to" or root.tag_ == "VB" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return "infinitive"
    if root.pos_ in ("VERB", "AUX"):
        subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
        return "clause" if subject else "verb"
    return "noun"


def _bucket(words: int) -> str:
    return "1-3" if words < 4 else "4-9" if words < 10 else "10-24" if words < 25 else "25+"


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> tuple[dict[str, float], float, float]:
    """(weights, bias, default threshold); an empty model keeps every candidate."""
    if not path.exists():
        return {}, 0.0, 0.0
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["weights"], data["bias"], data["threshold"]


def probability(features: list[str], path: Path = MODEL_PATH) -> float:
    """The model's probability that the candidate is annotated indirect speech."""
    weights, bias, _ = load_model(path)
    if not weights:
        return 0.5
    z = bias + sum(weights.get(f, 0.0) for f in features)
    return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


def default_threshold(path: Path = MODEL_PATH) -> float:
    """The confidence below which indirect speech is left out by default."""
    return load_model(path)[2]
