"""E-mail addresses and phone numbers in a block, written or spoken.

Whatever is found goes through ``nlp.contact`` — the same validation intake
uses — so an extracted value is always one intake would accept.
"""

from __future__ import annotations

import re

import phonenumbers

from nlp.candidates import Block, Candidate
from nlp.contact import InvalidContact, normalize_email, normalize_phone
from nlp.cues import AGENT_OWN_CUES, CORRECTION_CUES, EMAIL_CUES, NUMBER_NEGATIVE_CUES, PHONE_CUES
from nlp.spoken import DigitRun, dictated_emails, digit_runs

_WRITTEN_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_DEFAULT_REGIONS = {"es": ("ES", "MX"), "en": ("US", "GB")}
_CURRENCY_AFTER = re.compile(r"^\s*(?:€|\$|£|eur|euros?|usd|dolares|dollars?|pesos|%)", re.IGNORECASE)
MIN_PHONE_DIGITS = 7


def regions_for(language: str, region: str | None) -> tuple[str, ...]:
    """The caller's region alone when given; otherwise the usual ones for the language."""
    return (region.upper(),) if region else _DEFAULT_REGIONS.get(language, ("US",))


def find_emails(block: Block) -> list[Candidate]:
    """Written addresses first; dictated ones ("arroba", "at ... dot") where the context is about e-mail."""
    candidates = []
    for token in block.words.tokens:
        if "@" in token.text and _WRITTEN_EMAIL.fullmatch(token.text.strip(".'")):
            candidates += _email_candidate(block, token.text.strip(".'"), token.start, token.end, 0.95)
    email_context = "email" in block.asked or bool(EMAIL_CUES.search(block.words.folded))
    for dictated in dictated_emails(block.words.tokens, allow_spoken_at=email_context):
        if not any(c.start <= dictated.start < c.end for c in candidates):
            candidates += _email_candidate(block, dictated.address, dictated.start, dictated.end, 0.88)
    return candidates


def _email_candidate(block: Block, raw: str, start: int, end: int, confidence: float) -> list[Candidate]:
    try:
        address = normalize_email(raw)
    except InvalidContact:
        return []
    if _belongs_to_agent(block, start):
        return []
    return [Candidate("email", address, start, end, confidence + _correction_bonus(block, start))]


def find_phones(block: Block) -> list[Candidate]:
    """Numbers phonenumbers recognizes as written, plus spoken digit runs; never IDs, dates or amounts."""
    regions = regions_for(block.language, block.region)
    candidates = _written_phones(block, regions)
    previous: DigitRun | None = None
    for run in digit_runs(block.words.tokens):
        if any(c.start <= run.start < c.end for c in candidates):
            continue
        if len(run.digits) < MIN_PHONE_DIGITS:
            run = _corrected_tail(block, previous, run)
            if run is None:
                continue
        previous = run
        number = _validated_number(run, regions)
        if number and _plausible_phone(block, run.start, run.end, spoken=run.spoken):
            confidence = (0.85 if run.spoken else 0.8) + _correction_bonus(block, run.start)
            candidates.append(Candidate("phone", number, run.start, run.end, confidence))
    return candidates


def _corrected_tail(block: Block, previous: DigitRun | None, run: DigitRun) -> DigitRun | None:
    """ "...oh one two three. wait no, oh one three two": a short run after a correction replaces the end."""
    if previous is None or len(run.digits) >= len(previous.digits) or len(previous.digits) < MIN_PHONE_DIGITS:
        return None
    index = block.words.index_at(run.start)
    if not CORRECTION_CUES.search(block.words.window_before(index, 4)):
        return None
    digits = previous.digits[: len(previous.digits) - len(run.digits)] + run.digits
    return DigitRun(digits, previous.plus, run.start, run.end, run.spoken)


def _written_phones(block: Block, regions: tuple[str, ...]) -> list[Candidate]:
    text, offset = block.turn.text, block.turn.start
    found: list[Candidate] = []
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            start, end = offset + match.start, offset + match.end
            if any(c.start < end and start < c.end for c in found):
                continue
            try:
                number = normalize_phone(match.raw_string, region)
            except InvalidContact:
                continue
            if _plausible_phone(block, start, end, spoken=False):
                found.append(Candidate("phone", number, start, end, 0.9 + _correction_bonus(block, start)))
    return found


def _validated_number(run: DigitRun, regions: tuple[str, ...]) -> str | None:
    attempts = [f"+{run.digits}"] if run.plus else [run.digits, f"+{run.digits}"]
    for attempt in attempts:
        for region in regions:
            try:
                return normalize_phone(attempt, region)
            except InvalidContact:
                continue
    return None


def _plausible_phone(block: Block, start: int, end: int, spoken: bool) -> bool:
    """Reject numbers introduced as orders, references, postcodes or amounts, and the agent's own line."""
    index = block.words.index_at(start)
    if _last_cue_is_negative(block.words.window_before(index, 4)):
        return False
    relative_end = end - block.turn.start
    if _CURRENCY_AFTER.match(block.turn.text[relative_end : relative_end + 8]):
        return False
    return not _belongs_to_agent(block, start)


def _last_cue_is_negative(before: str) -> bool:
    """ "order number 612..." is an order, "pedido... mi teléfono 612..." a phone: the nearest cue decides."""
    negatives = [match.end() for match in NUMBER_NEGATIVE_CUES.finditer(before)]
    if not negatives:
        return False
    positives = [match.start() for match in PHONE_CUES.finditer(before)]
    return not positives or max(positives) < max(negatives)


def _belongs_to_agent(block: Block, start: int) -> bool:
    index = block.words.index_at(start)
    return bool(AGENT_OWN_CUES.search(block.words.window_before(index, 8)))


def _correction_bonus(block: Block, start: int) -> float:
    """A value right after "perdón", "sorry, I meant"... replaces an earlier one."""
    index = block.words.index_at(start)
    return 0.05 if CORRECTION_CUES.search(block.words.window_before(index, 8)) else 0.0
