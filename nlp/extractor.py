"""``extract``: the best value per field from a conversation, with its evidence.

The flow: split turns and decide roles, search the prospect's blocks with
every finder (cue phrases, spoken forms, validated contact points, postcodes),
fall back to NER only for what is still missing, drop anything the agent owns,
and let the learned tagger read the prospect's turns (``gather_evidence``).
Then, per field, the learned ranker chooses among the values found where it
has a model (name, company, postcode), and the highest-scoring candidate wins
elsewhere (later wins a tie, because corrections come after the mistake).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise

from rapidfuzz import fuzz

from nlp.candidates import Block, Candidate
from nlp.consent import detect_consent
from nlp.contact_points import context_regions, corrected_domain, find_emails, find_phones
from nlp.entities import entity_candidates
from nlp.findings import FIELDS, Extraction, ExtractionInputTooLarge, Finding
from nlp.interest import find_interest
from nlp.job_titles import find_job_titles
from nlp.lang import alternation, cue
from nlp.language import resolve_language
from nlp.lexicon import COMPANY_WORDS, LEGAL_FORMS, NON_NAME_WORDS
from nlp.organizations import (
    agent_companies,
    company_key,
    domain_label,
    find_companies,
    plausible_company,
    with_domain_companies,
)
from nlp.people import find_names, names_someone_else, same_first_name
from nlp.places import find_cities, in_a_move
from nlp.postcodes import find_postcodes
from nlp.reader.answers import bare_answers
from nlp.reader.features import views_of
from nlp.reader.options import ConversationFacts, Option, collect_options
from nlp.reader.ranker import Ranker, shared_ranker
from nlp.reader.tagger import Tagger, TurnTagging, shared_tagger
from nlp.signatures import find_signature_fields
from nlp.spans import TokenText
from nlp.spoken import MAIL_PROVIDERS
from nlp.tokens import fold, is_lowercase_text
from nlp.turns import AGENT, PROSPECT, Conversation, split_conversation

MAX_INPUT_CHARS = 200_000
MAX_WORD_CHARS = 320  # an email is at most 254 characters; nothing we extract is longer
"""Hard limit: a chat or a call transcript of a few hours fits; anything larger is refused at once."""

_FINDERS: tuple[Callable[[Block], list[Candidate]], ...] = (
    find_emails,
    find_phones,
    find_names,
    find_companies,
    find_cities,
    find_job_titles,
    find_interest,
    find_signature_fields,
    find_postcodes,
)
_ROLE_WEIGHT = {PROSPECT: 1.0}
_UNKNOWN_ROLE_WEIGHT = 0.9
_NER_FIELDS = {"name", "company"}
_MIN_CONFIDENCE = 0.35


def extract(text: str, lang: str | None = None, region: str | None = None) -> Extraction:
    """Extract the prospect's contact data and consent from a chat, transcript or form text.

    ``lang`` ("es"/"en") overrides language detection; ``region`` (ISO code such
    as "ES", the deployment's country) is where a number without "+" is read
    unless the conversation points at another country (``regions_for``).
    Raises ExtractionInputTooLarge above MAX_INPUT_CHARS, ValueError for an
    unsupported language.
    """
    return gather_evidence(text, lang, region).extraction(shared_ranker())


@dataclass
class Evidence:
    """Everything the finders and the tagger saw in one conversation, before a value is chosen per field."""

    text: str
    language: str
    conversation: Conversation
    candidates: list[Candidate]
    taggings: list[TurnTagging]
    answers: list[Candidate]  # bare answers: short turns that may be a value (``nlp.reader.answers``)

    def options(self, field: str, taken: frozenset[str] = frozenset()) -> list[Option]:
        """The values ``field`` may take, each with its mentions (what the ranker chooses among), but for the
        values ``taken`` by fields already chosen ("kali" was the name, so it is not also the company)."""
        options = collect_options(field, self.candidates + self.answers, self.taggings, _best(self.candidates, field))
        return [option for option in options if option.key not in taken]

    def facts(self) -> ConversationFacts:
        dialogue = any(turn.role == AGENT for turn in self.conversation.turns)
        return ConversationFacts.of(self.text, self.language, dialogue)

    def extraction(self, ranker: Ranker) -> Extraction:
        """The best value per field: the ranker's choice where it has a model, the rules' elsewhere."""
        result = Extraction(language=self.language, consent=detect_consent(self.conversation))
        facts = self.facts() if self.taggings else None
        taken: frozenset[str] = frozenset()
        for field in FIELDS:
            if facts is not None and ranker.covers(field):
                chosen = ranker.choose(self.options(field, taken), facts)
                best = chosen[0].candidate() if chosen else None
                taken |= {chosen[0].key} if chosen else set()
            else:
                best = _best(self.candidates, field)
            if best and field == "email":
                best = _with_domain_correction(best, self._prospect_blocks())
            if best and field == "name":
                best = _with_earlier_surname(best, self.candidates)
            if best:
                setattr(result, field, _finding(best, self.text))
        return result

    def _prospect_blocks(self) -> list[Block]:
        return [block for block in _blocks(self.conversation, self.language, None, ()) if block.turn.role != AGENT]


def gather_evidence(text: str, lang: str | None = None, region: str | None = None,
                    tagger: Tagger | None = None) -> Evidence:
    """Every candidate the rules find and the tagger's reading of every turn (``tagger`` for training)."""
    if not isinstance(text, str):
        raise TypeError("extract() takes the text as a str")
    if len(text) > MAX_INPUT_CHARS:
        raise ExtractionInputTooLarge(len(text), MAX_INPUT_CHARS)
    text = _without_runaway_words(_encodable(text))
    language = resolve_language(text, lang)
    conversation = split_conversation(text)
    blocks = _blocks(conversation, language, region, context_regions(text, language))
    candidates = _rule_candidates(blocks, text, language)
    tagger = tagger or shared_tagger()
    views = views_of([turn for turn in conversation.turns if turn.role != AGENT], language, is_lowercase_text(text))
    return Evidence(text, language, conversation, candidates, tagger.tag(views), bare_answers(views))


def _blocks(conversation: Conversation, language: str, region: str | None, hints: tuple[str, ...]) -> list[Block]:
    return [Block(turn, TokenText.of(turn.text, turn.start), language, region, hints)
            for turn in conversation.blocks()]


def _rule_candidates(blocks: list[Block], text: str, language: str) -> list[Candidate]:
    """The finders' candidates, cleaned: agent-owned values, third parties and implausible firms removed."""
    prospect_blocks = [block for block in blocks if block.turn.role != AGENT]
    candidates = _candidates(prospect_blocks) + _names_in_labels(prospect_blocks, text) + _confirmed_read_backs(blocks)
    missing = _NER_FIELDS - {candidate.field for candidate in candidates}
    if missing:
        wanted = missing | ({"city"} - {candidate.field for candidate in candidates})
        entities = _weighted(entity_candidates(prospect_blocks, language, wanted), prospect_blocks, "entity")
        entities = [c for c in entities if c.field != "city" or not in_a_move(_block_of(c, prospect_blocks), c)]
        candidates = _without_overlaps(candidates + entities)
    candidates = _without_agent_values(candidates, [block for block in blocks if block.turn.role == AGENT])
    candidates = _without_third_parties(candidates, text)
    candidates = [c for c in candidates if c.field != "company" or plausible_company(c.value)]
    candidates = _with_surnames(candidates)
    return _with_firm_of_the_email(candidates, prospect_blocks)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_RUNAWAY_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


def _without_runaway_words(text: str) -> str:
    """Blank, one space per character so spans hold, any "word" longer than any email or URL we read.

    A base64 blob or a key held down produces words of thousands of characters,
    on which the pattern matchers would spend seconds for nothing.
    """
    return _RUNAWAY_WORD.sub(lambda match: " " * len(match.group(0)), text)


def _encodable(text: str) -> str:
    """Lone surrogates (broken UTF-16 from some exporters) become U+FFFD, one for one, so spans hold."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _candidates(blocks: list[Block]) -> list[Candidate]:
    found: list[Candidate] = []
    for block in blocks:
        block_candidates: list[Candidate] = []
        for finder in _FINDERS:
            block_candidates += [c if c.source else replace(c, source=finder.__name__) for c in finder(block)]
        found += _weighted(block_candidates, [block])
    return _without_overlaps(found)


_LABEL_NAME = re.compile(r"[^\W\d_][\w'’-]+(?: [^\W\d_][\w'’-]+){1,3}")
_LABEL_NAME_CONFIDENCE = 0.6  # below any name the person says; enough when they say none
_NOT_IN_A_LABEL_NAME = NON_NAME_WORDS | COMPANY_WORDS | LEGAL_FORMS


def _names_in_labels(blocks: list[Block], text: str) -> list[Candidate]:
    """Chat exports label the customer's turns with their name: "Jordan Leblanc: hey! do you guys…"."""
    found = []
    for block in blocks:
        speaker = block.turn.speaker or ""
        words = speaker.split()
        if block.turn.role != PROSPECT or not _LABEL_NAME.fullmatch(speaker) or not all(w[:1].isupper() for w in words):
            continue
        if any(fold(word) in _NOT_IN_A_LABEL_NAME for word in words):
            continue
        start = text.rfind(speaker, 0, block.turn.start)
        if start >= 0:
            found.append(Candidate("name", speaker, start, start + len(speaker), _LABEL_NAME_CONFIDENCE, speaker,
                                   "label"))
    return found[:1]


_READ_BACK = cue("read_back")
_AGREEMENT = re.compile(rf"^\W*{alternation('agreement')}\b")
_READ_BACK_CONFIDENCE = 0.6  # below anything the prospect says in their own words


def _confirmed_read_backs(blocks: list[Block]) -> list[Candidate]:
    """ "Can I confirm the best number is 406-587-2290?" — "yes thats right": the number is the prospect's."""
    found = []
    for block, answer in pairwise(blocks):
        if block.turn.role != AGENT or answer.turn.role == AGENT or "?" not in block.turn.text:
            continue
        if not (_READ_BACK.search(fold(block.turn.text)) and _AGREEMENT.search(fold(answer.turn.text))):
            continue
        for candidate in find_phones(block) + find_emails(block):
            found.append(replace(candidate, confidence=_READ_BACK_CONFIDENCE, speaker=answer.turn.speaker,
                                 source="read_back"))
    return found


def _weighted(candidates: list[Candidate], blocks: list[Block], source: str = "") -> list[Candidate]:
    """Attach the speaker and scale confidence by how sure we are the speaker is the prospect."""
    starts = [block.turn.start for block in blocks]
    weighted = []
    for candidate in candidates:
        block = blocks[max(0, bisect_right(starts, candidate.start) - 1)]
        weight = _ROLE_WEIGHT.get(block.turn.role, _UNKNOWN_ROLE_WEIGHT)
        weighted.append(replace(candidate, confidence=min(candidate.confidence * weight, 1.0),
                                speaker=block.turn.speaker, source=candidate.source or source))
    return weighted


def _block_of(candidate: Candidate, blocks: list[Block]) -> Block:
    starts = [block.turn.start for block in blocks]
    return blocks[max(0, bisect_right(starts, candidate.start) - 1)]


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """A span is one thing: a city is not also a company, a company's words are not a person.

    Of two overlapping candidates for different fields the more confident one
    stays; contact points always win over words. Interest phrases neither win
    nor lose: they may contain anything.
    """
    ordered = sorted(candidates, key=lambda c: c.start)
    beaten: set[int] = set()
    for position, candidate in enumerate(ordered):
        for other in ordered[position + 1 :]:
            if other.start >= candidate.end:
                break
            if other.field != candidate.field and "interest" not in {other.field, candidate.field}:
                loser = _loser(candidate, other)
                if loser is not None:
                    beaten.add(id(loser))
    return [c for c in candidates if id(c) not in beaten]


def _loser(first: Candidate, second: Candidate) -> Candidate | None:
    for winner, loser in ((first, second), (second, first)):
        if loser.field in {"email", "phone"}:
            continue
        if winner.field in {"email", "phone"} or winner.confidence > loser.confidence:
            return loser
    return None


def _with_surnames(candidates: list[Candidate]) -> list[Candidate]:
    """ "¿Y su apellido?" — "Aranguren": a surname given after a first name completes it."""
    surnames = [c for c in candidates if c.field == "surname"]
    if not surnames:
        return candidates
    surname = surnames[-1]
    completed = []
    for candidate in candidates:
        if candidate.field == "name" and candidate.end <= surname.start and len(candidate.value.split()) == 1:
            candidate = replace(candidate, value=f"{candidate.value} {surname.value}", end=surname.end)
        completed.append(candidate)
    return [c for c in completed if c.field != "surname"]


_BEFORE_A_NAME = 60  # characters before a name searched for whose name it is


def _with_firm_of_the_email(candidates: list[Candidate], blocks: list[Block]) -> list[Candidate]:
    """The prospect's work address names their firm (``organizations.with_domain_companies``)."""
    email = _best(candidates, "email")
    label = domain_label(email.value, MAIL_PROVIDERS) if email else None
    return with_domain_companies(candidates, blocks, label) if label else candidates


def _without_third_parties(candidates: list[Candidate], text: str) -> list[Candidate]:
    """ "my boss Morag Kerr makes the call", "mi socio Ramiro", "Learner name: Kabelo": not the prospect."""
    return [c for c in candidates
            if c.field != "name" or not names_someone_else(text[max(0, c.start - _BEFORE_A_NAME) : c.start])]


def _with_earlier_surname(name: Candidate, candidates: list[Candidate]) -> Candidate:
    """A name corrected one word at a time keeps the rest said before: "Sean Mackenzie. Sorry, Shawn with a W",
    "Sarah McEwan … sorry typo, it's McEwen with an E"."""
    if len(name.value.split()) != 1:
        return name
    for earlier in candidates:
        words = earlier.value.split()
        if earlier.field != "name" or earlier.end > name.start or len(words) < 2:
            continue
        if same_first_name(fold(name.value), fold(words[0])):
            value = " ".join([name.value, *words[1:]])
        elif same_first_name(fold(name.value), fold(words[-1])):
            value = " ".join([*words[:-1], name.value])
        else:
            continue
        return replace(name, value=value)
    return name


def _without_agent_values(candidates: list[Candidate], agent_blocks: list[Block]) -> list[Candidate]:
    """The agent's company may be repeated by the prospect ("llamo a Acme"): it is not theirs."""
    agent_keys = set().union(*(agent_companies(block) for block in agent_blocks)) if agent_blocks else set()
    agent_keys.discard("")
    if not agent_keys:
        return candidates
    return [
        c
        for c in candidates
        if c.field != "company" or not any(_same_firm(company_key(c.value), key) for key in agent_keys)
    ]


def _same_firm(candidate: str, agent_key: str) -> bool:
    """ "clinica odontologica dentalia" is the agent's "dentalia"; "acme" is the agent's "acme s.l."."""
    return fuzz.ratio(candidate, agent_key) >= 85 or (len(agent_key) > 3 and f" {agent_key} " in f" {candidate} ")


_CORRECTION_REACH = 300  # characters of the prospect's speech after an address searched for a correction


def _with_domain_correction(email: Candidate, blocks: list[Block]) -> Candidate:
    """ "inigo punto etxe arroba outlook punto es. Ah no, es hotmail, no outlook": fix the provider."""
    following = []
    for block in blocks:
        turn = block.turn
        if turn.start + len(turn.text) <= email.end:
            continue
        following.append(turn.text[max(0, email.end - turn.start) :])
    address = corrected_domain(email.value, fold(" ".join(following)[:_CORRECTION_REACH]))
    if not address:
        return email
    return replace(email, value=address)


def _best(candidates: list[Candidate], field: str) -> Candidate | None:
    options = [c for c in candidates if c.field == field and c.confidence >= _MIN_CONFIDENCE]
    if not options:
        return None
    if field == "interest":
        return max(options, key=lambda c: (c.confidence, -c.start))
    return max(options, key=lambda c: (round(c.confidence, 2), c.start))


def _finding(candidate: Candidate, text: str) -> Finding:
    value = candidate.value if candidate.field in {"email", "phone"} else " ".join(candidate.value.split())
    return Finding(
        value,
        candidate.start,
        candidate.end,
        candidate.speaker,
        candidate.confidence,
        text[candidate.start : candidate.end],
        candidate.verified,
    )


def folded_equal(left: str | None, right: str | None) -> bool:
    """Comparison used by tests and the benchmark: case, accents and punctuation do not matter."""

    def key(value: str | None) -> str:
        return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(value or "")).split())

    return key(left) == key(right)
