"""Sentence embeddings of quotations, for finding paraphrases (`quotes verify`).

WordLlama (``pip install wordllama``): token embeddings distilled from an LLM's input
embeddings, averaged over a sentence. Its ``l2_supercat`` weights (16 MB) and tokenizer
ship inside the wheel, so it runs on the CPU with nothing fetched at run time; it embeds
a quotation in about 40 microseconds. The vectors are Matryoshka-trained, so their first
DIM components are an embedding of their own: 64 of them, stored as float16, make 128
bytes a quotation (128 MB for a million).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

MODEL = "wordllama-l2_supercat-64"  # what the stored vectors were made with
DIM = 64
DTYPE = np.dtype("<f2")
BATCH = 256


@lru_cache(maxsize=1)
def _model() -> Any:
    """The model, loaded once from the files its package bundles; downloads disabled.

    The wheel holds the 256-dimensional weights, cut to DIM here. WordLlama looks for its
    tokenizer in a cache folder laid out like its package's own ``tokenizers/`` folder, so
    the package folder is given as the cache."""
    import logging
    from pathlib import Path

    # importing wordllama sets up the root logger at INFO (basicConfig), which would
    # print every library's INFO lines (alembic's, for one) on stderr: undo that
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama
    from wordllama import WordLlama

    root.handlers[:] = handlers
    root.setLevel(level)
    return WordLlama.load(config="l2_supercat", dim=256, trunc_dim=DIM, disable_download=True,
                          cache_dir=Path(wordllama.__file__).resolve().parent)


def vectors(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (zeros for a text with no words)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    found = np.asarray(_model().embed(list(texts), norm=False, batch_size=BATCH),
                       dtype=np.float32)
    norms = np.linalg.norm(found, axis=1, keepdims=True)
    return found / np.maximum(norms, 1e-12)


def encode(texts: list[str]) -> list[bytes]:
    """The stored form of each text's embedding."""
    return [row.astype(DTYPE).tobytes() for row in vectors(texts)]


def decode(blobs: list[bytes | None]) -> np.ndarray:
    """Stored embeddings back as rows (zeros where a quotation has none)."""
    rows = np.zeros((len(blobs), DIM), dtype=np.float32)
    for i, blob in enumerate(blobs):
        if blob is not None and len(blob) == DIM * DTYPE.itemsize:
            rows[i] = np.frombuffer(blob, dtype=DTYPE)
    return rows
