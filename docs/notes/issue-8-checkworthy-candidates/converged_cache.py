"""Parse CheckThat! train/dev once with the project's pipeline; cache DocBins + labels."""
import sys, time, pickle
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from spacy.tokens import DocBin
from quotes.claims import train as T, syntax as S
D = str(Path(__file__).resolve().parents[4] / "shared/data/checkworthy/CT24_checkworthy_english_")
Path("/tmp/h4").mkdir(exist_ok=True)
for split in ("dev", "train"):
    t0 = time.time()
    texts, y = T.read_tsv(D + split + ".tsv")
    docs = list(S._nlp().pipe((S.parse_text(t) for t in texts), batch_size=S.BATCH_SIZE))
    DocBin(store_user_data=False, docs=docs).to_disk(f"/tmp/h4/{split}.spacy")
    pickle.dump((texts, y), open(f"/tmp/h4/{split}.pkl", "wb"))
    print(split, len(texts), round(time.time() - t0), "s", flush=True)
