"""Bad input: every refusal is a one-line InputError naming the file."""

from __future__ import annotations

import gzip
import json
import random
import sys
from datetime import date
from pathlib import Path

import pytest

from quotes.dates import UnreadableDate, parse_date
from quotes.errors import InputError
from quotes.reader import Document, decode, read_documents


def read(paths: list[str], **options) -> list:
    return list(read_documents(paths, **options))


def test_missing_file(tmp_path) -> None:
    [error] = read([str(tmp_path / "nope.txt")])
    assert isinstance(error, InputError)
    assert "nope.txt: no such file" in str(error)


def test_binary_file(tmp_path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    [error] = read([str(path)])
    assert isinstance(error, InputError) and "binary file" in str(error)


def test_non_utf8_falls_back_with_a_warning(tmp_path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("“Caf\xe9 culture,” he said.".encode("cp1252"))
    [document] = read([str(path)])
    assert isinstance(document, Document)
    assert "Café" in document.text
    assert "not valid UTF-8" in document.warnings[0]


@pytest.mark.parametrize("content", ["", "  \n\t\n", "\n" * 5000])
def test_empty_or_blank_file_is_refused(tmp_path, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content)
    [error] = read([str(path)])
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: empty, nothing to extract; give a file with text"


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_jsonl_record_of_empty_text_is_refused(tmp_path, text: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps({"doc_id": d, "text": t})
                              for d, t in (("a", "One."), ("b", text), ("c", "Three."))))
    items = read([str(path)], input_format="auto")
    assert [i.source for i in items if isinstance(i, Document)] == ["a", "c"]
    [error] = [str(i) for i in items if isinstance(i, InputError)]
    assert error.startswith(f'{path}:2: "text" is empty, nothing to extract')


def test_directory_walk_reads_jsonl_files(tmp_path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"doc_id": "j", "text": "From JSONL."}))
    (tmp_path / "b.txt").write_text("From text.")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4\n")  # not a text-like name: not an input
    items = read([str(tmp_path)], input_format="auto")
    assert [(i.source, i.text) for i in items] == [("j", "From JSONL."),
                                                   (str(tmp_path / "b.txt"), "From text.")]
    [text_only] = read([str(tmp_path)], input_format="text")
    assert text_only.text == "From text."


def test_huge_file_is_refused_without_reading_it(tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    [error] = read([str(path)])
    assert isinstance(error, InputError)
    assert "50.0 MB is over the 20 MB limit" in str(error) and "--max-mb" in str(error)


def test_malformed_jsonl_lines_are_skipped(tmp_path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"doc_id": "a", "text": "one"}\n{broken\n{"doc_id": "b"}\n'
                    '{"doc_id": "c", "text": "three"}\n')
    items = read([str(path)], input_format="jsonl")
    assert [i.source for i in items if isinstance(i, Document)] == ["a", "c"]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors[0].startswith(f"{path}:2: not valid JSON")
    assert errors[1] == f'{path}:3: needs an object with a "text" string'


def test_sidecar_metadata(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "a.json").write_text('{"published": "2022-05-06", "outlet": "BBC News"}')
    [document] = read([str(tmp_path)])
    assert document.meta == {"published": "2022-05-06", "outlet": "BBC News"}


ARTICLE = ('"We will build the homes this country needs," Keir Starmer said on Monday.\n\n'
           "The prime minister added that planning rules would change.\n")


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xef\xbb\xbfHello", "Hello"),
    ("Hi".encode("utf-16"), "Hi"),
    (ARTICLE.encode("utf-16"), ARTICLE),
    (ARTICLE.encode("utf-32"), ARTICLE),  # its BOM begins with UTF-16's
    (b"\x00\xff" * 50, None),  # "ÿ" fifty times in UTF-16, but no words: binary
    (ARTICLE.encode("utf-32-be"), None),  # no BOM: NUL bytes at every position, refused
])
def test_decode_boms(data: bytes, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InputError, match="binary file"):
            decode(data, "x")
    else:
        assert decode(data, "x")[0] == expected


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ARTICLE, "Ça va, a dit le ministre à Bruxelles. Café?\n"])
def test_utf16_without_a_bom_is_read_with_a_warning(codec: str, text: str) -> None:
    decoded, warnings = decode(text.encode(codec), "x.txt")
    assert decoded == text
    assert warnings == ["x.txt: read as UTF-16 (it has no byte order mark)"]


def test_a_few_nul_bytes_leave_a_text_a_text(tmp_path) -> None:
    path = tmp_path / "nul.txt"
    data = ARTICLE.encode().replace(b" ", b"\x00", 3)
    path.write_bytes(data)
    [document] = read([str(path)])
    assert isinstance(document, Document)
    # each NUL is one U+FFFD, so offsets into the stored text are offsets into the file
    assert document.text == data.decode().replace("\x00", "\ufffd")
    assert "3 NUL or invalid characters" in document.warnings[0]


def _binaries() -> list[bytes]:
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    return [noise, b"\x89PNG\r\n\x1a\n" + noise[:2000], gzip.compress(ARTICLE.encode()),
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64,
            Path(sys.executable).resolve().read_bytes()[:20000], b"\x00" * 1000,
            b"\x00\x01\x02" * 100, ARTICLE.encode().replace(b" ", b"\x00")]


@pytest.mark.parametrize("data", _binaries())
def test_binaries_stay_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="binary file, not text"):
        decode(data, "x")


@pytest.mark.parametrize(("value", "expected"), [
    ("2022-05-06", date(2022, 5, 6)),
    ("2022-05-06T23:30:00Z", date(2022, 5, 6)),  # the day the text gives, no zone shift
    ("2022-05-06 10:00", date(2022, 5, 6)),
    ("Fri, 06 May 2022 10:00:00 +0000", date(2022, 5, 6)),  # RFC 2822, as in RSS
    ("6 May 2022", date(2022, 5, 6)),
    ("6th May 2022", date(2022, 5, 6)),
    ("Friday 6 May 2022", date(2022, 5, 6)),
    ("May 6, 2022", date(2022, 5, 6)),
    ("6 Sep 2022", date(2022, 9, 6)),
    ("06/05/2022", date(2022, 5, 6)),  # day first, as in the UK
    ("2022/05/06", date(2022, 5, 6)),
    ("", None),
    (None, None),
])
def test_dates_in_the_forms_articles_carry(value, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["next Tuesday", "2022-13-45", "32 May 2022", "soon"])
def test_a_date_that_is_no_date_is_refused(value) -> None:
    with pytest.raises(UnreadableDate):
        parse_date(value)


def test_metadata_dates_are_read_or_warned_about(tmp_path) -> None:
    """A sidecar's written-out date is stored as ISO; one that is no date leaves the
    document undated with a warning that names the file, instead of a silent null."""
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "a.json").write_text('{"published": "6 May 2022"}')
    (tmp_path / "b.txt").write_text("Text.")
    (tmp_path / "b.json").write_text('{"published": "last Tuesday"}')
    a, b = read_documents([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert a.meta["published"] == "2022-05-06" and not a.warnings
    assert "published" not in b.meta
    assert len(b.warnings) == 1 and "b.txt" in b.warnings[0] and "last Tuesday" in b.warnings[0]
