"""Pathological inputs (issue 10): time and peak memory of the quotes extraction against
the bare spaCy pipeline on the same text, each in a fresh process.

    .venv/bin/python bench/bench_patho.py [--scale 1.0]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time


def texts(scale: float) -> dict[str, str]:
    words = "the minister said that we will build more homes and Keir Starmer told MPs".split()
    rng = random.Random(1)
    return {
        "mark soup (10k marks)": ('"“”‘’' * 10_000)[:int(10_000 * scale)],
        "one huge sentence (100k words)": " ".join(
            rng.choice(words) for _ in range(int(100_000 * scale))) + ".",
        "10,000 one-line paragraphs": "".join(
            f'"We will win seat {i}," she said.\n' for i in range(int(10_000 * scale))),
        # one line of short quotations, as the 5 MB JSONL probe (300,000 of them): more
        # than one chunk, so the cost per chunk and per quotation both show
        "20,000 short quotations, one line": '"Fine," he said. ' * int(20_000 * scale),
    }


def measure(name: str, scale: float, bare: bool) -> dict:
    """Run one case in this (fresh) process and report seconds and peak MB."""
    from quotes.extract import extract
    from quotes.nlp import load_pipeline
    from quotes.reader import Document

    nlp = load_pipeline()
    text = texts(scale)[name]
    start = time.perf_counter()
    if bare:
        ours = [p for p in nlp.pipe_names if p.startswith("quotes_")]
        list(nlp.pipe([text], disable=ours))
    else:
        list(extract([Document("bench", text)], nlp))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_mb": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # NAME bare|quotes
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], args.scale, args.one[1] == "bare")))
        return
    print(f"{'input':34} {'chars':>9} {'bare s':>8} {'quotes s':>9} {'bare MB':>8} "
          f"{'quotes MB':>9}")
    for name, text in texts(args.scale).items():
        result = {}
        for mode in ("bare", "quotes"):
            out = subprocess.run([sys.executable, __file__, "--scale", str(args.scale),
                                  "--one", name, mode], capture_output=True, text=True,
                                 check=True).stdout
            result[mode] = json.loads(out)
        print(f"{name:34} {len(text):>9} {result['bare']['seconds']:>8} "
              f"{result['quotes']['seconds']:>9} {result['bare']['peak_mb']:>8} "
              f"{result['quotes']['peak_mb']:>9}")


if __name__ == "__main__":
    main()
