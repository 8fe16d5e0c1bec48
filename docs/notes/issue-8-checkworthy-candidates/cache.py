"""Build and cache the hashed feature matrices for train and dev."""
import sys, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from quotes.claims import train as T, features as F
for split in ("train", "dev"):
    texts, y = T.read_tsv(f"/work/shared/data/checkworthy/CT24_checkworthy_english_{split}.tsv")
    x = T.build_matrix(texts, F.DEFAULT_DIM)
    folds = np.array([T.fold_of(t) for t in texts])
    np.savez(f"/tmp/h3/{split}.npz", rows=x.rows, cols=x.cols, vals=x.vals, n=x.n_rows, y=y, folds=folds)
    print(split, x.n_rows, x.vals.size)
