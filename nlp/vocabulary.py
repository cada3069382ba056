"""Word lists the tagger reads from packages already installed: no download, no copy in the repository.

- Dictionary words: the lemmatizer's word index of the language's spaCy model (WordNet-derived for
  English, the model's own for Spanish). A word found there is less likely to be a name.
- Given names: the names of the ``nicknames`` package (English given names and their short forms).
"""

from __future__ import annotations

import csv
import importlib.util
import threading
from functools import cache
from pathlib import Path

from nlp.lang import SUPPORTED_LANGUAGES, tables_of
from nlp.tokens import fold

_lock = threading.Lock()


@cache
def dictionary_words(language: str) -> frozenset[str]:
    """The folded words of the language model's lemma index; empty when the model is not installed."""
    with _lock:
        return frozenset(fold(word) for word in _lemma_index_words(language))


def _lemma_index_words(language: str) -> set[str]:
    from spacy.lookups import Lookups

    package = tables_of(language)["SPACY_MODEL"][0] if language in SUPPORTED_LANGUAGES else ""
    spec = importlib.util.find_spec(package) if package else None
    if spec is None or spec.origin is None:
        return set()
    folders = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups"))
    if not folders:
        return set()
    tables = Lookups().from_disk(folders[0])
    if "lemma_index" not in tables.tables:
        return set()
    words: set[str] = set()
    for entries in tables.get_table("lemma_index").values():
        words.update(word for word in entries if "_" not in word)
    return words


@cache
def given_names() -> frozenset[str]:
    """Given names and nicknames ("robert", "bob", "bobby") from the ``nicknames`` package."""
    spec = importlib.util.find_spec("nicknames")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "names.csv"
    with path.open(encoding="utf-8") as rows:
        reader = csv.reader(rows)
        next(reader, None)
        return frozenset(fold(name) for row in reader for name in (row[0], row[2]) if name)
