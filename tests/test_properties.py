"""Property-based: any text at all yields spans inside it whose text is what they say."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quotes.errors import InputError, SearchSyntaxError
from quotes.nlp.marks import find_quotations
from quotes.reader import Document, decode, read_documents
from quotes.store.search import parse, to_fts5, to_tsquery

MARKY = st.lists(st.sampled_from(list("ab cd.,:\n“”‘’\"'—") + [" he said", " Mr Starmer"]),
                 max_size=120).map("".join)
ANY = st.text(max_size=300)


@given(st.one_of(MARKY, ANY))
def test_quotation_parts_lie_inside_the_text(text: str) -> None:
    for quotation in find_quotations(text):
        for part in quotation.parts:
            assert 0 <= part.open < part.start <= part.end <= len(text)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(MARKY, ANY))
def test_extracted_spans_match_the_text(extract_one, text: str) -> None:
    for quote in extract_one(text):
        assert 0 <= quote["start"] <= quote["end"] <= len(text)
        assert text[quote["start"]:quote["end"]] == quote["text"]
        for key in ("speaker_mention", "cue"):
            span = quote[key]
            if span is not None:
                assert text[span["start"]:span["end"]] == span["text"]


# --- issue 10: readers and the search parser never raise anything but their own errors --

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.lists(JSON_VALUES.map(json.dumps) | st.text(max_size=40), max_size=5),
       depth=st.integers(0, 3000), text=st.text(max_size=200))
@example(junk=["\x00"], depth=0, text="")  # a raw NUL byte once refused the whole file
def test_jsonl_reader_keeps_every_good_record(tmp_path, junk, depth, text) -> None:
    good = {"doc_id": "good", "text": text if text.strip() else "x"}  # blank: refused
    lines = [*junk, "[" * depth + "]" * depth, json.dumps(good, ensure_ascii=False)]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    items = list(read_documents([str(path)], "jsonl"))
    documents = [item for item in items if isinstance(item, Document)]
    assert all(isinstance(item, Document | InputError) for item in items)
    assert documents[-1].source == "good"
    for document in documents:
        document.text.encode("utf-8")  # storable: no lone surrogate, no NUL
        assert "\x00" not in document.text


@given(st.binary(max_size=400))
def test_decode_gives_text_or_its_own_error(data: bytes) -> None:
    try:
        text, warnings = decode(data, "x")
    except InputError as error:
        assert str(error).startswith("x: binary file")
    else:
        assert isinstance(text, str) and all(w.startswith("x: ") for w in warnings)


LATIN_WORD = st.text(st.characters(min_codepoint=33, max_codepoint=0xFF, blacklist_categories=(
    "Cc", "Zs")), min_size=1, max_size=12)


@given(st.lists(st.tuples(LATIN_WORD, st.sampled_from([" ", " ", " ", "\n", "\t"])),
                min_size=2, max_size=40).map(lambda ws: "".join(w + s for w, s in ws)),
       st.text(st.sampled_from("łŵ—“”€"), max_size=3), st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_utf16_of_latin_text_without_a_bom_is_read(latin: str, other: str, codec: str) -> None:
    # a text in a Latin script: words of mostly Latin-1, whose high byte in UTF-16 is NUL
    text = latin + other
    assert decode(text.encode(codec), "x")[0] == text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sidecar=JSON_VALUES.map(json.dumps) | st.binary(max_size=60).map(
    lambda b: b.decode("latin-1")))
def test_sidecar_never_fails_its_text(tmp_path, sidecar) -> None:
    (tmp_path / "a.txt").write_text("Some text.")
    (tmp_path / "a.json").write_text(sidecar, encoding="utf-8", errors="surrogatepass")
    [document] = read_documents([str(tmp_path / "a.txt")])
    assert document.text == "Some text." and isinstance(document.meta, dict)


@given(st.lists(st.sampled_from(list('ab "()*') + ["AND ", "OR ", "NOT ", "(" * 25]),
                max_size=300).map("".join) | st.text(max_size=300))
def test_search_parser_raises_only_its_own_error(query) -> None:
    try:
        tree = parse(query)
    except SearchSyntaxError as error:
        assert "\n" not in str(error)
        return
    to_fts5(tree)
    to_tsquery(tree)


def test_nul_lines_are_bad_lines_of_a_jsonl_file_not_a_binary_file(tmp_path) -> None:
    """The example Hypothesis found: a JSON Lines file whose other lines are all NULs."""
    path = tmp_path / "p.jsonl"
    path.write_text("\x00\x00\x00\n\x00\x00\x00\n" + '{"doc_id": "good", "text": "x"}\n')
    items = list(read_documents([str(path)], "jsonl"))
    assert [i.source for i in items if isinstance(i, Document)] == ["good"]
    assert sum(isinstance(i, InputError) for i in items) == 2
