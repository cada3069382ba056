"""spaCy pipelines: loaded once per process, lazily, NER only.

Extraction needs entities, not parses, so the parser, tagger and lemmatizer
are excluded: that is most of the time spaCy would otherwise spend. A lock
makes the first load safe when several threads extract at once.
"""

from __future__ import annotations

import threading
import warnings

import spacy
from spacy.language import Language

from nlp.lang import SUPPORTED_LANGUAGES, tables_of

# Language → (spaCy model name, pip package), from each language's SPACY_MODEL table.
MODEL_PACKAGES = {code: tuple(tables_of(code)["SPACY_MODEL"]) for code in SUPPORTED_LANGUAGES}
UNUSED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer", "senter"]


class ModelNotInstalled(RuntimeError):
    """A spaCy model package is missing; the message names the package to install."""

    def __init__(self, language: str, package: str) -> None:
        super().__init__(
            f"The spaCy model for {language!r} is not installed: pip install {package} "
            "(Captura never downloads models at run time)."
        )
        self.package = package


_pipelines: dict[str, Language] = {}
_lock = threading.Lock()


def pipeline(language: str) -> Language:
    """The NER pipeline for ``language`` ("es" or "en"), loaded on first use."""
    loaded = _pipelines.get(language)
    if loaded is not None:
        return loaded
    with _lock:
        if language not in _pipelines:
            _pipelines[language] = _load(language)
    return _pipelines[language]


def _load(language: str) -> Language:
    model_name, package = MODEL_PACKAGES[language]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return spacy.load(model_name, exclude=UNUSED_PIPES)
        except OSError as error:
            raise ModelNotInstalled(language, package) from error
