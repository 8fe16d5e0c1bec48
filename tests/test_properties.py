"""Property-based: any text at all yields spans inside it whose text is what they say."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.nlp.marks import find_quotations

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
