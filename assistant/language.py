"""Language identification restricted to the product's languages (Italian and English)."""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("it", "en")

# Short questions fool statistical identifiers; these function words settle most of them.
# "a" and "in" are words of both languages, so neither list has them.
_IT_MARKERS = set(
    [
        "il",
        "lo",
        "la",
        "gli",
        "le",
        "un",
        "una",
        "che",
        "chi",
        "cosa",
        "quale",
        "quali",
        "quando",
        "dove",
        "come",
        "perché",
        "perche",
        "della",
        "delle",
        "dei",
        "degli",
        "del",
        "nel",
        "nella",
        "sono",
        "è",
        "e'",
        "ha",
        "hanno",
        "di",
        "da",
        "per",
        "con",
        "tra",
        "fra",
        "quanto",
        "quanti",
        "quante",
        "missione",
        "delegazione",
        "anche",
        "sul",
        "sulla",
        "ed",
    ]
)
_EN_MARKERS = set(
    [
        "the",
        "an",
        "who",
        "what",
        "which",
        "when",
        "where",
        "how",
        "why",
        "is",
        "are",
        "was",
        "were",
        "of",
        "for",
        "with",
        "to",
        "and",
        "does",
        "do",
        "did",
        "has",
        "have",
        "mission",
        "delegation",
        "about",
        "tell",
        "me",
        "from",
    ]
)
_WORD = re.compile(r"[\wàèéìòóù']+", re.UNICODE)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED))
    return identifier


def detect_language(text: str, default: str = "en") -> str:
    """'it' or 'en' for a question or a document."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return default
    if len(words) <= 12:
        it_hits = sum(w in _IT_MARKERS for w in words)
        en_hits = sum(w in _EN_MARKERS for w in words)
        if it_hits != en_hits:
            return "it" if it_hits > en_hits else "en"
    lang, _prob = _identifier().classify(text)
    return lang if lang in SUPPORTED else default
