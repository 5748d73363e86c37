"""Which kind of fact a question asks for (name, place, date, figure), and whether a sentence states one.

Used to prefer informative sentences: "Who leads the delegation?" is better answered by the sentence that
names Tronzano and Favaro than by "The delegation is led by two people", although both match its words.
"""

from __future__ import annotations

import re

from assistant.text import fold, words

_KINDS = (
    ("figure", re.compile(r"^\s*(how (much|many)|quant[oiae]|a quanto)\b", re.I)),
    ("date", re.compile(r"^\s*(when|what year|in (what|which) year|quando|in (che|quale) anno)\b", re.I)),
    ("person", re.compile(r"^\s*(who|chi)\b", re.I)),
    ("name", re.compile(r"^\s*(which|where|quali|quale|dove|in quale|in che)\b", re.I)),
)
_DIGIT = re.compile(r"\d")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")
# Who-questions want people or organisations: two capitalised words in a row ("Michela Favaro").
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
    asked = set(words(question))
    pattern = _FULL_NAME if kind == "person" else _NAME
    names = {fold(w) for n in pattern.findall(sentence.lstrip("-*# ")) for w in words(n)}
    return bool(names - asked)
