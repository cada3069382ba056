"""spaCy NER as a fallback for names, companies and cities the cue phrases did not catch.

Only the prospect's blocks go through the model, and only when a field is
still missing: that keeps a 1,000-word transcript well under the time budget.
"""

from __future__ import annotations

from nlp.candidates import Block, Candidate
from nlp.lexicon import CITIES, COMPANY_WORDS, COUNTRIES, FILLERS, LEGAL_FORMS, NON_NAME_WORDS
from nlp.models import pipeline
from nlp.tokens import fold, is_lowercase_text

_LABELS = {"PERSON": "name", "PER": "name", "ORG": "company", "GPE": "city", "LOC": "city"}
_CONFIDENCE = {"name": 0.5, "company": 0.45, "city": 0.5}
MAX_NER_CHARS = 40_000


def entity_candidates(blocks: list[Block], language: str, wanted: set[str]) -> list[Candidate]:
    """Names, companies and cities spaCy sees in the blocks, filtered for plausibility."""
    texts = [(block, block.turn.text) for block in blocks if _may_hold_proper_nouns(block)]
    budget, selected = MAX_NER_CHARS, []
    for block, text in texts:
        if budget <= 0:
            break
        selected.append((block, text[:budget]))
        budget -= len(text)
    if not selected:
        return []
    nlp = pipeline(language)
    docs = [nlp(selected[0][1])] if len(selected) == 1 else nlp.pipe(text for _, text in selected)
    found = []
    for (block, _), doc in zip(selected, docs, strict=True):
        for entity in doc.ents:
            field = _field_for(entity.label_, entity.text)
            if field in wanted and _plausible(field, entity.text):
                start = block.turn.start + entity.start_char
                found.append(
                    Candidate(field, entity.text.strip(" .,"), start, start + len(entity.text), _CONFIDENCE[field])
                )
    return found


def _may_hold_proper_nouns(block: Block) -> bool:
    """NER finds names by their capitals: skip lower-case text, and text whose capitals are ordinary words."""
    if is_lowercase_text(block.turn.text):
        return False
    tokens = block.words.tokens
    return any(token.is_capitalized and token.folded not in NON_NAME_WORDS for token in tokens)


def _field_for(label: str, text: str) -> str | None:
    words = fold(text).split()
    if label in {"LOC", "MISC", "ORG"} and any(word in LEGAL_FORMS for word in words):
        return "company"
    if label == "LOC" and " ".join(words) not in CITIES:
        return None
    return _LABELS.get(label)


def _plausible(field: str, text: str) -> bool:
    words = [word for word in fold(text).replace(".", " ").split() if word]
    if "@" in text or not any(char.isalpha() for char in text) or (field == "name" and _has_digit(text)):
        return False
    if not words or any(word in FILLERS for word in words):
        return False
    if field == "name":
        return (
            all(word not in NON_NAME_WORDS or word in {"de", "del", "la"} for word in words)
            and not any(word in COMPANY_WORDS or word in LEGAL_FORMS for word in words)
            and all(part[:1].isupper() for part in text.split() if fold(part) not in {"de", "del", "la", "y"})
        )
    if field == "company":
        return " ".join(words) not in CITIES and words[0].strip("?!") not in NON_NAME_WORDS and text[:1].isalnum()
    if field == "city":
        return " ".join(words) not in COUNTRIES
    return True


def _has_digit(text: str) -> bool:
    """Order numbers and codes ("A77812") are nobody's name."""
    return any(char.isdigit() for char in text)
