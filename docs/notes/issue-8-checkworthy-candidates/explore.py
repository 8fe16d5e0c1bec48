"""CV on train (5 folds, project folds) + dev for a candidate; prints one JSON line."""
import os
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import sys, json, time, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from quotes.claims import train as T, features as F

def load(split):
    d = np.load(f"/tmp/h3/{split}.npz")
    return T.SparseRows(d["rows"], d["cols"], d["vals"], int(d["n"]), F.DEFAULT_DIM), d["y"], d["folds"]

BIAS = F.feature_index("bias")

def nb_ratio(x, y, alpha):
    """Per-column log-count ratio from rows of x (bias column kept at 1)."""
    pos = y[x.rows] == 1
    p = alpha + np.bincount(x.cols[pos], weights=x.vals[pos], minlength=x.dim)
    q = alpha + np.bincount(x.cols[~pos], weights=x.vals[~pos], minlength=x.dim)
    r = np.log((p / p.sum()) / (q / q.sum()))
    r[BIAS] = 1.0
    return r

def scaled(x, r):
    return T.SparseRows(x.rows, x.cols, x.vals * r[x.cols], x.n_rows, x.dim)

def fit_weighted(x, y, lam, cw):
    """Logistic regression with positive rows weighted cw (mean over total weight)."""
    sw = np.where(y == 1, cw, 1.0)
    sign = 2.0 * y - 1.0
    tot = sw.sum()
    def loss_grad(w):
        z = x.dot(w)
        loss = float((sw * np.logaddexp(0.0, -sign * z)).sum() / tot) + 0.5 * lam * float(w @ w)
        grad = x.tdot(sw * (T.sigmoid(z) - y) / tot) + lam * w
        return loss, grad
    return T.lbfgs(loss_grad, np.zeros(x.dim))

def fit_mhuber(x, y, lam):
    """Modified Huber loss (squared hinge, linear below margin -1) + L2."""
    sign = 2.0 * y - 1.0
    n = x.n_rows
    def loss_grad(w):
        z = x.dot(w)
        m = sign * z
        quad = m >= -1
        h = np.maximum(0.0, 1.0 - m)
        loss_i = np.where(quad, h * h, -4.0 * m)
        dm = np.where(quad, -2.0 * h, -4.0)
        loss = float(loss_i.mean()) + 0.5 * lam * float(w @ w)
        grad = x.tdot(dm * sign / n) + lam * w
        return loss, grad
    return T.lbfgs(loss_grad, np.zeros(x.dim))

def fit(x, y, cfg):
    """Return effective weights for raw features."""
    if cfg.get("loss") == "mhuber":
        return fit_mhuber(x, y, cfg["lam"])
    if cfg.get("cw") is not None:
        return fit_weighted(x, y, cfg["lam"], cfg["cw"])
    if cfg.get("nb") is not None:
        r = nb_ratio(x, y, cfg["nb"])
        w, it = T.fit_logistic(scaled(x, r), y, cfg["lam"])
        return w * r, it
    w, it = T.fit_logistic(x, y, cfg["lam"])
    return w, it

import re
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
PRON_I = {"I", "I'm", "I've", "I'd", "I'll", "I’m", "I’ve", "I’d", "I’ll"}
SECOND = {"you", "your", "you're", "yours", "you've", "you'll", "yourself"}
WE = {"we", "our", "us", "we're", "we've", "ours", "we'll"}
HEDGE = {"maybe", "perhaps", "might", "could", "probably", "possibly", "seems", "seem"}

def extra_feats(text, which):
    t = text.strip().strip('"').strip()
    words = WORD.findall(t)
    low = {w.lower().replace("’", "'") for w in words}
    out = {}
    if "caps" in which:
        caps = [w for w in words[1:] if w[0].isupper() and w not in PRON_I]
        out["x:caps_any"] = float(bool(caps))
        out["x:caps_n"] = min(len(caps), 4) / 4.0
    if "pron" in which:
        out["x:second"] = float(bool(low & SECOND))
        out["x:we"] = float(bool(low & WE))
    if "hedge" in which:
        out["x:hedge"] = float(bool(low & HEDGE))
    return out

def augment(x, split, which):
    texts, _ = T.read_tsv(f"/work/shared/data/checkworthy/CT24_checkworthy_english_{split}.tsv")
    r, c, v = [x.rows], [x.cols], [x.vals]
    for i, t in enumerate(texts):
        for name, val in extra_feats(t, which).items():
            if val:
                r.append(np.array([i])); c.append(np.array([F.feature_index(name)])); v.append(np.array([val]))
    rows, cols, vals = np.concatenate(r), np.concatenate(c), np.concatenate(v)
    o = np.argsort(rows, kind="stable")
    return T.SparseRows(rows[o], cols[o], vals[o], x.n_rows, x.dim)

def main():
    cfg = json.loads(sys.argv[1])
    t0 = time.perf_counter()
    x, y, folds = load("train")
    xd, yd, _ = load("dev")
    if cfg.get("extra"):
        x, xd = augment(x, "train", cfg["extra"]), augment(xd, "dev", cfg["extra"])
    oof = np.zeros(x.n_rows)
    fold_w = []
    for k in range(5):
        held = folds == k
        w, it = fit(x.select(~held), y[~held], cfg)
        fold_w.append(w)
        oof[held] = T.sigmoid(x.select(held).dot(w))
        print(f"fold {k} {it} it {time.perf_counter()-t0:.0f}s", file=sys.stderr, flush=True)
    thr = T.stable_threshold(oof, y, folds)
    pooled_t, pooled_f1 = T.best_threshold(oof, y)
    cv = T.prf(oof >= thr, y)
    w, it = fit(x, y, cfg)
    pd_ = T.sigmoid(xd.dot(w))
    dev = T.prf(pd_ >= thr, yd)
    # bagged: mean of fold weights, same threshold
    wb = np.mean(fold_w, axis=0)
    devb = T.prf(T.sigmoid(xd.dot(wb)) >= thr, yd)
    tag = cfg.get("tag", json.dumps(cfg))
    np.savez(f"/tmp/h3/res_{tag}.npz", oof=oof, w=w, wb=wb, thr=thr, dev=pd_)
    print(json.dumps({"cfg": cfg, "cv_f1": cv["f1"], "cv_p": cv["precision"], "cv_r": cv["recall"],
                      "pooled_f1": round(pooled_f1, 4), "thr": round(thr, 4), "dev": dev,
                      "dev_bagged": devb, "secs": round(time.perf_counter()-t0)}), flush=True)

main()
