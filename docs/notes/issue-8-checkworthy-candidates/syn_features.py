"""ClaimBuster-style syntactic features of a parsed sentence (a spaCy Doc or Span).

Groups (each can be switched on by name):
  pos   coarse POS unigrams + bigrams (with <s>, </s>), L2-normalised as one group
  tag   fine Penn tags unigrams + bigrams, L2-normalised as one group
  dep   dependency labels, L2-normalised
  ent   entity labels present (CARDINAL, PERCENT, MONEY, DATE, GPE, ORG, NORP ...) + count
  root  root tag, subject of the root present / its tag / pronoun, tense cues
        (past VBD/VBN, present VBZ/VBP, modal MD) as fractions of the words
"""
import math
from collections import Counter

GROUPS = ("pos", "tag", "dep", "ent", "root")
SUBJ = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}


def _ngram_group(prefix, seq):
    feats = [f"{prefix}:{s}" for s in seq]
    padded = ["<s>", *seq, "</s>"]
    feats += [f"{prefix}2:{a} {b}" for a, b in zip(padded, padded[1:])]
    c = Counter(feats)
    tot = math.sqrt(sum(v * v for v in c.values())) or 1.0
    return {f: v / tot for f, v in c.items()}


def syntax_features(span, groups=GROUPS, scale=1.0):
    toks = [t for t in span if not t.is_space]
    out = {}
    if "pos" in groups:
        out.update(_ngram_group("yp", [t.pos_ for t in toks]))
    if "tag" in groups:
        out.update(_ngram_group("yt", [t.tag_ for t in toks]))
    if "dep" in groups:
        c = Counter(f"yd:{t.dep_}" for t in toks)
        tot = math.sqrt(sum(v * v for v in c.values())) or 1.0
        out.update({f: v / tot for f, v in c.items()})
    if "ent" in groups:
        ents = [e for e in span.ents] if hasattr(span, "ents") else []
        for e in ents:
            out[f"ye:{e.label_}"] = 1.0
        out["ye_n"] = min(len(ents), 4) / 4.0
    if "root" in groups:
        words = [t for t in toks if not t.is_punct] or toks
        n = max(len(words), 1)
        roots = [t for t in toks if t.dep_ == "ROOT"]
        root = roots[0] if roots else None
        if root is not None:
            out[f"yr:{root.tag_}"] = 1.0
            subj = [c for c in root.children if c.dep_ in SUBJ]
            out["yr_subj"] = float(bool(subj))
            if subj:
                s = subj[0]
                out[f"yr_subj:{s.tag_}"] = 1.0
                if s.pos_ == "PRON":
                    out[f"yr_subjw:{s.lower_}"] = 1.0
            out["yr_neg"] = float(any(c.dep_ == "neg" for c in root.children))
        out["yr_none"] = float(root is None)
        out["yr_nroots"] = min(len(roots), 3) / 3.0
        tags = Counter(t.tag_ for t in words)
        out["y_past"] = (tags["VBD"] + tags["VBN"]) / n
        out["y_present"] = (tags["VBZ"] + tags["VBP"]) / n
        out["y_modal"] = tags["MD"] / n
        out["y_num"] = tags["CD"] / n
        out["y_propn"] = (tags["NNP"] + tags["NNPS"]) / n
        out["y_any_past"] = float(tags["VBD"] > 0)
        out["y_any_modal"] = float(tags["MD"] > 0)
    if scale != 1.0:
        out = {k: v * scale for k, v in out.items()}
    return {k: v for k, v in out.items() if v}
