"""Word-model + char-model ensemble (mean logit): CV on train + dev."""
import os
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import sys, json, time, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from quotes.claims import train as T, features as F
def load(name):
    d = np.load(f"/tmp/h3/{name}.npz")
    return T.SparseRows(d["rows"], d["cols"], d["vals"], int(d["n"]), F.DEFAULT_DIM), d["y"], d["folds"]
lam = float(sys.argv[1]) if len(sys.argv) > 1 else 1e-5
t0 = time.perf_counter()
xw, y, folds = load("train_word"); xc, _, _ = load("train_char")
dw, yd, _ = load("dev_word"); dc, _, _ = load("dev_char")
zo = {"w": np.zeros(len(y)), "c": np.zeros(len(y))}
for k in range(5):
    held = folds == k
    for g, x in (("w", xw), ("c", xc)):
        w, it = T.fit_logistic(x.select(~held), y[~held], lam)
        zo[g][held] = x.select(held).dot(w)
        print(f"fold {k} {g} {it} it {time.perf_counter()-t0:.0f}s", file=sys.stderr, flush=True)
res = {"lam": lam}
zd = {}
for g, x, d in (("w", xw, dw), ("c", xc, dc)):
    w, it = T.fit_logistic(x, y, lam)
    zd[g] = d.dot(w)
for name, comb in (("word", lambda z: z["w"]), ("char", lambda z: z["c"]), ("mean", lambda z: 0.5 * (z["w"] + z["c"]))):
    oof = T.sigmoid(comb(zo)); thr = T.stable_threshold(oof, y, folds)
    cv = T.prf(oof >= thr, y); dev = T.prf(T.sigmoid(comb(zd)) >= thr, yd)
    res[name] = {"cv_f1": cv["f1"], "pooled": round(T.best_threshold(oof, y)[1], 4), "thr": round(thr, 4), "dev": dev}
np.savez("/tmp/h3/res_ens.npz", ow=zo["w"], oc=zo["c"], dw=zd["w"], dc=zd["c"])
print(json.dumps(res), flush=True)
