"""Run the pipeline over documents and return the records of the `quotes extract`
contract (see DESIGN.md): one dict a document with its quotations.

Long texts are cut at paragraph boundaries into chunks the parser handles well, and
the offsets are shifted back, so every offset still points into the whole text.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.util
import re
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Literal, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from quotes.dates import read_date
from quotes.reader import Document
from quotes.records import ClaimRecord, PersonRecord, QuotationRecord, SpanRef
from quotes.text import paragraphs
from quotes.timelimit import TimeLimit, TimeLimitExceeded

CHUNK_CHARS = 100_000  # longer texts are processed in paragraph-aligned chunks
CHUNK_BATCH = 2  # chunks of one long text in the pipeline at once (memory, see _extract)
# spaCy's tokenizer takes time quadratic in the length of a run without whitespace (it
# peels prefixes and suffixes off one string); longer runs are tokenized in pieces
LONG_RUN = re.compile(r"\S{1000,}")
RUN_PIECE = 64
OFFSET_KEYS: tuple[Literal["speaker_mention", "cue"], ...] = ("speaker_mention", "cue")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc``, in time linear in the text: a run of 1,000 characters or more
    without whitespace is tokenized 64 characters at a time. The Doc's text is the
    same either way; texts without such a run are tokenized exactly as before."""
    runs = list(LONG_RUN.finditer(text))
    if not runs:
        return nlp.make_doc(text)
    pieces, start = [], 0
    for run in runs:
        pieces.append(text[start:run.start()])
        pieces.extend(text[i:min(i + RUN_PIECE, run.end())]
                      for i in range(run.start(), run.end(), RUN_PIECE))
        start = run.end()
    pieces.append(text[start:])
    docs = [nlp.make_doc(piece) for piece in pieces if piece]
    return Doc.from_docs(docs, ensure_whitespace=False)


def chunks(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``, cut at paragraph starts, each at most
    ``size`` (default CHUNK_CHARS) characters long."""
    size = size or CHUNK_CHARS
    if len(text) <= size:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    for para in paragraphs(text):
        if para.start - start >= size:
            pieces.append((start, text[start:para.start]))
            start = para.start
        while para.end - start > size:  # a single paragraph longer than a chunk
            cut = text.rfind(" ", start, start + size)
            cut = cut if cut > start else start + size
            pieces.append((start, text[start:cut]))
            start = cut
    pieces.append((start, text[start:]))
    return pieces


class Extraction(NamedTuple):
    """One document's results: quotation records and the people they mention."""

    document: Document
    quotes: list[QuotationRecord]
    people: list[PersonRecord]
    claims: list[ClaimRecord]


def extract(
    documents: Iterable[Document], nlp: Language, batch_size: int = 16, n_process: int = 1,
    on_error: Callable[[Document, Exception], None] | None = None,
    time_limit: float | None = None,
) -> Iterator[Extraction]:
    """Each document with its quotation records and people, in input order.

    With ``on_error``, a document the pipeline fails on is handed to it and left out,
    and every other document is still extracted: an exception ends the stream, so
    the documents it had taken in are run again one at a time to find the culprit.
    ``time_limit``: seconds per 100,000 characters a document may take (see
    :mod:`quotes.timelimit`); one that takes longer fails like any other."""
    if on_error is None:
        yield from _extract(documents, nlp, batch_size, n_process, time_limit)
        return
    remaining = iter(documents)
    while True:
        pending: deque[Document] = deque()  # taken by the stream, not yet yielded
        try:
            for result in _extract(_remember(remaining, pending), nlp, batch_size, n_process,
                                   time_limit):
                pending.popleft()
                yield result
            return
        except _SourceFailed as failed:  # the input's fault, not the pipeline's
            raise failed.error from None
        except Exception:  # noqa: BLE001  (reported below, document by document)
            for document in list(pending):
                try:
                    result = next(_extract([document], nlp, 1, 1, time_limit))
                except Exception as error:  # noqa: BLE001
                    on_error(document, error)
                    continue
                yield result


class _Workers:
    """Marks the worker processes: they ignore Ctrl-C, which the parent handles (it
    stops them); otherwise each would print a traceback of its own."""


_WORKERS = _Workers()
multiprocessing.util.register_after_fork(
    _WORKERS, lambda _: signal.signal(signal.SIGINT, signal.SIG_IGN))
_WORKER_NLP: Language | None = None  # the pipeline a worker process holds


class _SourceFailed(Exception):
    def __init__(self, error: Exception) -> None:
        self.error = error


def _remember(documents: Iterator[Document], pending: deque[Document]) -> Iterator[Document]:
    while True:
        try:
            document = next(documents)
        except StopIteration:
            return
        except Exception as error:
            raise _SourceFailed(error) from error
        pending.append(document)
        yield document


def extraction_failure(document: Document, error: Exception) -> str:
    """The one-line message for a document the pipeline failed on."""
    if isinstance(error, TimeLimitExceeded):
        return f"{document.source}: {error}; the other documents are unaffected"
    reason = " ".join(str(error).split())[:120]
    return (f"{document.source}: extraction failed ({type(error).__name__}: {reason}); "
            "the other documents are unaffected; please report this input")


def _extract(
    documents: Iterable[Document], nlp: Language, batch_size: int, n_process: int,
    time_limit: float | None = None,
) -> Iterator[Extraction]:
    """The documents in input order: runs of ordinary ones as one stream, and each one
    long enough to be cut into chunks alone, CHUNK_BATCH chunks at a time in this
    process. A batch holds the parser's state for all its Docs at once: sixteen
    100,000-character chunks of one 5 MB text in a batch took over 7 GB."""
    for long, run in itertools.groupby(documents, key=lambda d: len(d.text) > CHUNK_CHARS):
        if not long:
            yield from _extract_run(run, nlp, batch_size, n_process, time_limit)
            continue
        for document in run:
            yield from _extract_run([document], nlp, CHUNK_BATCH, 1, time_limit)


def _extract_run(
    documents: Iterable[Document], nlp: Language, batch_size: int, n_process: int,
    time_limit: float | None = None,
) -> Iterator[Extraction]:
    if n_process > 1:
        yield from _extract_in_workers(documents, nlp, batch_size, n_process, time_limit)
        return

    def tasks() -> Iterator[tuple[Doc, tuple[int, int, bool]]]:
        taken = iter(pending_docs(documents, held))
        for index in itertools.count():
            limit.pause()  # reading the next file is not extraction
            document = next(taken, None)
            limit.resume()
            if document is None:
                return
            limit.allow(len(document.text))
            pieces = chunks(document.text)
            # read quietly: the reader warned about a date it could not read
            published = read_date(document.meta.get("published") or document.meta.get("date"),
                                  document.source, [])
            for number, (offset, piece) in enumerate(pieces):
                doc = make_doc(nlp, piece)
                doc._.published = published.isoformat() if published else None
                doc._.author = document.meta.get("author")
                yield doc, (index, offset, number == len(pieces) - 1)

    held: list[Document] = []
    limit = TimeLimit(time_limit)
    stream = nlp.pipe(tasks(), as_tuples=True, batch_size=batch_size)
    with limit:
        for result in _collect(stream, held):
            limit.pause()  # the caller's time (storing, printing) is not extraction
            yield result
            limit.resume()


def _extract_in_workers(
    documents: Iterable[Document], nlp: Language, batch_size: int, n_process: int,
    time_limit: float | None,
) -> Iterator[Extraction]:
    """The documents in input order, ``batch_size`` at a time extracted by ``n_process``
    worker processes that each hold the pipeline and send back only the records.

    spaCy's own ``n_process`` sends each Doc to a worker and back as bytes, and the
    parent, tokenizing and rebuilding every Doc on the same cores, spent three times the
    CPU of the bare pipeline's parent. Two batches a worker are in flight; a worker that
    dies breaks the pool, which fails like any other extraction error."""
    limit = TimeLimit(time_limit)
    taken = iter(documents)
    workers = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context(),
                                  initializer=_hold, initargs=(nlp,))
    in_flight: deque[tuple[list[Document], Future[list[_Records]]]] = deque()
    try:
        with limit:
            while True:
                while len(in_flight) < 2 * n_process:
                    limit.pause()  # reading the next files is not extraction
                    batch = list(itertools.islice(taken, batch_size))
                    limit.resume()
                    if not batch:
                        break
                    for document in batch:
                        limit.allow(len(document.text))
                    in_flight.append((batch, workers.submit(_extract_batch, batch, batch_size)))
                if not in_flight:
                    return
                batch, future = in_flight.popleft()
                for document, records in zip(batch, future.result(), strict=True):
                    limit.pause()  # the caller's time (storing, printing) is not extraction
                    yield Extraction(document, *records)
                    limit.resume()
    except BaseException:  # Ctrl-C, the time limit, an error, the caller stopping early
        _terminate(workers)
        raise
    finally:
        workers.shutdown(cancel_futures=True)


_Records = tuple[list[QuotationRecord], list[PersonRecord], list[ClaimRecord]]


def _hold(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp


def _extract_batch(batch: list[Document], batch_size: int) -> list[_Records]:
    """In a worker: the records of each document of ``batch``."""
    assert _WORKER_NLP is not None
    return [(result.quotes, result.people, result.claims)
            for result in _extract_run(batch, _WORKER_NLP, batch_size, 1)]


def _terminate(workers: ProcessPoolExecutor) -> None:
    """Stop the workers now, mid-batch: shutting the pool down waits for their batches."""
    if terminate := getattr(workers, "terminate_workers", None):  # Python 3.14
        terminate()
        return
    for process in list(getattr(workers, "_processes", {}).values()):
        process.terminate()


def _collect(stream: Iterator[tuple[Doc, tuple[int, int, bool]]], held: list[Document]
             ) -> Iterator[Extraction]:
    collected: list[QuotationRecord] = []
    claims: list[ClaimRecord] = []
    people: dict[str, PersonRecord] = {}
    for doc, (index, offset, last) in stream:
        collected.extend(shift(record, offset) for record in doc._.quotations or [])
        claims.extend(shift_claim(claim, offset) for claim in doc._.claims or [])
        for person in doc._.people or []:
            if person["name"] not in people:  # the first chunk that names them wins
                span = person.get("role_span")
                people[person["name"]] = moved = person.copy()
                moved["role_span"] = [span[0] + offset, span[1] + offset] if span else None
        if last:
            yield Extraction(held[index], collected, list(people.values()), claims)
            held[index] = None  # type: ignore[call-overload]  # free the text
            collected, claims, people = [], [], {}


def pending_docs(documents: Iterable[Document], held: list[Document]) -> Iterator[Document]:
    """Pass documents through while remembering them by position."""
    for document in documents:
        held.append(document)
        yield document


def shift(record: QuotationRecord, offset: int) -> QuotationRecord:
    """A record with every character offset moved by ``offset``."""
    if not offset:
        return record
    moved = record.copy()
    moved["start"], moved["end"] = record["start"] + offset, record["end"] + offset
    moved["parts"] = [[s + offset, e + offset] for s, e in record["parts"]]
    moved["sentence"] = [at + offset for at in record["sentence"]]
    for key in OFFSET_KEYS:
        if span := record[key]:
            moved[key] = SpanRef(start=span["start"] + offset, end=span["end"] + offset,
                                 text=span["text"])
    return moved


def shift_claim(claim: ClaimRecord, offset: int) -> ClaimRecord:
    """A claim moved by ``offset``, with the key of its quotation."""
    moved = claim.copy()
    moved["start"], moved["end"] = claim["start"] + offset, claim["end"] + offset
    if claim["quote"] is not None:
        moved["quote"] = [at + offset for at in claim["quote"]]
    return moved


def as_contract(result: Extraction, id_key: str = "source") -> dict:
    """The `quotes extract` JSON object of one document."""
    return {id_key: result.document.source, "quotes": result.quotes, "claims": result.claims}
