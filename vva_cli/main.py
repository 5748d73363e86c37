"""`vva` commands. Each builds settings once, calls the library, and turns domain errors into one line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

import assistant  # noqa: F401  (offline switches before heavy imports)
from assistant.errors import AssistantError
from assistant.settings import VVASettings, load_settings

app = typer.Typer(
    help="Vehicle Valley Assistant: cited answers about Piedmont's mission to VTM Michigan.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

LangOption = Annotated[str | None, typer.Option("--lang", help="Only passages in this language (it|en).")]
DocTypeOption = Annotated[
    str | None,
    typer.Option("--doc-type", help="Only this doc type (press_release|mission_document|partner_profile)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _settings(**overrides: Any) -> VVASettings:
    settings = load_settings(**{k: v for k, v in overrides.items() if v is not None})
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    return settings


def friendly_errors(command: Callable) -> Callable:
    """Domain errors become one sentence on stderr and exit code 2, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AssistantError as exc:
            err_console.print(f"[bold red]Error:[/] {exc}")
            raise typer.Exit(2) from None

    return wrapper


def _filters(
    lang: str | None, doc_type: str | None, date_from: str | None = None, date_to: str | None = None
):
    from assistant.retrieve import SearchFilters

    return SearchFilters(language=lang, doc_type=doc_type, date_from=date_from, date_to=date_to)


@app.command()
@friendly_errors
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the corpus folder).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Sync files and folders into the index: add new, update changed, skip unchanged, drop removed."""
    from assistant.runtime import open_runtime
    from ingest.sync import Ingestor
    from vva_cli.render import ingest_summary

    settings = _settings()
    targets = paths or [settings.corpus_dir]
    ingestor = Ingestor(open_runtime(settings))
    if as_json:
        report = ingestor.sync(targets)
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err_console
        ) as bar:
            task = bar.add_task("ingesting", total=None)

            def progress(label: str, done: int, total: int) -> None:
                bar.update(task, description=f"ingesting {label}", completed=done, total=total)

            report = ingestor.sync(targets, progress=progress)
        ingest_summary(console, report)
    if report.failed and not (report.added or report.updated or report.unchanged):
        raise typer.Exit(1)


@app.command()
@friendly_errors
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in Italian or English.")],
    k: Annotated[int, typer.Option("-k", help="Number of passages.")] = 5,
    lang: LangOption = None,
    doc_type: DocTypeOption = None,
    mode: Annotated[str | None, typer.Option(help="dense, bm25, sparse, dense+bm25 or hybrid.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Ranked passages for a query (no answer composed)."""
    from assistant.facade import build
    from vva_cli.render import passages_table

    assistant_ = build(_settings(), retrieval_mode=mode)
    passages = assistant_.search(query, k=k, filters=_filters(lang, doc_type))
    if as_json:
        print(json.dumps({"query": query, "passages": [p.public() for p in passages]}, ensure_ascii=False))
    else:
        console.print(passages_table(passages))


@app.command()
@friendly_errors
def ask(
    question: Annotated[str | None, typer.Argument(help="The question, in Italian or English.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read one question per line; one JSON answer per line.")
    ] = None,
    lang: Annotated[str | None, typer.Option("--answer-lang", help="auto (default), it or en.")] = None,
    doc_type: DocTypeOption = None,
    backend: Annotated[str | None, typer.Option(help="extractive, local, ollama or openai.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Answer one question (or a file of questions) with cited sources."""
    from assistant.facade import build
    from vva_cli.render import answer_panel

    if (question is None) == (file is None):
        raise typer.BadParameter("give a QUESTION or --file FILE (one of them).")
    assistant_ = build(_settings(), backend=backend)
    filters = _filters(None, doc_type)
    if file is not None:
        if not file.is_file():
            raise typer.BadParameter(f"no such file: {file}")
        questions = [line.strip() for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        questions = [question or ""]
    for q in questions:
        answer = assistant_.answer(q, language=lang, filters=filters)
        if as_json or file is not None:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            answer_panel(console, answer)


@app.command()
@friendly_errors
def chat(
    backend: Annotated[str | None, typer.Option(help="extractive, local, ollama or openai.")] = None,
) -> None:
    """Interactive terminal chat with history (follow-up questions work). Empty line or Ctrl-D quits."""
    from assistant.facade import build
    from vva_cli.render import answer_panel

    assistant_ = build(_settings(), backend=backend)
    history: list[tuple[str, str]] = []
    console.print("[bold]Vehicle Valley Assistant[/] - ask in Italian or English; '/new' clears the history.")
    while True:
        try:
            question = console.input("[bold cyan]> [/]").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not question:
            break
        if question == "/new":
            history.clear()
            continue
        answer = assistant_.answer(question, history)
        answer_panel(console, answer)
        history.append((question, answer.text))


@app.command()
@friendly_errors
def status(as_json: JsonOption = False) -> None:
    """What the index holds: documents, chunks, languages, types, model, last ingest."""
    from assistant.facade import build

    info = build(_settings()).status()
    if as_json:
        print(json.dumps(info, ensure_ascii=False))
        return
    for key, value in info.items():
        console.print(f"[bold]{key}[/]: {value}")


@app.command("documents")
@friendly_errors
def list_documents(as_json: JsonOption = False) -> None:
    """List the ingested documents."""
    from dataclasses import asdict

    from assistant.facade import build

    docs = build(_settings()).documents()
    if as_json:
        print(json.dumps([asdict(d) for d in docs], ensure_ascii=False))
        return
    for d in docs:
        console.print(f"{d.doc_id:55} {d.doc_type:17} {d.language}  {d.date}  {d.chunks:3} chunks  {d.title}")


@app.command()
@friendly_errors
def remove(doc_id: Annotated[str, typer.Argument(help="The doc_id to drop (see `vva documents`).")]) -> None:
    """Remove one document from the index (the file on disk is untouched)."""
    from assistant.runtime import open_runtime
    from ingest.sync import Ingestor

    if not Ingestor(open_runtime(_settings())).remove(doc_id):
        err_console.print(f"[red]No document '{doc_id}' in the index.[/] See `vva documents`.")
        raise typer.Exit(1)
    console.print(f"Removed {doc_id}.")


@app.command()
def config(as_json: JsonOption = False) -> None:
    """Print the effective settings (defaults, .env and VVA_* variables applied)."""
    settings = _settings()
    values = json.loads(settings.model_dump_json())
    if values.get("llm_api_key"):
        values["llm_api_key"] = "***"
    if as_json:
        print(json.dumps(values, ensure_ascii=False))
        return
    for name, field in VVASettings.model_fields.items():
        console.print(f"[bold]VVA_{name.upper()}[/] = {values[name]!r}  [dim]{field.description}[/]")


@app.command()
@friendly_errors
def reset(yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False) -> None:
    """Delete the collection (chunks, manifest, lexical index) so the next ingest starts from scratch."""
    import shutil

    from assistant.store import drop_collection

    settings = _settings()
    if not yes and not typer.confirm(f"Delete collection '{settings.collection}'?"):
        raise typer.Exit(1)
    drop_collection(settings)
    shutil.rmtree(settings.lexical_dir, ignore_errors=True)
    console.print(f"Collection '{settings.collection}' deleted. Run `vva ingest` to rebuild it.")


@app.command()
@friendly_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 7860).")] = None,
) -> None:
    """Serve the Gradio chat UI."""
    from ui.app import launch

    launch(_settings(ui_host=host, ui_port=port))


@app.command("eval")
@friendly_errors
def evaluate(
    qa: Annotated[
        Path | None, typer.Option("--qa", help="Q&A JSONL file (default: evals/qa/mission_qa.jsonl).")
    ] = None,
    configs: Annotated[
        str | None,
        typer.Option("--configs", help="Comma-separated configs, e.g. dense,bm25,hybrid,hybrid+rerank."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N questions.")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write all figures to this JSON file.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a self-contained HTML report here.")
    ] = None,
) -> None:
    """Score retrieval and answers on a Q&A set; compare configurations side by side."""
    from evals.cli import run_eval_command

    run_eval_command(
        _settings(), qa=qa, configs=configs, limit=limit, json_out=json_out, report=report, console=console
    )


@app.command()
@friendly_errors
def brief(
    questions: Annotated[Path, typer.Argument(help="A text file with one question per line.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Markdown file to write.")] = Path("briefing.md"),
    title: Annotated[str, typer.Option(help="Title of the briefing.")] = "Vehicle Valley mission briefing",
) -> None:
    """Export a cited briefing (Markdown) answering a list of questions, with a numbered source list."""
    from assistant.brief import write_brief
    from assistant.facade import build

    if not questions.is_file():
        raise typer.BadParameter(f"no such file: {questions}")
    lines = [q.strip() for q in questions.read_text(encoding="utf-8").splitlines() if q.strip()]
    path = write_brief(build(_settings()), lines, out, title)
    console.print(f"Briefing written to {path}")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
