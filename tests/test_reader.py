"""Bad input: every refusal is a one-line InputError naming the file."""

from __future__ import annotations

import pytest

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


def test_empty_file_is_a_warning(tmp_path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    [document] = read([str(path)])
    assert document.warnings == [f"{path}: empty, nothing to extract"]


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


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xef\xbb\xbfHello", "Hello"),
    ("Hi".encode("utf-16"), "Hi"),
])
def test_decode_boms(data: bytes, expected: str) -> None:
    assert decode(data, "x")[0] == expected
