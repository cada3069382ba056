"""Speaker turns and who is who: the agent or the prospect.

Captura extracts the *prospect's* data, so every rule downstream needs to
know whose words it is reading. Labels ("Agente:", "Customer:", "[00:01:23]
Laura:", WebVTT ``<v Laura>``) are masked out with spaces so spans keep
pointing into the original text; roles come from the label when it names
one, otherwise from behaviour (the one who greets on behalf of a company
and asks for name and email is the agent).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nlp.cues import (
    AGENT_BEHAVIOUR,
    AGENT_LABELS,
    ASKS_PROSPECT,
    FIELD_LABELS,
    PROSPECT_LABELS,
    asked_fields,
)
from nlp.lang import alternation, cue
from nlp.lexicon import FIRST_NAMES
from nlp.mail_threads import company_senders, is_header, is_mail_thread, sender_of
from nlp.run_on import split_run_on
from nlp.tokens import fold

AGENT = "agent"
PROSPECT = "prospect"
UNKNOWN = "unknown"

# Chat exports put a date before the time: "[14/03 10:42]", "[9/5/24, 11:21:05 a. m.]", "14/03/2024, 10:42 -".
_DATE = r"\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?,?[ \t]+"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?:[ \t\u202f]?[aApP]\.?[ \t]?[mM]\.?)?"
_TIMESTAMP = rf"[\[(]?(?:{_DATE})?{_CLOCK}[\])]?"
_LABEL_LINE = re.compile(
    rf"^[ \t]*(?:{_TIMESTAMP}[ \t]*(?:-[ \t]*)?)?"
    r"(?:<v(?:\.[\w-]+)?[ \t]+(?P<voice>[^>]{1,40})>|(?P<label>[^\W\d_][\w .'’()&-]{0,30}?|SPEAKER_\d+)[ "
    r"\t]*:(?=\s)"
    # "[Agent] Hello", "[Speaker 2]: hi"
    r"|\[(?P<bracket>[^\W\d_][\w .'’-]{0,30}?)\][ \t]*:?(?=\s))",
    re.UNICODE,
)
_TIMESTAMP_ONLY = re.compile(rf"^[ \t]*{_TIMESTAMP}[ \t]*(?:-[ \t]*)?")
_CUE_TIMING = re.compile(
    r"^\s*(?:\d+\s*)?\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}\s*-->.*$|^\s*(?:WEBVTT|NOTE)\b.*$|^\s*\d+\s*$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Turn:
    """What one speaker said in one go; ``start``/``end`` index the original text."""

    speaker: str | None
    role: str
    start: int
    end: int
    text: str
    asked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Conversation:
    text: str
    masked: str
    turns: list[Turn]

    def blocks(self) -> list[Turn]:
        """Consecutive turns of one speaker joined, so values split across messages rejoin."""
        groups: list[list[Turn]] = []
        for turn in self.turns:
            if groups and groups[-1][0].speaker == turn.speaker and groups[-1][0].role == turn.role:
                groups[-1].append(turn)
            else:
                groups.append([turn])
        return [
            Turn(
                first.speaker,
                first.role,
                first.start,
                group[-1].end,
                self.masked[first.start : group[-1].end],
                first.asked,
            )
            for group in groups
            for first in group[:1]
        ]


def split_conversation(text: str) -> Conversation:
    """Find the turns, mask the labels and decide each speaker's role."""
    raw_turns, masked = _labelled_turns(text)
    run_on_roles: dict[int, str] = {}
    if not any(speaker for speaker, _, _ in raw_turns):
        raw_turns, run_on_roles = _sentences(masked)
    roles = _speaker_roles(raw_turns, masked) | {
        sender: AGENT if for_the_company else PROSPECT for sender, for_the_company in company_senders(text).items()
    }
    turns = []
    asked: frozenset[str] = frozenset()
    for speaker, start, end in raw_turns:
        content = masked[start:end]
        role = roles.get(speaker, UNKNOWN) if speaker else run_on_roles.get(start) or _unlabelled_role(content)
        turns.append(Turn(speaker, role, start, end, content, asked if role != AGENT else frozenset()))
        if role == AGENT:
            asked = asked_fields(fold(content))
        elif role == PROSPECT or speaker:
            asked = frozenset()
    return Conversation(text, masked, turns)


def _labelled_turns(text: str) -> tuple[list[tuple[str | None, int, int]], str]:
    """(speaker, start, end) per turn plus the text with labels and cue timings blanked."""
    masked = list(text)
    lines = _lines(text)
    labels = _speaker_labels(text, lines)
    mail = is_mail_thread(text)
    turns: list[list] = []
    for start, end in lines:
        line = text[start:end]
        if _CUE_TIMING.match(line) or (mail and is_header(line)):
            sender = sender_of(line) if mail else None
            # each message of a thread is its sender's turn, starting with the sender's own address
            kept = sender[1] if sender else end - start
            masked[start : start + kept] = " " * kept
            if sender:
                turns.append([sender[0], start + kept, end])
            continue
        match = _LABEL_LINE.match(line)
        speaker = _label_of(match) if match else None
        if speaker and fold(speaker).strip() in labels:
            masked[start : start + match.end()] = " " * match.end()
            turns.append([speaker.strip(), start + match.end(), end])
            continue
        stamp = _TIMESTAMP_ONLY.match(line)
        if stamp and stamp.end() > 0:
            masked[start : start + stamp.end()] = " " * stamp.end()
        if turns and line.strip():
            turns[-1][2] = end
        elif line.strip():
            turns.append([None, start, end])
    return [(s, _lstrip(text, b, e), e) for s, b, e in turns], "".join(masked)


# ASR exports that lost their line breaks keep the labels inline: "spk_1: hello … spk_2: hi …".
_INLINE_LABEL = re.compile(
    r"(?<=\s)(?:spk_?\d+|speaker[ _]?\d+|(?:" + "|".join(sorted(AGENT_LABELS | PROSPECT_LABELS)) + r"))[ \t]*:(?=\s)",
    re.IGNORECASE,
)
_MIN_INLINE_LABELS = 2


def _lines(text: str) -> list[tuple[int, int]]:
    """Line spans; a line holding several speaker labels is cut before each of them."""
    spans, position = [], 0
    for line in text.split("\n"):
        inline = [match.start() for match in _INLINE_LABEL.finditer(line)]
        cuts = inline if len(inline) >= _MIN_INLINE_LABELS else []
        for start, end in zip([0, *cuts], [*cuts, len(line)], strict=True):
            spans.append((position + start, position + end))
        position += len(line) + 1
    return spans


def _label_of(match: re.Match) -> str:
    return (match.group("voice") or match.group("label") or match.group("bracket") or "").strip()


def _speaker_labels(text: str, lines: list[tuple[int, int]]) -> set[str]:
    """Labels that name speakers: known roles, or any label used at least twice (not form fields)."""
    counts: Counter[str] = Counter()
    for start, end in lines:
        match = _LABEL_LINE.match(text[start:end])
        if match:
            counts[fold(_label_of(match))] += 1
    speakers = set()
    for label, count in counts.items():
        if label in FIELD_LABELS:
            continue
        role_word = label.split(" ", 1)[0]  # "Admissions Office:", "Customer (web):"
        known_role = role_word in AGENT_LABELS or role_word in PROSPECT_LABELS
        if known_role or count >= 2 or label.startswith(("speaker", "spk")):
            speakers.add(label)
    if speakers:  # "Valeria:" answering "Hola Valeria, …" once is a speaker too
        folded = fold(text)
        speakers |= {label for label, count in counts.items()
                     if count == 1 and label not in FIELD_LABELS and _addressed_by_name(label, folded)}
    return speakers


def _addressed_by_name(label: str, folded_text: str) -> bool:
    """A one-word label that is someone's first name, or that the other side says to them ("Kaixo Iker")."""
    if " " in label.strip() or not label.isalpha():
        return False
    return label in FIRST_NAMES or bool(re.search(rf"{_GREETING_BEFORE_A_NAME}{re.escape(label)}(?!\w)", folded_text))


_GREETING_BEFORE_A_NAME = rf"(?<!\w){alternation('greeting_before_a_name')},?\s+"


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


# The agent's offer of help closes the agent's turn: in unpunctuated ASR the caller speaks next.
_TURN_YIELD = cue("turn_yield", flags=re.IGNORECASE)
_MIN_WORDS_AFTER_YIELD = 3


def _sentences(masked: str) -> tuple[list[tuple[str | None, int, int]], dict[int, str]]:
    """Unlabelled text: sentences, so an agent's greeting can still be told apart.

    A run-on call is cut at the agent's questions (``nlp.run_on``); the second value gives
    those pieces' roles by start: the questions are the agent's, the rest the caller's.
    """
    spans: list[tuple[str | None, int, int]] = []
    run_on_roles: dict[int, str] = {}
    position = 0
    for boundary in [*_SENTENCE_END.finditer(masked), None]:
        end = boundary.start() if boundary else len(masked)
        if masked[position:end].strip():
            for _, start, stop in _split_at_yield(masked, _lstrip(masked, position, end), end):
                pieces = split_run_on(masked, start, stop)
                for piece_start, piece_end, asking in pieces:
                    spans.append((None, _lstrip(masked, piece_start, piece_end), piece_end))
                    if len(pieces) > 1:
                        run_on_roles[spans[-1][1]] = AGENT if asking else UNKNOWN
        position = boundary.end() if boundary else end
    return spans, run_on_roles


def _split_at_yield(masked: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    """ "thank you for calling acme how can i help you today hi yeah i need...": two turns, not one."""
    match = _TURN_YIELD.search(masked, start, end)
    if not match or len(masked[match.end() : end].split()) < _MIN_WORDS_AFTER_YIELD:
        return [(None, start, end)]
    rest = _lstrip(masked, match.end(), end)
    while rest < end and not masked[rest].isalnum():
        rest += 1
    return [(None, start, match.end()), *_split_at_yield(masked, rest, end)]


def _agent_score(text: str) -> int:
    """Agent cues, plus the fields a turn asks for: a question, not "mi celular es …"."""
    folded = fold(text)
    behaviour = sum(1 for cue in AGENT_BEHAVIOUR if cue.search(folded))
    return behaviour + (len(asked_fields(folded)) if _asking(text, folded) else 0)


_GIVING = re.compile(rf"{cue('giving').pattern}|\d|@")
_MAX_BARE_QUESTION_WORDS = 6


def _asking(text: str, folded: str) -> bool:
    """A question mark, a "your"/"su", or a short bare ask ("and email", "y un correo") that gives nothing."""
    if "?" in text or ASKS_PROSPECT.search(folded):
        return True
    return len(folded.split()) <= _MAX_BARE_QUESTION_WORDS and not _GIVING.search(folded)


_FORM_LINE = re.compile(r"^[ \t]*(?P<label>[^\W\d_][\w /'-]{0,40}?)[ \t]*:", re.MULTILINE)
_MIN_FORM_FIELDS = 3


def _unlabelled_role(content: str) -> str:
    """Without labels, a sentence that greets for a company or asks for the prospect's data is the agent's.

    A pasted form ("Nombre: …", "Teléfono: …") is what the prospect filled in, even if it quotes a consent question.
    """
    folded = fold(content)
    fields = [m.group("label").strip() for m in _FORM_LINE.finditer(folded)]
    if sum(label in FIELD_LABELS for label in fields) >= _MIN_FORM_FIELDS:
        return UNKNOWN
    if any(cue.search(folded) for cue in AGENT_BEHAVIOUR):
        return AGENT
    return AGENT if asked_fields(folded) and ASKS_PROSPECT.search(folded) else UNKNOWN


def _speaker_roles(turns: list[tuple[str | None, int, int]], masked: str) -> dict[str, str]:
    """Role per speaker: from the label when it says, otherwise from behaviour."""
    speakers = list(dict.fromkeys(speaker for speaker, _, _ in turns if speaker))
    roles: dict[str, str] = {}
    for speaker in speakers:
        label = fold(speaker)
        if label in AGENT_LABELS or any(label.startswith(f"{role} ") for role in AGENT_LABELS):
            roles[speaker] = AGENT
        elif label in PROSPECT_LABELS or any(label.startswith(f"{role} ") for role in PROSPECT_LABELS):
            roles[speaker] = PROSPECT
    undecided = [speaker for speaker in speakers if speaker not in roles]
    if not undecided:
        return roles
    if PROSPECT in roles.values():  # "Visitante:" is the prospect, so "Martina (Envíos Ya):" after the bot is staff
        return roles | {speaker: AGENT for speaker in undecided}
    if AGENT in roles.values():
        return roles | {speaker: PROSPECT for speaker in undecided}
    if len(speakers) == 1:
        return roles | {undecided[0]: PROSPECT}
    scores = {speaker: 0 for speaker in undecided}
    questions = dict.fromkeys(undecided, 0)
    for speaker, start, end in turns:
        if speaker in scores:
            scores[speaker] += _agent_score(masked[start:end])
            questions[speaker] += masked[start:end].count("?")
    agent = max(undecided, key=lambda speaker: (scores[speaker], questions[speaker], -undecided.index(speaker)))
    return roles | {speaker: (AGENT if speaker == agent else PROSPECT) for speaker in undecided}
