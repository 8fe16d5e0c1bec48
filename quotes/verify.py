"""Did they really say that? Where a claimed quotation appears in the database: word for
word, worded differently, said by someone else, or not at all, with the closest.

Candidates come from the full-text index (FTS5 on SQLite, tsvector on PostgreSQL): how
common each of the claim's words is (a capped count; on PostgreSQL, ANALYZE's statistics),
then the quotations holding all of them, and those holding two of the rarest, best first
(BM25 or ts_rank). Every candidate is aligned word by word
(quotes.match); a claim made of two quotations is found as a splice of two candidates;
when no candidate aligns well enough, the sentence embeddings stored at ingest
(quotes.embed) say which of them are paraphrases.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, text
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from quotes.errors import InputError, NotFound
from quotes.match import STOP, WORD, Alignment, Token, align, fold, tokens, word_diff
from quotes.query import quote_json, resolve_person
from quotes.store.db import existing_engine, is_sqlite, session_scope
from quotes.store.models import Document, Quote

MAX_CHARS = 2_000  # one quotation, or a few sentences of one; longer is refused
MAX_TERMS = 12  # words of the claim whose frequency is looked up
RARE_CAP = 5_000  # a word in more quotations than this cannot pick out candidates
RARE_TERMS = 6  # the rarest words that pick candidates (half from each half)
CANDIDATES = 50  # quotations from the index per claim (and as many by the named speaker)
ALIGNED = 20  # of which those sharing most words with the claim are aligned (and as
# many of the named speaker's)
SPEAKER_WIDEN = 4  # with a speaker named, SQLite's index gives this many times more
PG_RANKED = 1_000  # matches of one lookup that PostgreSQL ranks (see _ranked)
# Fitted by bench/bench_verify.py on one half of its generated claims (measured on the
# other half): the alignment score from which a candidate is the claim worded
# differently, and the cosine of the embeddings from which it is a paraphrase.
DIFFERS = 0.675
PARAPHRASE = 0.6
SPLICE_MIN_WORDS = 4  # the smaller piece of a spliced claim
SPLICE_COVERED = 0.8  # a candidate holding this share of the claim is no splice's piece
SPLICE_FIRST = 3  # candidates tried as a splice's first piece

VERBATIM, DIFFERENTLY, SOMEONE_ELSE, NOT_FOUND = (
    "verbatim", "differently", "someone_else", "not_found")
VERDICTS = {VERBATIM: "said, verbatim", DIFFERENTLY: "said, but worded differently",
            SOMEONE_ELSE: "attributed to someone else", NOT_FOUND: "not found"}
STRONG = ("verbatim", "differs", "spliced")  # match kinds that mean the words were said


@dataclass
class Candidate:
    quote: Quote
    document: Document
    real: list[Token]  # the quoted words, with offsets into the document
    alignment: Alignment
    kind: str = "unrelated"  # verbatim | differs | spliced | paraphrase | unrelated
    sentence: str = ""  # the sentence(s) around it, its context
    cosine: float | None = None
    other: Candidate | None = None  # the second quotation of a splice
    joined: Alignment | None = None  # the splice's alignment, both pieces

    @property
    def shown(self) -> Alignment:
        return self.joined or self.alignment


@dataclass
class Gathered:
    """A claim with its candidates from the database, before any threshold applies."""

    claim: str
    claimed: list[Token]
    asked: str | None  # the speaker named by the user
    person_id: int | None  # who that is, if ever quoted
    person: str | None
    candidates: list[Candidate]
    vector: object = None  # the claim's embedding, once needed


def check_claim(claim: str) -> list[Token]:
    """The claim's words; InputError when there are none or far too many."""
    if len(claim) > MAX_CHARS:
        raise InputError(f"the claimed quotation is {len(claim):,} characters long; give at "
                         f"most {MAX_CHARS:,} (the sentence or two in question)")
    found = tokens(claim)
    if not found:
        raise InputError("the claimed quotation has no words; give its text, e.g. "
                         "quotes verify \"We will not raise taxes\"")
    return found


def verify(url: str, claim: str, speaker: str | None = None, since: date | None = None,
           until: date | None = None, limit: int = 10) -> dict:
    """Where ``claim`` appears, best first, with a verdict (see the module docstring)."""
    return decide(gather(url, claim, speaker, since, until), limit)


def gather(url: str, claim: str, speaker: str | None = None, since: date | None = None,
           until: date | None = None) -> Gathered:
    """The claim's candidates from the database, each aligned to the claim."""
    claimed = check_claim(claim)
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}; swap them")
    engine = existing_engine(url)
    with session_scope(url) as session:
        person = None
        # a speaker never quoted is no error: whoever said the words is someone else
        with suppress(NotFound):
            person = resolve_person(session, speaker) if speaker else None
        person_id, name = (person.id, person.name) if person else (None, None)
        known: dict[str, int] = {}  # word frequencies, for both lookups
        ids = candidate_ids(session, is_sqlite(engine), claimed, since, until, person_id,
                            known=known)
        candidates = _aligned(session, claimed, ids, person_id)
        rest = _unmatched(claimed, candidates)
        if rest:  # perhaps a splice: the candidates of the words no candidate holds
            more = [i for i in candidate_ids(session, is_sqlite(engine), rest, since, until,
                                             person_id, known=known) if i not in set(ids)]
            candidates += _aligned(session, claimed, more, person_id)
            candidates.sort(key=lambda c: (-c.alignment.score, _when(c)))
    return Gathered(claim, claimed, speaker, person_id, name, candidates)


def _unmatched(claimed: list[Token], candidates: list[Candidate]) -> list[Token]:
    """The longer end of the claim that the best candidate leaves out, if long enough
    to be a splice's piece."""
    if not candidates or candidates[0].alignment.covered >= SPLICE_COVERED:
        return []
    best = candidates[0]
    first, last = best.alignment.claimed
    rest = claimed[:first] if first > len(claimed) - last else claimed[last:]
    if len(rest) < SPLICE_MIN_WORDS or last - first < SPLICE_MIN_WORDS:
        return []
    # only when the best candidate holds its piece well (else no splice: spare the lookup)
    return rest if align(claimed[first:last], best.real).score >= DIFFERS else []


def decide(found: Gathered, limit: int = 10, differs: float = DIFFERS,
           paraphrase: float = PARAPHRASE) -> dict:
    """The verdict and the matches to show, at these thresholds."""
    _classify(found, differs, paraphrase)
    return _report(found, limit)


# --- candidates ---------------------------------------------------------------------------


def search_terms(claimed: list[Token]) -> list[str]:
    """The claim's words that can pick out a quotation, in the claim's order: no common
    words, the MAX_TERMS longest (a longer word is usually the rarer), pieces of "don't"
    apart."""
    import re

    pieces = [p for t in claimed for p in re.findall(r"[^\W_]+", t.word)]
    found = list(dict.fromkeys(p for p in pieces if len(p) > 2 and p not in STOP))
    kept = set(sorted(found, key=len, reverse=True)[:MAX_TERMS])
    return [p for p in found if p in kept]


def lookup_terms(claimed: list[Token]) -> list[str]:
    """The words :func:`candidate_ids` looks the claim up by."""
    # each word once: "a a a a" (or 2,000 letters under combining marks) made groups
    # of nothing but the word left out, which FTS5 refuses ("syntax error near )")
    return search_terms(claimed) or list(dict.fromkeys(t.word for t in claimed))[:MAX_TERMS]


def candidate_ids(session: Session, sqlite: bool, claimed: list[Token],
                  since: date | None = None, until: date | None = None,
                  person_id: int | None = None, limit: int = CANDIDATES,
                  known: dict[str, int] | None = None) -> list[int]:
    """Ids of the quotations most like the claimed words, by the full-text index.

    ``known``: word frequencies already looked up (:func:`word_frequencies`), for many
    lookups in one transaction; the words it lacks are looked up and added to it.
    """
    terms = lookup_terms(claimed)
    frequency = {} if known is None else known
    missing = [t for t in terms if t not in frequency]
    if missing:
        frequency.update(word_frequencies(session, sqlite, missing))
    # absent words (or, on PostgreSQL, its stop words) pick nothing; among the others
    # the rarest pick the candidates, or when all are common, three of them together
    present = sorted((t for t in terms if frequency[t]), key=lambda t: (frequency[t], -len(t)))
    # the rarest of each half of the claim, so both pieces of a splice are looked for
    middle = len(terms) // 2
    rare = sorted(dict.fromkeys(t for half in (terms[:middle], terms[middle:])
                                for t in [t for t in present if t in half
                                          and frequency[t] < RARE_CAP][:RARE_TERMS // 2]),
                  key=lambda t: frequency[t])
    if len(rare) >= 3:  # two of them together: a changed word that is rare itself
        # (any quotation holding it would outrank the real one) picks nothing alone
        groups = [[a, b] for i, a in enumerate(rare) for b in rare[i + 1:]]
    elif len(rare) == 2 or (rare and len(present) == 1):
        groups = [[t] for t in rare]
    elif len(present) >= 3:  # three common words together are rare enough; any three
        # of the four rarest, so that one changed word does not lose the real quotation
        four = present[:4]
        groups = [[t for t in four if t != left] for left in four] if len(four) == 4 \
            else [four]
    elif present:
        groups = [present]
    else:
        return []
    # first the quotations holding all those words (the claim's copies and excerpts,
    # which the ranking can put below many short quotations holding a few of them)
    every = [[t for t in terms if t in set(present[:MAX_TERMS])]]
    if sqlite and not (since or until):
        # the index ranks its matches alone, fast; the named speaker's quotations among
        # more of them (a join on the speaker would read every match's row)
        wider = limit * (SPEAKER_WIDEN if person_id else 1)
        ids = [*_ranked(session, sqlite, every, None, None, None, wider),
               *_ranked(session, sqlite, groups, None, None, None, wider)]
        return list(dict.fromkeys(ids))
    ids = []
    lookups = [every] if groups == every else [every, groups]  # one word: one lookup
    for speaker in (None, person_id) if person_id else (None,):
        for chosen in lookups:
            ids.extend(_ranked(session, sqlite, chosen, since, until, speaker, limit))
    return list(dict.fromkeys(ids))


PG_LEXEMES = text("SELECT w, array_to_string(tsvector_to_array(to_tsvector('english', w)), "
                  "' ') FROM unnest(CAST(:terms AS text[])) AS w")
PG_COMMON = text("SELECT e, f * greatest(c.reltuples, 0) FROM pg_stats s JOIN pg_class c ON "
                 "c.relname = s.tablename, unnest(s.most_common_elems::text::text[], "
                 "s.most_common_elem_freqs) AS u(e, f) WHERE s.tablename = 'quote' AND "
                 "s.attname = 'search' AND e = ANY(CAST(:lexemes AS text[]))")


# How many quotations hold each word (up to RARE_CAP), every word in one statement: each
# row is a word's place in :terms (from 0) and its count
FTS5_COUNTS = text("SELECT j.key, (SELECT count(*) FROM (SELECT 1 FROM quote_fts WHERE "
                   "quote_fts MATCH j.value LIMIT :cap)) FROM json_each(:terms) AS j")
PG_COUNTS = text("SELECT u.n - 1, (SELECT count(*) FROM (SELECT 1 FROM quote WHERE search @@ "
                 "to_tsquery('english', u.w) LIMIT :cap) AS s) "
                 "FROM unnest(CAST(:terms AS text[])) WITH ORDINALITY AS u(w, n)")


def word_frequencies(session: Session, sqlite: bool, terms: list[str]) -> dict[str, int]:
    """How many quotations hold each of ``terms`` (a count stops at RARE_CAP): on
    PostgreSQL from its statistics when the table has them, else counted; one or two
    round trips for any number of words."""
    terms = list(dict.fromkeys(terms))
    if not terms:
        return {}
    frequency = None if sqlite else _pg_frequency(session, terms)
    if frequency is None:
        counts, phrases = ((FTS5_COUNTS, json.dumps([_fts5(t) for t in terms])) if sqlite
                           else (PG_COUNTS, terms))
        found = session.execute(counts, {"terms": phrases, "cap": RARE_CAP}).all()
        frequency = {terms[i]: int(n or 0) for i, n in found}
    return frequency


def _pg_frequency(session: Session, terms: list[str]) -> dict[str, int] | None:
    """How many quotations hold each word, from the statistics ANALYZE keeps of the
    search column's commonest words (any other word is rare, a stop word absent): one
    query, where counting matches would read each common word's rows. None before the
    table was first analysed."""
    lexemes = dict(session.execute(PG_LEXEMES, {"terms": terms}).all())
    common = dict(session.execute(PG_COMMON, {"lexemes": list(lexemes.values())}).all())
    if not common and not session.execute(text(
            "SELECT 1 FROM pg_stats WHERE tablename = 'quote' AND attname = 'search' "
            "AND most_common_elems IS NOT NULL")).first():
        return None
    return {t: 0 if not lexemes.get(t) else max(1, int(common.get(lexemes[t], 1)))
            for t in terms}


def _fts5(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _ranked(session: Session, sqlite: bool, groups: list[list[str]], since: date | None,
            until: date | None, person_id: int | None, limit: int) -> list[int]:
    """The best ``limit`` quotations holding any group of words (all of a group)."""
    where = ["q.suppressed = :no", "q.kind != 'other'"]
    params: dict[str, object] = {"no": False}
    if since:
        where.append("q.published >= :since")
        params["since"] = since
    if until:
        where.append("q.published <= :until")
        params["until"] = until
    if person_id is not None:
        where.append("q.speaker_id = :person")
        params["person"] = person_id
    if sqlite and len(where) == 2:
        # rank in the index alone (a join would read every match's row first); the
        # few scare quotes and suppressed rows among the best are dropped when aligning
        match = _fts5_groups(groups)
        sql = ("SELECT rowid FROM quote_fts WHERE quote_fts MATCH :match "
               "ORDER BY rank LIMIT :limit")
    elif sqlite:
        match = _fts5_groups(groups)
        sql = ("SELECT q.id FROM quote_fts JOIN quote q ON q.id = quote_fts.rowid "
               f"WHERE quote_fts MATCH :match AND {' AND '.join(where)} "
               "ORDER BY quote_fts.rank LIMIT :limit")
    else:
        # ts_rank reads each match's row (the GIN index holds no positions): at most
        # PG_RANKED of a common word's matches are ranked, those stored first, so that
        # a claim of common words costs about what one of rare words does
        match = " | ".join("(" + " & ".join(group) + ")" for group in groups)
        sql = ("WITH m AS MATERIALIZED (SELECT q.id, q.search FROM quote q WHERE q.search "
               f"@@ to_tsquery('english', :match) AND {' AND '.join(where)} LIMIT :pool) "
               "SELECT id FROM m ORDER BY ts_rank(search, to_tsquery('english', :match)) "
               "DESC, id LIMIT :limit")
        params["pool"] = PG_RANKED
    params.update(match=match, limit=limit)
    return [row[0] for row in session.execute(text(sql), params)]


def _fts5_groups(groups: list[list[str]]) -> str:
    return "words : (" + " OR ".join(
        "(" + " AND ".join(_fts5(w) for w in group) + ")" for group in groups) + ")"


def real_tokens(quote: Quote) -> list[Token]:
    """A quotation's words with their offsets in its document (each part of it)."""
    import json

    found: list[Token] = []
    for start, end in json.loads(quote.parts or "[]") or [[quote.start, quote.end]]:
        found.extend(tokens(quote.text[start - quote.start:end - quote.start], offset=start))
    return found


def _aligned(session: Session, claimed: list[Token], ids: list[int],
             person_id: int | None = None) -> list[Candidate]:
    """The candidates, aligned to the claim: those sharing most of its words (a set
    overlap is cheap, an alignment is not), of the named speaker and of anyone."""
    if not ids:
        return []
    # the sentence around each quotation, not the whole article: its context
    sentence = func.substr(Document.text, col(Quote.sentence_start) + 1,
                           col(Quote.sentence_end) - col(Quote.sentence_start))
    rows = session.exec(select(Quote, Document, sentence).join(Document)
                        .where(col(Quote.id).in_(ids), col(Quote.suppressed).is_(False),
                               Quote.kind != "other")
                        .options(defer(Document.text))).all()  # type: ignore[arg-type]
    session.expunge_all()  # read after the session closes
    wanted = {t.word for t in claimed}
    # the words alone to choose by (tokens with offsets only for the chosen: they cost)
    ranked = sorted(rows, key=lambda r: -len(wanted.intersection(real_words(r[0]))))
    theirs = [r for r in ranked if person_id is not None and r[0].speaker_id == person_id]
    chosen = {id(r) for r in ranked[:ALIGNED] + theirs[:ALIGNED]}
    found = []
    for quote, document, around in (r for r in ranked if id(r) in chosen):
        real = real_tokens(quote)
        found.append(Candidate(quote, document, real, align(claimed, real),
                               sentence=around or quote.text))
    found.sort(key=lambda c: (-c.alignment.score, _when(c)))
    return found


def real_words(quote: Quote) -> set[str]:
    """The words of real_tokens(quote), folded, without their offsets."""
    import json

    return {fold(w) for start, end in json.loads(quote.parts or "[]") or [[quote.start,
                                                                            quote.end]]
            for w in WORD.findall(quote.text[start - quote.start:end - quote.start])}


def _when(candidate: Candidate) -> tuple:
    published = candidate.document.published
    return (published is None, published or date.min, candidate.quote.id)


# --- what each candidate is ----------------------------------------------------------------


def _classify(found: Gathered, differs: float, paraphrase: float) -> None:
    """Set each candidate's kind; a splice when no one quotation holds the claim."""
    candidates = found.candidates
    for candidate in candidates:
        candidate.kind, candidate.other, candidate.joined = "unrelated", None, None
        aligned = candidate.alignment
        if aligned.verbatim and candidate.quote.kind != "indirect":
            candidate.kind = "verbatim"  # reported speech is the reporter's wording
        elif aligned.score >= differs:
            candidate.kind = "differs"
    if candidates and not any(c.kind == "verbatim" for c in candidates):
        _splice(found.claimed, candidates, differs)
    if candidates and not any(c.kind in STRONG for c in candidates):
        # only now is the embedding model needed (loading it takes a second)
        from quotes.embed import decode, vectors

        if found.vector is None:
            found.vector = vectors([found.claim])[0]
        stored = decode([c.quote.embedding for c in candidates])
        for candidate, cosine in zip(candidates, stored @ found.vector, strict=True):
            candidate.cosine = round(float(cosine), 3)
            if cosine >= paraphrase:
                candidate.kind = "paraphrase"


def _splice(claimed: list[Token], candidates: list[Candidate], differs: float) -> None:
    """Two quotations joined into one claim: one candidate holds a piece of the claim,
    another the rest, and together they align better than any one alone."""
    best_score, best = max(c.alignment.score for c in candidates), None
    for one in candidates[:SPLICE_FIRST]:
        if one.alignment.covered >= SPLICE_COVERED:
            continue
        first, last = one.alignment.claimed
        piece = claimed[first:last]
        before = len(claimed) - last < first  # the rest of the claim comes first
        rest = claimed[:first] if before else claimed[last:]
        if min(len(rest), len(piece)) < SPLICE_MIN_WORDS:
            continue
        own = align(piece, one.real)
        if own.score < differs:
            continue
        for other in candidates:
            theirs = align(rest, other.real) if other is not one else None
            if theirs is not None and theirs.score >= differs:
                pieces = [(one, own, len(piece)), (other, theirs, len(rest))]
                (one_, a, n), (other_, b, m) = pieces[::-1] if before else pieces
                joined = _joined(a, b, n, m)
                if joined.score > best_score:
                    best_score, best = joined.score, (one_, other_, joined)
    if best is not None:
        one, other, joined = best
        one.kind, one.other, one.joined = "spliced", other, joined
        candidates.sort(key=lambda c: -c.shown.score)


def _joined(one: Alignment, two: Alignment, n_one: int, n_two: int) -> Alignment:
    total = n_one + n_two
    return Alignment(score=(one.score * n_one + two.score * n_two) / total,
                     covered=(one.covered * n_one + two.covered * n_two) / total,
                     verbatim=False, window=one.window, claimed=one.claimed,
                     diff=[*one.diff, ("spliced", "", "…"), *two.diff])


# --- the answer ------------------------------------------------------------------------------


def _match_json(candidate: Candidate, first_id: int | None) -> dict:
    record = quote_json(candidate.quote, candidate.document, candidate.sentence)
    found = candidate.shown
    lo, hi = found.window
    stretch = candidate.real[lo:hi]
    record.update(
        match=candidate.kind, score=round(found.score, 3), cosine=candidate.cosine,
        changes=found.changes, word_diff=word_diff(found),
        diff=[{"op": op, "claimed": said, "real": wrote} for op, said, wrote in found.diff],
        matched={"start": stretch[0].start, "end": stretch[-1].end} if stretch else None,
        excerpt=candidate.kind == "verbatim" and hi - lo < len(candidate.real),
        first=candidate.quote.id == first_id)
    record.pop("words", None)
    if candidate.other is not None:
        other = candidate.other
        record["spliced_with"] = quote_json(other.quote, other.document, other.sentence)
    return record


def _report(found: Gathered, limit: int) -> dict:
    claim, asked, person_id, name = found.claim, found.asked, found.person_id, found.person
    candidates = found.candidates
    strong = [c for c in candidates if c.kind in STRONG]
    theirs = [c for c in strong if asked is None or (
        person_id is not None and c.quote.speaker_id == person_id)]
    if theirs:
        verbatim = [c for c in theirs if c.kind == "verbatim"]
        verdict, backing = (VERBATIM, verbatim) if verbatim else (DIFFERENTLY, theirs)
    elif strong:
        verdict, backing = SOMEONE_ELSE, strong
    else:
        verdict, backing = NOT_FOUND, []
    first = min(backing, key=_when) if backing else None
    order = {"verbatim": 0, "differs": 1, "spliced": 1, "paraphrase": 2, "unrelated": 3}
    shown = sorted(candidates, key=lambda c: (c not in backing, order[c.kind],
                                              -c.shown.score, -(c.cosine or 0), _when(c)))
    # the matches that say something; with none, the closest three
    shown = [c for c in shown if c.kind != "unrelated"] or shown[:3]
    matches = [_match_json(c, first.quote.id if first else None) for c in shown[:limit]]
    return {"claim": claim, "speaker": asked, "person": name, "verdict": verdict,
            "message": _message(verdict, name or asked, backing, first, shown),
            "appearances": len(backing),
            "first": _match_json(first, first.quote.id) if first else None,
            "matches": matches}


def _who(candidate: Candidate) -> str:
    quote, document = candidate.quote, candidate.document
    role = f" ({quote.role})" if quote.role else ""
    when = document.published.isoformat() if document.published else "undated"
    return f"{quote.speaker or 'an unnamed speaker'}{role}, {document.outlet or '?'} {when}"


def _message(verdict: str, asked: str | None, backing: list[Candidate],
             first: Candidate | None, shown: list[Candidate]) -> str:
    head = VERDICTS[verdict]
    if first is None:
        closest = "; ".join(f"“{_short(c.quote.words)}” ({_who(c)}, {c.kind}, "
                            f"{c.shown.score:.2f})" for c in shown[:3])
        return f"{head}; the closest are: {closest}" if closest else f"{head}; nothing close"
    if first.kind == "spliced":
        head += " (two quotations joined)"
    count = f"{len(backing)} appearance{'s' * (len(backing) != 1)}"
    if verdict == SOMEONE_ELSE:
        return (f"{head}: not {asked}; {first.quote.speaker or 'an unnamed speaker'} said it "
                f"({count}), first {_who(first)}")
    return f"{head}: {_who(first)} first ({count})"


def _short(words: str, size: int = 80) -> str:
    return words if len(words) <= size else words[:size - 1] + "…"
