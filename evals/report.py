"""A self-contained HTML report of an EvalRun: inline CSS, charts as base64 PNG data URIs, no URLs."""

from __future__ import annotations

import base64
import io
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from evals.runner import ConfigResult, EvalRun, QuestionRecord

RETRIEVAL_METRICS = ("recall@1", "recall@3", "recall@5", "recall@10", "mrr", "ndcg@10")
ANSWER_METRICS = (
    "correctness",
    "citation_precision",
    "citation_coverage",
    "refusal_accuracy",
    "false_refusal_rate",
    "language_accuracy",
)
METRIC_LABELS = {
    "recall@1": "Recall@1",
    "recall@3": "Recall@3",
    "recall@5": "Recall@5",
    "recall@10": "Recall@10",
    "mrr": "MRR",
    "ndcg@10": "nDCG@10",
    "correctness": "Correctness (answerable)",
    "citation_precision": "Citation precision",
    "citation_coverage": "Citation coverage",
    "refusal_accuracy": "Refusal accuracy (unanswerable)",
    "false_refusal_rate": "False refusals (answerable) ↓",
    "language_accuracy": "Answer language accuracy",
}
CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%}.muted{color:#777}
.fail td{font-size:13px}
.kind{display:inline-block;background:#fde8e8;border-radius:3px;padding:0 .3rem;margin:1px}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}ol{margin:0;padding-left:1.2rem}
"""


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def write_report(run: EvalRun, path: Path) -> Path:
    """Write the report; `path` is an .html file, or a folder that receives index.html. Returns the file."""
    target = path if path.suffix.lower() in (".html", ".htm") else path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_report(run), encoding="utf-8")
    return target


def render_report(run: EvalRun) -> str:
    configs = run.configs
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Vehicle Valley Assistant — evaluation</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Vehicle Valley Assistant — evaluation</h1>",
        _subtitle(run),
        "<h2>Metrics</h2>",
        _metrics_table(configs),
        _notes(run),
    ]
    if configs:
        parts += [
            _img(
                _bar_chart(configs, RETRIEVAL_METRICS, "Retrieval (doc level, top 10)"), "retrieval metrics"
            ),
            _img(_bar_chart(configs, ANSWER_METRICS, "Answers"), "answer metrics"),
            "<h2>Latency</h2>",
            _img(_latency_chart(configs), "latency distribution"),
            _latency_table(configs),
            "<h2>Failures</h2>",
            _failure_counts(configs),
            *(_failures(c) for c in configs),
        ]
    parts += ["<h2>Run metadata</h2>", _metadata(run.metadata), "</body></html>"]
    return "\n".join(parts)


def _subtitle(run: EvalRun) -> str:
    meta = run.metadata
    return (
        f"<p class='muted'>{escape(str(meta.get('timestamp', '')))} · {len(run.configs)} config(s) · "
        f"{meta.get('questions', 0)} questions · index {escape(str(meta.get('index_version', ''))[:12])}</p>"
    )


def _metrics_table(configs: list[ConfigResult]) -> str:
    head = "".join(f"<th>{escape(c.name)}</th>" for c in configs)
    rows = "".join(
        f"<tr><th>{escape(METRIC_LABELS[m])}</th>"
        + "".join(f"<td class='num'>{fmt(c.metrics.get(m))}</td>" for c in configs)
        + "</tr>"
        for m in RETRIEVAL_METRICS + ANSWER_METRICS
    )
    return f"<table><tr><th>metric</th>{head}</tr>{rows}</table>"


def _notes(run: EvalRun) -> str:
    items = [f"<li><b>{escape(n)}</b> skipped: {escape(r)}</li>" for n, r in run.skipped.items()]
    items += [f"<li><b>{escape(c.name)}</b>: {escape(note)}</li>" for c in run.configs for note in c.notes]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _bar_chart(configs: list[ConfigResult], metrics: tuple[str, ...], title: str) -> Figure:
    fig = Figure(figsize=(11, 3.6))
    ax = fig.subplots()
    width = 0.8 / len(configs)
    for i, config in enumerate(configs):
        values = [config.metrics.get(m) or 0.0 for m in metrics]
        ax.bar([x + i * width for x in range(len(metrics))], values, width, label=config.name)
    ax.set_xticks([x + width * (len(configs) - 1) / 2 for x in range(len(metrics))])
    ax.set_xticklabels([METRIC_LABELS[m].replace(" (", "\n(") for m in metrics], fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def _latency_chart(configs: list[ConfigResult]) -> Figure:
    fig = Figure(figsize=(11, 3.6))
    ax = fig.subplots()
    totals = [[r.answer["timings_ms"].get("total", 0.0) for r in c.records] for c in configs]
    ax.boxplot(totals, showfliers=True)
    ax.set_xticks(range(1, len(configs) + 1), [c.name for c in configs])
    ax.set_yscale("log")
    ax.set_ylabel("total ms per answer (log)")
    ax.set_title("Answer latency distribution")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def _img(fig: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='{escape(alt)}' src='data:image/png;base64,{data}'>"


def _latency_table(configs: list[ConfigResult]) -> str:
    stages = list(dict.fromkeys(s for c in configs for s in c.latency))
    head = "".join(f"<th>{escape(s)} p50</th><th>{escape(s)} p95</th>" for s in stages)
    rows = ""
    for c in configs:
        cells = "".join(
            f"<td class='num'>{c.latency[s]['p50']:.1f}</td><td class='num'>{c.latency[s]['p95']:.1f}</td>"
            if s in c.latency
            else "<td>—</td><td>—</td>"
            for s in stages
        )
        rows += f"<tr><th>{escape(c.name)}</th>{cells}</tr>"
    return f"<p class='muted'>milliseconds</p><table><tr><th>config</th>{head}</tr>{rows}</table>"


def _failure_counts(configs: list[ConfigResult]) -> str:
    counts = {c.name: Counter(f["kind"] for r in c.records for f in r.failures) for c in configs}
    kinds = sorted({k for counter in counts.values() for k in counter})
    if not kinds:
        return "<p>No failures.</p>"
    head = "".join(f"<th>{escape(c.name)}</th>" for c in configs)
    rows = "".join(
        f"<tr><th>{escape(k)}</th>"
        + "".join(f"<td class='num'>{counts[c.name][k]}</td>" for c in configs)
        + "</tr>"
        for k in kinds
    )
    return f"<table><tr><th>failure kind (questions)</th>{head}</tr>{rows}</table>"


def _failures(config: ConfigResult) -> str:
    failed = [r for r in config.records if r.failures]
    rows = "".join(_failure_row(r) for r in failed)
    return (
        f"<details><summary>{escape(config.name)}: {len(failed)} of {len(config.records)} questions "
        "with a problem</summary><table class='fail'><tr><th>id</th><th>question</th><th>expected</th>"
        f"<th>answer and citations</th><th>why</th></tr>{rows}</table></details>"
    )


def _failure_row(record: QuestionRecord) -> str:
    if record.answerable:
        expected = " AND ".join("(" + " | ".join(escape(a) for a in g) + ")" for g in record.must)
    else:
        expected = "<i>a refusal (not in the documents)</i>"
    answer = record.answer
    citations = "".join(
        f"<li>[{c['n']}] <code>{escape(c['doc_id'])}</code> — {escape(c['snippet'])}</li>"
        for c in answer["citations"]
    )
    refused = " <span class='muted'>(refused)</span>" if record.refused else ""
    why = "".join(
        f"<span class='kind'>{escape(f['kind'])}</span> {escape(f['detail'])}<br>" for f in record.failures
    )
    retrieved = ", ".join(
        f"<b>{escape(d)}</b>" if d in record.gold_doc_ids else escape(d) for d in record.retrieved_doc_ids[:5]
    )
    follows = (
        f"<br><span class='muted'>follow-up of {escape(record.follows)}</span>" if record.follows else ""
    )
    return (
        f"<tr><td>{escape(record.id)} ({record.lang})</td><td>{escape(record.question)}{follows}</td>"
        f"<td>{expected}</td><td>{escape(answer['answer'])}{refused}<ol>{citations}</ol></td>"
        f"<td>{why}<span class='muted'>top docs (gold in bold): {retrieved}</span></td></tr>"
    )


def _metadata(metadata: dict[str, Any]) -> str:
    rows = ""
    for key, value in metadata.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        rows += f"<tr><th>{escape(str(key))}</th><td>{escape(str(value))}</td></tr>"
    return f"<table>{rows}</table>"
