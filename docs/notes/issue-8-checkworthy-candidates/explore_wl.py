"""WordLlama 256-d LR as a second ensemble member: CV on train, stack weight by CV."""
import os
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import sys, json, time, numpy as np
from pathlib import Path
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from quotes.claims import train as T
import wordllama
from wordllama import WordLlama
wl = WordLlama.load(config="l2_supercat", dim=256, disable_download=True,
                    cache_dir=Path(wordllama.__file__).resolve().parent)
tt, y = T.read_tsv("/work/shared/data/checkworthy/CT24_checkworthy_english_train.tsv")
td, yd = T.read_tsv("/work/shared/data/checkworthy/CT24_checkworthy_english_dev.tsv")
t0 = time.perf_counter(); E = np.asarray(wl.embed(tt, norm=True), dtype=np.float64)
per = (time.perf_counter() - t0) / len(tt) * 1e6
Ed = np.asarray(wl.embed(td, norm=True), dtype=np.float64)
E = np.hstack([E, np.ones((len(E), 1))]); Ed = np.hstack([Ed, np.ones((len(Ed), 1))])
folds = np.load("/tmp/h3/train.npz")["folds"]
def fit(X, y, lam):
    sign = 2 * y - 1; n = len(y)
    def lg(w):
        z = X @ w
        return float(np.logaddexp(0, -sign * z).mean()) + 0.5 * lam * float(w @ w), X.T @ ((T.sigmoid(z) - y) / n) + lam * w
    return T.lbfgs(lg, np.zeros(X.shape[1]), max_iter=1000)[0]
base = np.load("/tmp/h3/res_base.npz")
zb = np.log(base["oof"]) - np.log1p(-base["oof"]); zbd = np.log(base["dev"]) - np.log1p(-base["dev"])
out = {"embed_us_per_sentence": round(per, 1)}
for lam in (1e-3, 1e-4):
    zo = np.zeros(len(y))
    for k in range(5):
        h = folds == k; w = fit(E[~h], y[~h], lam); zo[h] = E[h] @ w
    zd = Ed @ fit(E, y, lam)
    oof = T.sigmoid(zo); thr = T.stable_threshold(oof, y, folds)
    res = {"wl_alone": {"cv": T.prf(oof >= thr, y)["f1"], "dev": T.prf(T.sigmoid(zd) >= thr, yd)["f1"]}}
    grid = []
    for a in np.arange(0.0, 0.51, 0.05):
        o = T.sigmoid((1 - a) * zb + a * zo); thr = T.stable_threshold(o, y, folds)
        grid.append((T.prf(o >= thr, y)["f1"], round(a, 2), thr, T.prf(T.sigmoid((1 - a) * zbd + a * zd) >= thr, yd)))
    res["grid"] = grid
    best = max(grid, key=lambda g: (g[0], -g[1]))
    res["cv_chosen"] = best
    out[str(lam)] = res
print(json.dumps(out), flush=True)
