"""Language-aware text helpers: sentence spans and BM25 tokens for Italian and English."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import Stemmer

LANG_NAMES = {"it": "italian", "en": "english"}
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_LIST_OR_HEADING = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|\|)")


def _nltk_ready() -> None:
    """Point NLTK at the punkt/stopwords data that llama-index ships (never at the network)."""
    import llama_index.core
    import nltk

    cache = str(Path(llama_index.core.__file__).parent / "_static" / "nltk_cache")
    if cache not in nltk.data.path:
        nltk.data.path.append(cache)


@lru_cache(maxsize=4)
def _punkt(lang: str):
    _nltk_ready()
    from nltk.tokenize import PunktTokenizer

    return PunktTokenizer(LANG_NAMES.get(lang, "english"))


@lru_cache(maxsize=4)
def stopwords(lang: str) -> frozenset[str]:
    _nltk_ready()
    from nltk.corpus import stopwords as nltk_stopwords

    return frozenset(fold(w) for w in nltk_stopwords.words(LANG_NAMES.get(lang, "english")))


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(LANG_NAMES.get(lang, "english"))


def fold(word: str) -> str:
    """Lower-case and strip accents, so 'perché' and 'perche' meet."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [fold(w) for w in _TOKEN.findall(text)]


def content_words(text: str) -> list[str]:
    """Words that carry meaning in either language (stopwords of both removed)."""
    stop = stopwords("it") | stopwords("en")
    return [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]


def doc_tokens(text: str, lang: str) -> list[str]:
    """BM25 tokens of a passage: content words stemmed with the passage's own language."""
    return _stemmer(lang).stemWords(content_words(text))


def query_tokens(text: str) -> list[str]:
    """BM25 tokens of a question: both stemmings, so a name or a cognate matches in either language."""
    base = content_words(text)
    tokens = dict.fromkeys(_stemmer("it").stemWords(base) + _stemmer("en").stemWords(base))
    return list(tokens)


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; list items, headings and table rows count as their own units."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            line_start = offset + (len(line) - len(line.lstrip()))
            body = line.strip()
            if _LIST_OR_HEADING.match(line):
                spans.append((line_start, line_start + len(body)))
            else:
                for start, end in _punkt(lang).span_tokenize(body):
                    spans.append((line_start + start, line_start + end))
        offset += len(line)
    return spans


def is_heading(sentence: str) -> bool:
    return sentence.lstrip().startswith("#")


def strip_markup(sentence: str) -> str:
    """A sentence as plain prose: no heading hashes, bullets, emphasis or table pipes."""
    text = re.sub(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)", "", sentence)
    text = re.sub(r"^\*\*[^*]{1,60}:\*\*\s*", "", text)  # a "**Label:**" lead-in of a fact-sheet bullet
    text = text.replace("**", "").replace("__", "").replace("|", " ")
    return re.sub(r"\s+", " ", text).strip()
