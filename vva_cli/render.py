"""Terminal rendering of answers, passages and reports (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from assistant.types import Answer, IngestReport, Passage


def answer_panel(console: Console, answer: Answer) -> None:
    style = "yellow" if answer.refused else "green"
    title = "Not in the documents" if answer.refused else f"Answer ({answer.language})"
    for notice in answer.notices:
        console.print(f"[bold magenta]Notice:[/] {notice}")
    console.print(Panel(Text(answer.text), title=title, border_style=style))
    for c in answer.citations:
        console.print(
            f"  [bold][{c.n}][/] {c.title} [dim]({c.doc_type}, {c.language}, {c.date}) {c.source}[/]"
        )
        console.print(f"      [italic]{c.snippet.strip()}[/]")


def passages_table(passages: list[Passage]) -> Table:
    table = Table(show_lines=True)
    for column in ("#", "score", "document", "lang", "type", "text"):
        table.add_column(column)
    for i, p in enumerate(passages, start=1):
        text = p.text if len(p.text) < 300 else p.text[:297] + "..."
        table.add_row(
            str(i), f"{p.score:.4f}", f"{p.title}\n[dim]{p.doc_id}[/]", p.language, p.doc_type, text
        )
    return table


def ingest_summary(console: Console, report: IngestReport) -> None:
    console.print(
        f"[green]added {report.added}[/], updated {report.updated}, unchanged {report.unchanged}, "
        f"deleted {report.deleted}, [red]failed {len(report.failed)}[/]; {report.chunks} chunks in the index."
    )
    for failure in report.failed:
        console.print(f"[red]✗[/] {failure.path}: {failure.error}")
