"""Follow-up questions ("and who coordinates it?") made self-contained with the chat history."""

from __future__ import annotations

import re

from assistant.text import content_words, words

FOLLOWUP_START = re.compile(
    r"^\s*(and|also|what about|how about|e|ed|anche|e invece|invece|e per|e la|e il|e chi|e quando|e dove)\b",
    re.I,
)
# Pronouns that point back at an earlier topic. Italian clitics (la, lo, le, gli, ne) double as articles,
# so they are not listed: "Chi guida la delegazione?" is a new question, "E chi la coordina?" starts with "E".
REFERRING_WORDS = frozenset(
    (
        "it its they them their this that these those he she him her there "
        "esso essa essi esse suo sua suoi sue questo questa questi queste quello quella quelli quelle"
    ).split()
)


def is_followup(question: str) -> bool:
    tokens = words(question)
    return (
        bool(FOLLOWUP_START.match(question))
        or bool(set(tokens) & REFERRING_WORDS)
        or len(content_words(question)) <= 1
    )


def rewrite_followup(question: str, history: list[tuple[str, str]]) -> str | None:
    """A retrieval query that carries the previous question's topic, or None when no rewrite is needed."""
    if not history or not is_followup(question):
        return None
    previous_question = history[-1][0]
    current = set(content_words(question))
    topic = [w for w in dict.fromkeys(content_words(previous_question)) if w not in current]
    if not topic:
        return None
    return f"{question.strip()} ({' '.join(topic)})"
