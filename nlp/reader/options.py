"""The values a field may take in one conversation, each with the evidence for it, as ranker features.

Every finder proposes spans; the same value said three times (a caller repeating their name, a
postcode read out again) is one *option* with three mentions. An option's features say who
proposed it (which rule, the tagger, a format matcher) and how strongly, how often and where it
was said, whether a spelling confirms it, and what its words look like. The ranker weighs them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers
from rapidfuzz import fuzz

from nlp.candidates import Candidate
from nlp.cues import (
    CITY_CUES,
    COMPANY_CUES,
    CORRECTION_CUES,
    FIELD_LABELS,
    INTEREST_CUES,
    JOB_CUES,
    NAME_STRONG,
    NAME_WEAK,
    PHONE_CUES,
    POSTCODE_CUES,
)
from nlp.lexicon import FIRST_NAMES, STOP_WORDS
from nlp.reader.answers import BARE_ANSWER_SOURCE
from nlp.reader.features import ORGANISATION_HEADS, STREET_WORDS, TITLES, TurnView
from nlp.reader.tagger import TurnTagging
from nlp.spelling import spelled_runs
from nlp.tokens import Token, fold, is_lowercase_text, tokenize
from nlp.vocabulary import dictionary_words, given_names

TAGGER_SOURCE = "tagger"
TAGGER_SPLIT_SOURCE = "tagger.split"
_TAGGER_SOURCES = (TAGGER_SOURCE, TAGGER_SPLIT_SOURCE)
_NOT_RULES = (*_TAGGER_SOURCES, BARE_ANSWER_SOURCE)  # evidence that is no finder's judgement
RANKED_FIELDS = ("name", "phone", "company", "postcode")  # in FIELDS order: a later field never takes a chosen value
_KEY_NOISE = re.compile(r"[^\w]+")
_COMPACT_FIELDS = ("postcode", "phone")
_MIN_SPELLED_LETTERS = 3
UNVERIFIED = "unverified"  # a phone no numbering plan confirms (``contact_points.read_number``)
CORRECTED = "after_correction"  # the context of a mention right after a correction cue ("sorry, it's …")
STRONG_RULE = 0.85
MEDIUM_RULE = 0.65


@dataclass
class Mention:
    """One place an option's value was proposed."""

    source: str
    confidence: float
    start: int
    end: int
    tagger_support: float
    turn_index: int
    speaker: str | None
    context: tuple[str, ...] = ()  # where it stands: what follows it, the turns around it (``mention_context``)


@dataclass
class Option:
    """One value of a field and every mention of it."""

    field: str
    key: str
    value: str
    mentions: list[Mention] = field(default_factory=list)
    rule_choice: bool = False

    @property
    def last(self) -> Mention:
        return max(self.mentions, key=lambda mention: mention.start)

    def candidate(self) -> Candidate:
        """The option as the extractor reports it: its latest mention's span (corrections come last)."""
        mention = self.last
        return Candidate(self.field, self.value, mention.start, mention.end, mention.confidence, mention.speaker,
                         mention.source, verified=UNVERIFIED not in mention.context)


def option_key(field_name: str, value: str) -> str:
    """Values that read the same are one option: case, accents and punctuation do not count (nor spaces
    inside a postcode: "625 110" is "625110")."""
    key = _KEY_NOISE.sub(" ", fold(value)).strip()
    return key.replace(" ", "") if field_name in _COMPACT_FIELDS else key


def collect_options(field_name: str, candidates: Iterable[Candidate], taggings: list[TurnTagging],
                    rule_choice: Candidate | None) -> list[Option]:
    """Group the rules' candidates and the tagger's spans for ``field_name`` into options."""
    options: dict[str, Option] = {}
    locator = _TokenLocator(taggings)
    for candidate in candidates:
        if candidate.field != field_name:
            continue
        support, turn_index, context = locator.locate(field_name, candidate.start, candidate.end)
        if not candidate.verified:
            context += (UNVERIFIED,)
        _add(options, field_name, candidate.value, Mention(candidate.source or "rules", candidate.confidence,
                                                           candidate.start, candidate.end, support, turn_index,
                                                           candidate.speaker, context))
    for tagging in taggings:
        for span in tagging.spans:
            edges = _trimmed(tagging.view, span.first, span.last) if span.field == field_name else None
            if edges is None:
                continue
            first, last = edges
            tokens = tagging.view.tokens[first : last + 1]
            turn = tagging.view.turn
            value = turn.text[tokens[0].start - turn.start : tokens[-1].end - turn.start]  # as written: "A. Moretti"
            source = TAGGER_SPLIT_SOURCE if span.split else TAGGER_SOURCE
            context = mention_context(tagging.view, first, last, len(taggings))
            _add(options, field_name, value, Mention(source, span.probability, tokens[0].start, tokens[-1].end,
                                                     span.probability, tagging.view.index, turn.speaker, context))
    if rule_choice is not None:
        chosen = options.get(option_key(field_name, rule_choice.value))
        if chosen:
            chosen.rule_choice = True
    return [option for option in options.values() if option.key]


def _trimmed(view: TurnView, first: int, last: int) -> tuple[int, int] | None:
    """A tagged span without the small words and punctuation at its edges ("de Talleres Ruiz S.L." is the
    firm after its cue's last word); None when nothing is left."""
    tokens = view.tokens
    while first <= last and _edge_noise(tokens[first]):
        first += 1
    while last >= first and _edge_noise(tokens[last]) and tokens[last].text != ".":
        last -= 1
    return (first, last) if first <= last else None


def _edge_noise(token: Token) -> bool:
    return not token.is_word or token.folded in STOP_WORDS


def _add(options: dict[str, Option], field_name: str, value: str, mention: Mention) -> None:
    key = option_key(field_name, value)
    option = options.setdefault(key, Option(field_name, key, value))
    if mention.source not in _NOT_RULES and all(m.source in _NOT_RULES for m in option.mentions):
        option.value = value  # a rule's value is normalized (a postcode's spacing, a name's surname joined)
    option.mentions.append(mention)


class _TokenLocator:
    """Finds the tagged turn and tokens under a character span, for the tagger's view of any candidate."""

    def __init__(self, taggings: list[TurnTagging]) -> None:
        self.taggings = taggings

    def locate(self, field_name: str, start: int, end: int) -> tuple[float, int, tuple[str, ...]]:
        """The tagger's support for a span, the index of its turn, and where it stands."""
        for tagging in self.taggings:
            tokens = tagging.view.tokens
            if not tokens or end <= tokens[0].start or start >= tokens[-1].end:
                continue
            inside = [i for i, token in enumerate(tokens) if token.start < end and start < token.end]
            if inside:
                return (tagging.support(field_name, inside[0], inside[-1]), tagging.view.index,
                        mention_context(tagging.view, inside[0], inside[-1], len(self.taggings)))
        return 0.0, -1, ()


def mention_context(view: TurnView, first: int, last: int, turns: int) -> tuple[str, ...]:
    """Where a mention stands: what follows and precedes it, its turn's size and place, the turns around."""
    words = sum(token.is_word for token in view.tokens)
    place = "first" if view.index == 0 else "last" if view.index == turns - 1 else "early" if view.index < 3 else "late"
    context = (f"follows={next_token_kind(view.tokens, last + 1)}", f"preceded={_kind_before(view.tokens, first)}",
               f"turn_words={min(words, 5)}", f"turn_place={place}", f"before={view.before}", f"after={view.after}",
               f"covers_turn={last - first + 1 >= words}")
    if CORRECTION_CUES.search(view.words.window_before(first, _CORRECTION_WINDOW)):
        context += (CORRECTED,)  # "Sorry, Shawn with a W": a value said again, righted
    return context + tuple(f"cue={kind}" for kind in cues_ending_at(view, first))


_CUE_KINDS = {"name": (NAME_STRONG, NAME_WEAK), "company": (COMPANY_CUES,), "interest": (INTEREST_CUES,),
              "city": (CITY_CUES,), "job": (JOB_CUES,), "postcode": (POSTCODE_CUES,), "phone": (PHONE_CUES,)}


def cues_ending_at(view: TurnView, index: int) -> list[str]:
    """The kinds of cue phrase that end right before token ``index``: "we're looking at fleet insurance" is an
    interest, "I work at Initech" a firm."""
    return [kind for kind, patterns in _CUE_KINDS.items()
            if any(after == index for pattern in patterns for _, after in view.words.cue_ends(pattern))]


_CORRECTION_WINDOW = 6


def _kind_before(tokens: list[Token], index: int) -> str:
    return "start" if index == 0 else next_token_kind(tokens, index - 1)


def next_token_kind(tokens: list[Token], index: int) -> str:
    """The kind of word at ``index``: where a span stops says whether it stopped at a boundary."""
    if index >= len(tokens):
        return "end"
    token = tokens[index]
    word = token.folded.rstrip(".")
    for kind, members in (("org", ORGANISATION_HEADS), ("street", STREET_WORDS), ("title", TITLES),
                          ("label", FIELD_LABELS)):
        if word in members:
            return kind
    if not token.is_word:
        return "punct"
    if any(char.isdigit() for char in token.text):
        return "digit"
    return "capitalized" if token.is_capitalized else "lower"


@dataclass(frozen=True)
class ConversationFacts:
    """What every option's features need to know about the conversation, worked out once."""

    length: int
    language: str
    lowercase_text: bool
    dialogue: bool  # the agent's turns are there too, so the rules can read questions and answers
    spelled: tuple[tuple[int, str], ...]  # (start, letters) of every spelled run
    words: frozenset[str]  # what the conversation is about: whether a field is there at all depends on it

    @classmethod
    def of(cls, text: str, language: str, dialogue: bool) -> ConversationFacts:
        tokens = tokenize(text)
        runs = spelled_runs(tokens, language, min_positions=_MIN_SPELLED_LETTERS)
        spelled = tuple((run.start, run.letters().lower()) for run in runs)
        words = frozenset(token.folded for token in tokens if token.is_word and not token.text.isdigit())
        return cls(len(text), language, is_lowercase_text(text), dialogue,
                   tuple(item for item in spelled if len(item[1]) >= _MIN_SPELLED_LETTERS), words)


TOPIC_PREFIX = "topic:"


def topic_features(facts: ConversationFacts) -> dict[str, float]:
    """The conversation's words, the same for all of a field's options: a prior on whether the field was
    given at all (an IT-support chat names a firm, a pizza order does not). The ranker's weights keep only
    words seen in enough development conversations (``scripts/train_reader.py``)."""
    return {f"{TOPIC_PREFIX}{word}": 1.0 for word in facts.words}


def option_features(option: Option, options: list[Option], facts: ConversationFacts) -> dict[str, float]:
    """The evidence for one option, as named numbers (the ranker's weights use the same names)."""
    mentions = option.mentions
    rules = [m for m in mentions if m.source not in _NOT_RULES]
    tagged = [m for m in mentions if m.source in _TAGGER_SOURCES]
    all_mentions = sum(len(other.mentions) for other in options)
    rule_max = rule_strength(option)
    others_rule_max = max((rule_strength(other) for other in options if other is not option), default=0.0)
    features = {
        "rule_max": rule_max,
        "rule_margin": rule_max - others_rule_max,
        "rule_choice": float(option.rule_choice),
        "rule_choice_strength": option.rule_choice * rule_max,
        "rule_choice_in_dialogue": float(option.rule_choice and facts.dialogue),
        "dialogue": float(facts.dialogue),
        "extends_other": float(any(_extends(option, other) for other in options if other is not option)),
        "inside_other": float(any(_extends(other, option) for other in options if other is not option)),
        "tagger_max": max((m.confidence for m in tagged), default=0.0),
        "tagger_support": max((m.tagger_support for m in mentions), default=0.0),
        "mentions_log": math.log1p(len(mentions)),
        "turns_log": math.log1p(len({m.turn_index for m in mentions})),
        "share": len(mentions) / all_mentions if all_mentions else 0.0,
        "only_option": float(len(options) == 1),
        "lowercase_text": float(facts.lowercase_text),
        "spanish": float(facts.language == "es"),
        "last_position": option.last.end / max(facts.length, 1),
    }
    for source in {m.source for m in mentions}:
        features[f"src={source}"] = 1.0
    for context in {item for m in mentions for item in m.context}:
        features[context] = 1.0
    for mention in rules:
        features[f"src={mention.source}@{_strength(mention.confidence)}"] = 1.0
    if rules and tagged:
        features["rules_and_tagger"] = 1.0
    features.update(_value_features(option))
    if option.field == "name":
        features["spelled_match"] = spelled_match(option.value, facts.spelled, option.mentions[0].start)
    return _by_regime(features, facts)


def _by_regime(features: dict[str, float], facts: ConversationFacts) -> dict[str, float]:
    """Every feature twice: once shared, once for its regime (a dialogue with the agent's turns, or the
    prospect's words alone), so the ranker learns where rules that read questions and answers are
    trustworthy and where only the tagger sees anything ("frustratingly easy" domain adaptation)."""
    regime = "dialogue" if facts.dialogue else "monologue"
    regional = {f"{regime}:{name}": value for name, value in features.items()}
    return features | regional


def _strength(confidence: float) -> str:
    """A rule's confidence says which cue it read ("my name is" 0.9, "i'm" 0.75, a bare answer 0.5):
    in bands, the ranker can weigh each kind of cue on its own."""
    if confidence >= STRONG_RULE:
        return "strong"
    return "medium" if confidence >= MEDIUM_RULE else "weak"


def rule_strength(option: Option) -> float:
    """The highest confidence any rule gave the option: how strongly a cue stated it (0 when no rule did)."""
    return max((m.confidence for m in option.mentions if m.source not in _NOT_RULES), default=0.0)


def _extends(longer: Option, shorter: Option) -> bool:
    """ "María del Carmen García de la Fuente" extends "María del Carmen" said at the same place."""
    return len(longer.key) > len(shorter.key) and any(
        outer.start <= inner.start and inner.end <= outer.end
        for outer in longer.mentions for inner in shorter.mentions)


def _value_features(option: Option) -> dict[str, float]:
    words = option.key.split()
    if not words:
        return {}
    size = min(len(words), 4)
    language_words = dictionary_words("en") | dictionary_words("es")
    features = {
        f"words={size}": 1.0,
        "dictionary_share": sum(word in language_words for word in words) / len(words),
        "stop_share": sum(word in STOP_WORDS for word in words) / len(words),
        "has_digit": float(any(char.isdigit() for char in option.key)),
        "given_first": float(words[0] in FIRST_NAMES or words[0] in given_names()),
        "org_word": float(any(word in ORGANISATION_HEADS for word in words)),
        "title_word": float(any(word in TITLES for word in words)),
        "street_word": float(any(word in STREET_WORDS for word in words)),
        "capitalized": float(option.value[:1].isupper()),
    }
    if option.field == "postcode":
        features[f"postcode_len={min(len(option.key), 9)}"] = 1.0
        features["postcode_letters"] = float(any(char.isalpha() for char in option.key))
    if option.field == "phone":
        features[f"phone_digits={min(len(national_digits(option.value)), 13)}"] = 1.0
        features["placed"] = float(option.value.startswith("+"))  # a country's plan holds it (or was hinted)
    return features


def national_digits(phone: str) -> str:
    """The national number of an E.164 phone ("+918056766191" → "8056766191"), or the digits as said."""
    if phone.startswith("+"):
        try:
            return str(phonenumbers.parse(phone).national_number)
        except phonenumbers.NumberParseException:
            pass
    return "".join(char for char in phone if char.isdigit())


def spelled_match(value: str, spelled: tuple[tuple[int, str], ...], after: int) -> float:
    """How well letters spelled after the name ("m a u r i c e") match one of its words, or all of it, 0–1."""
    letters = [run for start, run in spelled if start >= after]
    if not letters:
        return 0.0
    words = option_key("name", value).split()
    targets = [*words, "".join(words)]
    return max(fuzz.ratio(run, target) for run in letters for target in targets) / 100
