"""Read inputs as text: files, directories, stdin and JSONL, with clear refusals.

Every refusal is an ``InputError`` whose message names the file and the fix; a batch
reports it and goes on with the next input.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from quotes.dates import read_date
from quotes.errors import InputError

DEFAULT_MAX_MB = 20.0
TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
SNIFF_BYTES = 8192
# Characters no database stores: NUL (PostgreSQL refuses it) and lone surrogates (from a
# JSON "\ud800" escape; not Unicode, so not UTF-8 either). Each is replaced by U+FFFD,
# one character for one, so every offset into the text stays the same.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# byte order marks, longest first: UTF-32's little-endian mark begins with UTF-16's
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class Fetched(NamedTuple):
    """Where a web page's text came from: its article (canonical URL), the URL fetched
    and when, and the validators the server gave (for the next fetch of the URL)."""

    article: str
    url: str
    at: datetime
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Document:
    """One input document: its text and whatever metadata came with it."""

    source: str
    text: str
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    fetched: Fetched | None = None  # a page from the web: stored as a version of its article


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogates)
    shown as U+FFFD, so the name can be printed and stored."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def storable(text: str, where: str, warnings: list[str]) -> str:
    """``text`` with NUL and lone surrogates replaced by U+FFFD (offsets unchanged)."""
    found = UNSTORABLE.search(text)
    if found is None:
        return text
    warnings.append(f"{where}: {len(UNSTORABLE.findall(text))} NUL or invalid characters "
                    f"(first at {found.start()}) replaced by U+FFFD; offsets are unchanged")
    return UNSTORABLE.sub(REPLACEMENT, text)


def storable_meta(meta: dict, where: str, warnings: list[str]) -> dict:
    """Metadata that can be stored: NUL and lone surrogates replaced in text values, and
    the date (``published``, else ``date``) read in any common form and kept as
    ``published`` in ISO form, or left out with a warning."""
    meta = {key: UNSTORABLE.sub(REPLACEMENT, value) if isinstance(value, str) else value
            for key, value in meta.items()}
    published, dated = meta.pop("published", None), meta.pop("date", None)
    raw = published or dated
    if raw is not None and (day := read_date(raw, where, warnings)) is not None:
        meta["published"] = day.isoformat()
    return meta


def expand_paths(paths: list[str], input_format: str = "auto") -> Iterator[str]:
    """Paths as given, with directories walked recursively for text-like files (and
    JSON Lines files, unless every input is to be read as text); a directory with none
    is yielded itself, for ``read_bytes`` to refuse by name."""
    suffixes = TEXT_SUFFIXES if input_format == "text" else (*TEXT_SUFFIXES, ".jsonl")
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            found = sorted(str(p) for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in suffixes)
            yield from found or [raw]
        else:
            yield raw


def read_bytes(path_name: str, max_mb: float = DEFAULT_MAX_MB,
               source: str | None = None) -> bytes:
    """The raw bytes of a file or of stdin (``-``), refusing missing and huge inputs;
    ``source`` is the name the messages use (default: the path)."""
    source = source or printable(path_name)
    limit = int(max_mb * 1024 * 1024)
    if path_name == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(path_name)
        if not path.exists():
            raise InputError(f"{source}: no such file; check the path")
        if path.is_dir():
            raise InputError(f"{source}: no {', '.join(TEXT_SUFFIXES)} file in this "
                             "directory; check the path")
        if not path.is_file():
            raise InputError(f"{source}: not a regular file")
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"{source}: {size / 1024 / 1024:.1f} MB is over the {max_mb:g} MB limit; "
                f"split it or raise the limit with --max-mb {int(size / 1024 / 1024) + 1}"
            )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"{source}: cannot read ({error.strerror})") from error
    if len(data) > limit:
        raise InputError(f"{source}: over the {max_mb:g} MB limit; raise it with --max-mb")
    return data


def decode(data: bytes, source: str, lines: bool = False) -> tuple[str, list[str]]:
    """Text from bytes: UTF-8 (a BOM is dropped), UTF-16 or UTF-32 (by their BOM, or
    UTF-16 without one by its NUL bytes), else Windows-1252 with a warning. Binary data
    is refused. NUL bytes in valid UTF-8 are kept (stored as U+FFFD, see ``storable``):
    a few in a text, or the bad lines of a JSON Lines file (``lines``), not a binary."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), []
    head = data[:SNIFF_BYTES]
    # binary data is full of NUL bytes; a stray one leaves the file text
    if head.count(b"\x00") > max(1, len(head) // 100):
        if (utf16 := _bomless_utf16(data)) is not None:
            return utf16, [f"{source}: read as UTF-16 (it has no byte order mark)"]
        if not (_is_utf8(data) and (lines or _mostly_text(data))):
            raise InputError(f"{source}: binary file, not text; give a text, HTML or JSONL "
                             "file")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        text = data.decode("cp1252", errors="replace")
        controls = sum(1 for ch in text[:SNIFF_BYTES] if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > len(text[:SNIFF_BYTES]) * 0.1:
            raise InputError(
                f"{source}: binary file, not text; give a text, HTML or JSONL file"
            ) from error
        return text, [f"{source}: not valid UTF-8 (byte {error.start}); read as Windows-1252"]


def _mostly_text(data: bytes) -> bool:
    """Whether UTF-8 ``data`` is text with a few NUL bytes rather than a binary: at most
    one byte in ten is NUL or another control character."""
    head = data[:SNIFF_BYTES]
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    return controls <= len(head) // 10


WORD_CHARS = 40  # text without a BOM has a space or line break at least this often


def _bomless_utf16(data: bytes) -> str | None:
    """``data`` as UTF-16 without a byte order mark, or None: text in a Latin script has
    a NUL as the high byte of most characters (the second byte of each pair in
    little-endian, the first in big-endian) and almost none in the other position,
    which no binary format shows; the decoded text must be made of characters."""
    head = data[:SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    for nuls, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= pairs // 2 and others <= pairs // 100:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            sample = text[:SNIFF_BYTES]
            # characters, and words: a run of one character ("ÿÿÿ" from b"\x00\xff"...)
            # has no spaces between words
            if sum(_is_text(ch) for ch in sample) >= len(sample) * 0.95 and (
                    sum(ch.isspace() for ch in sample) >= len(sample) // WORD_CHARS):
                return text
    return None


def _is_text(ch: str) -> bool:
    """A character text holds: whitespace, or neither a control nor unassigned."""
    return ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cn")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def html_to_text(html: str, source: str) -> tuple[str, dict]:
    """The article body and metadata of an HTML page, by trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{source}: no article text found in this HTML page")
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    meta = {key: data.get(key) for key in ("title", "author", "url", "date", "sitename")}
    meta = {k: v for k, v in meta.items() if v}
    if "date" in meta:
        meta["published"] = meta.pop("date")
    if "sitename" in meta:
        meta["outlet"] = meta.pop("sitename")
    return data.get("text") or "", meta


def read_documents(
    sources: list[str], input_format: str = "text", max_mb: float = DEFAULT_MAX_MB
) -> Iterator[Document | InputError]:
    """Each input as a Document, or the InputError that says why it was skipped."""
    for path in expand_paths(sources, input_format):
        source = printable(path)  # the file is read by ``path``, named by ``source``
        try:
            jsonl = input_format == "jsonl" or (
                input_format == "auto" and source.endswith(".jsonl"))
            text, warnings = decode(read_bytes(path, max_mb, source), source, lines=jsonl)
        except InputError as error:
            yield error
            continue
        if jsonl:
            yield from _jsonl_documents(text, source, warnings)
            continue
        meta: dict = sidecar_metadata(path)
        if source.lower().endswith(HTML_SUFFIXES):
            try:
                text, meta = html_to_text(text, source)
            except InputError as error:
                yield error
                continue
        if not text.strip():
            yield InputError(f"{source}: empty, nothing to extract; give a file with text")
            continue
        text = storable(text, source, warnings)
        yield Document(source, text, storable_meta(meta, source, warnings), warnings)


METADATA_KEYS = ("title", "url", "outlet", "author", "published")


def sidecar_metadata(source: str) -> dict:
    """Metadata from NAME.json beside NAME.txt (keys title, url, outlet, author,
    published); an unreadable sidecar is ignored rather than failing the text."""
    if source == "-":
        return {}
    sidecar = Path(source).with_suffix(".json")
    if sidecar == Path(source) or not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # ValueError: bad JSON, huge integers
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: data[k] for k in METADATA_KEYS if data.get(k)}


def _jsonl_documents(
    text: str, source: str, warnings: list[str]
) -> Iterator[Document | InputError]:
    # split on "\n" only: str.splitlines also splits at U+2028, U+2029 and U+0085,
    # which JSON allows unescaped inside strings
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(f"{where}: not valid JSON ({error.msg}); one object per line")
            continue
        except RecursionError:
            yield InputError(f"{where}: JSON nested too deeply to read; flatten the record")
            continue
        except ValueError:  # Python reads no integer of more than 4300 digits
            yield InputError(f"{where}: a number too long to read (over 4300 digits); "
                             "write it as a string")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputError(f'{where}: needs an object with a "text" string')
            continue
        if not record["text"].strip():
            yield InputError(f'{where}: "text" is empty, nothing to extract; leave the '
                             "record out or give it text")
            continue
        doc_id = str(record.get("doc_id") or record.get("id") or where)
        meta = {k: v for k, v in record.items() if k not in ("text", "quotes")}
        text = storable(record["text"], where, warnings)
        yield Document(UNSTORABLE.sub(REPLACEMENT, doc_id), text,
                       storable_meta(meta, where, warnings), list(warnings))
        warnings = []
