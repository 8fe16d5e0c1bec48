"""CV on train (project folds, median-of-fold thresholds) + dev once, for the hashed
features plus syntactic features from the cached spaCy parses (parse_cache.py).

    python explore_syn.py '{"lam":1e-5,"groups":["pos","tag","dep","ent","root"],"scale":1.0,"tmean":0,"tag":"syn_all"}'
"""
import os
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import sys, json, time, numpy as np
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))
import spacy
from spacy.tokens import DocBin
from quotes.claims import train as T, features as F
from syn_features import syntax_features

def load(split):
    d = np.load(f"/tmp/h3/{split}.npz")
    return d["rows"], d["cols"], d["vals"], int(d["n"]), d["y"], d["folds"]

def syn_triples(split, cfg, stats=None):
    vocab = spacy.blank("en").vocab
    docs = list(DocBin().from_disk(f"/tmp/h3/syn_{split}.spacy").get_docs(vocab))
    r, c, v = [], [], []
    for i, doc in enumerate(docs):
        h = {}
        for name, val in syntax_features(doc, cfg.get("groups", []), cfg.get("scale", 1.0)).items():
            j = F.feature_index(name); h[j] = h.get(j, 0.0) + val
        r += [i] * len(h); c += h.keys(); v += h.values()
    out = [np.array(r, dtype=np.int64), np.array(c, dtype=np.int64), np.array(v, dtype=np.float64)]
    if cfg.get("tmean"):
        m = np.load(f"/tmp/h3/tmean_{split}.npy").astype(np.float64)
        if stats is None:
            stats = (m.mean(0), m.std(0) + 1e-6)
        z = (m - stats[0]) / stats[1] * cfg["tmean"] / np.sqrt(m.shape[1])
        cols = np.array([F.feature_index(f"yv:{k}") for k in range(m.shape[1])])
        out[0] = np.concatenate([out[0], np.repeat(np.arange(len(m)), m.shape[1])])
        out[1] = np.concatenate([out[1], np.tile(cols, len(m))])
        out[2] = np.concatenate([out[2], z.ravel()])
    return out, stats

def combined(split, cfg, stats=None):
    rows, cols, vals, n, y, folds = load(split)
    (sr, sc, sv), stats = syn_triples(split, cfg, stats)
    rows, cols, vals = np.concatenate([rows, sr]), np.concatenate([cols, sc]), np.concatenate([vals, sv])
    o = np.argsort(rows, kind="stable")
    return T.SparseRows(rows[o], cols[o], vals[o], n, F.DEFAULT_DIM), y, folds, stats

def main():
    cfg = json.loads(sys.argv[1])
    lam = cfg.get("lam", 1e-5)
    t0 = time.perf_counter()
    x, y, folds, stats = combined("train", cfg)
    xd, yd, _, _ = combined("dev", cfg, stats)  # dev standardised with train's statistics
    print(f"matrices {x.vals.size} nnz {time.perf_counter()-t0:.0f}s", file=sys.stderr, flush=True)
    oof = np.zeros(x.n_rows)
    iters = []
    for k in range(5):
        held = folds == k
        w, it = T.fit_logistic(x.select(~held), y[~held], lam)
        iters.append(it)
        oof[held] = T.sigmoid(x.select(held).dot(w))
        print(f"fold {k} {it} it {time.perf_counter()-t0:.0f}s", file=sys.stderr, flush=True)
    thr = T.stable_threshold(oof, y, folds)
    pooled_t, pooled_f1 = T.best_threshold(oof, y)
    cv = T.prf(oof >= thr, y)
    w, it = T.fit_logistic(x, y, lam)
    pd_ = T.sigmoid(xd.dot(w))
    dev = T.prf(pd_ >= thr, yd)
    tag = cfg.get("tag", json.dumps(cfg))
    np.savez(f"/tmp/h3/res_{tag}.npz", oof=oof, w=w, thr=thr, dev=pd_)
    print(json.dumps({"cfg": cfg, "cv_f1": cv["f1"], "cv_p": cv["precision"], "cv_r": cv["recall"],
                      "pooled_f1": round(pooled_f1, 4), "thr": round(thr, 4),
                      "fold_thr": [round(t, 4) for t in T.fold_thresholds(oof, y, folds)],
                      "iters": iters + [it], "dev": dev,
                      "secs": round(time.perf_counter()-t0)}), flush=True)

main()
