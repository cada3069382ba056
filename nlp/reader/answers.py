"""Bare answers: a short turn that is nothing but a value ("nallathambi", "casco bay lines", "kali 2214").

Chat and call logs often keep only the customer's side, so the question ("your name?", "and the
company?") is gone and the answer stands alone. A short turn, past any lead-in ("this is", "company
name is") and up to the first number or "and", is proposed for every field the reader ranks; the
ranker decides from where the turn stands and what its words look like which field, if any, it
answers.
"""

from __future__ import annotations

from nlp.candidates import Candidate
from nlp.cues import COMPANY_CUES, NAME_STRONG, NAME_WEAK
from nlp.lang import words
from nlp.lexicon import FILLERS, YES_WORDS
from nlp.reader.features import TurnView
from nlp.tokens import Token

BARE_ANSWER_SOURCE = "bare_answer"
MAX_ANSWER_WORDS = 4
MAX_TURN_WORDS = 8  # longer turns are sentences, read by the cues and the tagger
_LEAD_INS = (NAME_STRONG, NAME_WEAK, COMPANY_CUES)
_STOPS_AFTER = words("ANSWER_STOPS")
_ANSWERED_FIELDS = ("name", "company")
_CONFIDENCE = 0.3  # structure alone; the ranker weighs it


def bare_answers(views: list[TurnView]) -> list[Candidate]:
    """One candidate per short turn and field: the words of the turn that may be the answer."""
    found = []
    for view in views:
        words = [token for token in view.tokens if token.is_word]
        if not words or len(words) > MAX_TURN_WORDS:
            continue
        answer = _answer_words(view, words)
        if answer:
            value = " ".join(token.text for token in answer)
            found += [Candidate(field, value, answer[0].start, answer[-1].end, _CONFIDENCE, view.turn.speaker,
                                BARE_ANSWER_SOURCE) for field in _ANSWERED_FIELDS]
    return found


def _answer_words(view: TurnView, words: list[Token]) -> list[Token]:
    start = _after_lead_in(view, words)
    tokens = view.tokens
    position = next((index for index, token in enumerate(tokens) if start < len(words) and token is words[start]),
                    len(tokens))
    while position < len(tokens) and _opening(tokens[position]):
        position += 1  # "Yes, Pete Sorensen": the reply word and its comma come before the answer
    answer: list[Token] = []
    for token in tokens[position:]:
        if not token.is_word or any(char.isdigit() for char in token.text) or "@" in token.text:
            break  # "Pete Sorensen, Sorensen Lumber": punctuation ends the answer too
        if token.folded in _STOPS_AFTER:
            break
        answer.append(token)
    return answer if 0 < len(answer) <= MAX_ANSWER_WORDS else []


def _opening(token: Token) -> bool:
    return not token.is_word or token.folded in FILLERS or token.folded in YES_WORDS


def _after_lead_in(view: TurnView, words: list[Token]) -> int:
    """The index in ``words`` after a cue that opens the turn ("this is", "my company name is")."""
    first_word = words[0]
    tokens = view.tokens
    for pattern in _LEAD_INS:
        for first, after in view.words.cue_ends(pattern):
            if tokens[first] is first_word and after < len(tokens):
                following = tokens[after]
                return next((i for i, word in enumerate(words) if word is following), len(words))
    return 0
