"""Which kind of fact a question asks for (name, place, date, figure), and whether a sentence states one.

Used to prefer informative sentences: "Who leads the delegation?" is better answered by the sentence that
names Tronzano and Favaro than by "The delegation is led by two people", although both match its words.
"""

from __future__ import annotations

import re

from assistant.text import fold, stopwords, strip_markup, words

_KINDS = (
    ("figure", re.compile(r"^\s*(how (much|many)|quant[oiae]|a quanto)\b", re.I)),
    ("date", re.compile(r"^\s*(when|what year|in (what|which) year|quando|in (che|quale) anno)\b", re.I)),
    ("person", re.compile(r"^\s*(who|chi)\b", re.I)),
    ("name", re.compile(r"^\s*(which|where|quali|quale|dove|in quale|in che)\b", re.I)),
)
_DIGIT = re.compile(r"\d")
# Capitalised words after the first word of the sentence (which is capitalised anyway).
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")
# Who-questions want a person or a body: a full name ("Michela Favaro"), or a new name opening the
# sentence ("Ceipiemonte coordinates ..."); a place such as "Pontiac, Michigan" is neither.
_FULL_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")


def expected_kind(question: str) -> str | None:
    for kind, pattern in _KINDS:
        if pattern.search(question):
            return kind
    return None


def states_kind(sentence: str, kind: str | None, question: str) -> bool:
    """Does the sentence carry a fact of that kind that the question does not already contain?"""
    if kind is None:
        return False
    if kind in ("figure", "date"):
        return bool(_DIGIT.search(sentence))
    ignored = set(words(question)) | stopwords("it") | stopwords("en")
    text = strip_markup(sentence)
    if kind == "person":
        first = words(text[:1].isupper() and text.split(maxsplit=1)[0] or "")
        full_names = (set(words(n)) - ignored for n in _FULL_NAME.findall(text))
        return bool(set(first) - ignored) or any(len(new) >= 2 for new in full_names)
    return bool({fold(w) for n in _NAME.findall(text) for w in words(n)} - ignored)
