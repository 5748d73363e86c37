"""`vva eval`: load the Q&A file, run the configs, print a comparison table, write JSON and an HTML report."""

from __future__ import annotations

import json
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import ConfigError, IndexEmpty
from assistant.settings import VVASettings
from evals.configs import parse_configs
from evals.dataset import load_qa
from evals.numba_cache import use_numba_cache

DEFAULT_QA = Path(__file__).resolve().parent / "qa" / "mission_qa.jsonl"


def run_eval_command(
    settings: VVASettings,
    qa: Path | None,
    configs: str | None,
    limit: int | None,
    json_out: Path | None,
    report: Path | None,
    console: Console,
) -> None:
    """Evaluate the existing index (nothing is ingested); IndexEmpty if there is nothing to evaluate."""
    use_numba_cache(settings.data_dir / "numba-cache")  # before ranx is first imported
    from assistant.facade import build
    from evals.report import write_report
    from evals.runner import run_eval

    if limit is not None and limit < 1:
        raise ConfigError("--limit must be at least 1.")
    rows = load_qa(qa or DEFAULT_QA)[:limit]
    specs = parse_configs(configs, settings)  # fail on a bad name before any work
    if not build(settings).documents():
        raise IndexEmpty(
            f"The index in {settings.data_dir} is empty, so there is nothing to evaluate. "
            "Run `vva ingest` first (with the same VVA_DATA_DIR), then `vva eval` again."
        )
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks = {s.name: progress.add_task(s.name, total=len(rows)) for s in specs}
        run = run_eval(
            settings,
            rows,
            [s.name for s in specs],
            progress=lambda name, done, total: progress.update(tasks[name], completed=done),
        )
    seconds = time.perf_counter() - started
    console.print(results_table(run, len(rows)))
    for name, reason in run.skipped.items():
        console.print(f"[yellow]Skipped {name}:[/] {reason}")
    for config in run.configs:
        for note in config.notes:
            console.print(f"[yellow]{config.name}:[/] {note}")
    console.print(f"{len(rows)} questions × {len(run.configs)} config(s) in {seconds:.1f} s.")
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(run.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        console.print(f"JSON written to {json_out}")
    if report:
        console.print(f"Report written to {write_report(run, report)}")


def results_table(run, questions: int) -> Table:
    """Metrics as rows, configs as columns; latency percentiles of the whole answer at the bottom."""
    from evals.report import ANSWER_METRICS, METRIC_LABELS, RETRIEVAL_METRICS, fmt

    table = Table(title=f"Evaluation — {questions} questions, index {run.metadata['index_version'][:12]}")
    table.add_column("metric")
    for config in run.configs:
        table.add_column(config.name, justify="right")
    for metric in RETRIEVAL_METRICS + ANSWER_METRICS:
        table.add_row(METRIC_LABELS[metric], *(fmt(c.metrics.get(metric)) for c in run.configs))
    for pct in ("p50", "p95"):
        table.add_row(
            f"Answer latency {pct} (ms)",
            *(f"{c.latency['total'][pct]:.0f}" if "total" in c.latency else "—" for c in run.configs),
        )
    table.add_row("Run time (s)", *(f"{c.seconds:.1f}" for c in run.configs))
    return table
