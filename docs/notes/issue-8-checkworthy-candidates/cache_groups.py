"""Cache word(+hand+bias) and char(+bias) matrices separately."""
import sys, math, numpy as np
from collections import Counter
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from quotes.claims import train as T, features as F
def feats(text, group):
    norm = F.normalize_text(text)
    tokens = F.tokenize(norm)
    units = F.word_units(tokens)
    out = {"bias": 1.0}
    g = F.word_ngrams(units) if group == "word" else F.char_ngrams(units)
    counts = Counter(g)
    tot = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    for f, v in counts.items():
        out[f] = v / tot
    if group == "word":
        out.update(F.hand_features(norm, tokens))
    h = {}
    for n, v in out.items():
        i = F.feature_index(n); h[i] = h.get(i, 0.0) + v
    return h
for split in ("train", "dev"):
    texts, y = T.read_tsv(f"/work/shared/data/checkworthy/CT24_checkworthy_english_{split}.tsv")
    for group in ("word", "char"):
        r, c, v = [], [], []
        for i, t in enumerate(texts):
            h = feats(t, group); r += [i] * len(h); c += h.keys(); v += h.values()
        d = np.load(f"/tmp/h3/{split}.npz")
        np.savez(f"/tmp/h3/{split}_{group}.npz", rows=np.array(r), cols=np.array(c), vals=np.array(v), n=len(texts), y=d["y"], folds=d["folds"])
        print(split, group, len(v))
