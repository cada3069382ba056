"""What the learned tagger sees of each token: the word, its shape, word classes, its turn and cues.

The features are the same for every language: word classes (stop words, given names, dictionary
words, titles, organisation heads, street types, field labels, spelling words) come from the
language data, so a Spanish contact block and an English chat are described alike, and the model
learns what a name or a firm looks like from where it stands (after "Dr.", alone in a short turn,
before "Servicio de", after "zip") rather than from a list of names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp.cues import COMPANY_CUES, FIELD_LABELS, NAME_STRONG, NAME_WEAK, PHONE_CUES, POSTCODE_CUES
from nlp.lang import words
from nlp.lexicon import CITIES, COMPANY_WORDS, FIRST_NAMES, LEGAL_FORMS, NAME_PARTICLES, STOP_WORDS
from nlp.spans import TokenText
from nlp.spelling import spelling_tables
from nlp.tokens import Token
from nlp.turns import Turn
from nlp.vocabulary import dictionary_words, given_names

TITLES = words("TITLES")
ORGANISATION_HEADS = words("ORGANISATION_HEADS") | COMPANY_WORDS
STREET_WORDS = words("STREET_WORDS")
MONTHS = words("MONTHS")
_CUES = {"name": (NAME_STRONG, NAME_WEAK), "company": (COMPANY_CUES,), "postcode": (POSTCODE_CUES,),
         "phone": (PHONE_CUES,)}
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class TurnView:
    """One turn's tokens with what the tagger needs to know about where the turn stands."""

    turn: Turn
    words: TokenText
    index: int  # position among the conversation's turns
    language: str
    lowercase_text: bool
    before: str = "none"  # what the previous turn looks like (``turn_shape``): bare answers follow a pattern
    after: str = "none"

    @property
    def tokens(self) -> list[Token]:
        return self.words.tokens


def turn_features(view: TurnView) -> list[dict[str, float]]:
    """One feature dict per token of the turn (crfsuite's item format: name → value)."""
    tokens = view.tokens
    words = [token.folded for token in tokens]
    cue_after = _cue_positions(view)
    turn_level = _turn_level(view)
    token_level = [_token_level(token, word, view.language) for token, word in zip(tokens, words, strict=True)]
    features = []
    for index in range(len(words)):
        item = dict(turn_level)
        item.update(token_level[index])
        item[f"pos={_position(index, len(words))}"] = 1.0
        for offset in (-2, -1, 1, 2):
            neighbour = index + offset
            if 0 <= neighbour < len(words):
                item[f"{offset}:w={words[neighbour]}"] = 1.0
                for key in token_level[neighbour]:
                    if not key.startswith(("w=", "suf", "pre")):
                        item[f"{offset}:{key}"] = 1.0
            else:
                item[f"{offset}:edge"] = 1.0
        if index >= 2:
            item[f"-2-1={words[index - 2]}_{words[index - 1]}"] = 1.0
        for field in cue_after.get(index, ()):
            item[f"cue={field}"] = 1.0
        features.append(item)
    return features


def boundary_word(token: Token) -> bool:
    """A word that heads something else: an organisation, a street, a field label or a title."""
    word = token.folded.rstrip(".")
    return any(word in members for members in (ORGANISATION_HEADS, STREET_WORDS, FIELD_LABELS, TITLES))


def _turn_level(view: TurnView) -> dict[str, float]:
    size = len(view.tokens)
    level = {
        "bias": 1.0,
        f"turn_len={min(size, 6) if size < 10 else 'long'}": 1.0,
        f"turn_idx={min(view.index, 5)}": 1.0,
        f"role={view.turn.role}": 1.0,
        f"lang={view.language}": 1.0,
    }
    if view.lowercase_text:
        level["lowercase_text"] = 1.0
    if any(_DIGIT.search(token.text) for token in view.tokens):
        level["turn_has_digit"] = 1.0
    for field in view.turn.asked:
        level[f"asked={field}"] = 1.0
    level[f"before={view.before}"] = 1.0
    level[f"after={view.after}"] = 1.0
    return level


def turn_shape(words: TokenText | None) -> str:
    """A turn in one word: "digits" (an ID, a PIN), "short" words, "mixed" words and digits, or "long"."""
    if words is None:
        return "none"
    tokens = [token for token in words.tokens if token.is_word]
    if not tokens:
        return "empty"
    digits = sum(token.text.isdigit() for token in tokens)
    if digits == len(tokens):
        return "digits"
    if len(tokens) > 6:
        return "long"
    return "mixed" if digits else f"short{min(len(tokens), 3)}"


@lru_cache(maxsize=65536)
def _word_classes(word: str, language: str) -> tuple[str, ...]:
    classes = []
    for name, members in (("stop", STOP_WORDS), ("given", FIRST_NAMES), ("title", TITLES),
                          ("particle", NAME_PARTICLES),
                          ("org", ORGANISATION_HEADS), ("legal", LEGAL_FORMS), ("street", STREET_WORDS),
                          ("label", FIELD_LABELS), ("month", MONTHS), ("city", CITIES)):
        if word in members or word.rstrip(".") in members:
            classes.append(name)
    if word in given_names():
        classes.append("given2")
    if word in dictionary_words(language):
        classes.append("dict")
    spelling = spelling_tables(language)
    if word in spelling.alphabet:
        classes.append("spelling")
    if word in spelling.letters or (len(word) == 1 and word.isalpha()):
        classes.append("letter")
    if word in spelling.digits:
        classes.append("digitword")
    return tuple(classes)


def _token_level(token: Token, word: str, language: str) -> dict[str, float]:
    text = token.text
    level = {f"w={word}": 1.0, f"suf3={word[-3:]}": 1.0, f"suf2={word[-2:]}": 1.0, f"pre2={word[:2]}": 1.0,
             f"shape={_shape(text)}": 1.0, f"len={min(len(word), 8)}": 1.0}
    for name in _word_classes(word, language):
        level[name] = 1.0
    return level


@lru_cache(maxsize=65536)
def _shape(text: str) -> str:
    """ "Xxxx", "xxxx", "XX", "dd", "X.", "x@x": character classes, runs collapsed, at most five long."""
    shape = []
    for char in text:
        kind = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape[:5])


def _position(index: int, size: int) -> str:
    if size == 1:
        return "only"
    if index == 0:
        return "first"
    return "last" if index == size - 1 else "middle"


def _cue_positions(view: TurnView) -> dict[int, list[str]]:
    """Token index right after a cue phrase → the fields that cue introduces."""
    after: dict[int, list[str]] = {}
    for field, patterns in _CUES.items():
        for pattern in patterns:
            for _, end in view.words.cue_ends(pattern):
                after.setdefault(end, []).append(field)
    return after


def views_of(turns: list[Turn], language: str, lowercase_text: bool) -> list[TurnView]:
    """The turns as the tagger sees them, each tokenized once, with the shape of the turns around them."""
    words = [TokenText.of(turn.text, turn.start) for turn in turns]
    shapes = [turn_shape(text) for text in words]
    return [TurnView(turn, words[index], index, language, lowercase_text,
                     shapes[index - 1] if index else "none", shapes[index + 1] if index + 1 < len(turns) else "none")
            for index, turn in enumerate(turns)]
