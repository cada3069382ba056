"""The transcript desk's service layer: read a transcript, review what was found, build the draft.

Views in ``webforms.desk`` only parse requests and call these functions, so
the paste form, the bulk upload and the per-file JSON endpoint share one set
of rules: how files are read, which findings are offered, how the agent's
consent confirmation becomes consent evidence, and the idempotency key
(sha256 of the transcript and the agent id: the same call submitted twice by
the same agent is one submission).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import pysrt
import webvtt
from pydantic import ValidationError
from webvtt.errors import MalformedFileError

import nlp
from captura.consent import CONTACT, consent_text, wording_for
from captura.intake import (
    ConsentGrant,
    ConsentMissing,
    IdempotencyConflict,
    InvalidLead,
    LeadDraft,
    Receipt,
    submit_lead,
)
from captura.runtime import Runtime
from nlp.fields import FIELD_NAMES

FIELDS = FIELD_NAMES  # every field of the register (nlp.fields): found, shown for review, submitted
FILE_KINDS = (".txt", ".vtt", ".srt")
MAX_FILE_BYTES = 2 * 1024 * 1024
CONSENT_METHODS = ("phone_call", "recorded_call", "video_call", "in_person", "written")
LOW_CONFIDENCE = 0.6


class TranscriptUnreadable(ValueError):
    """A file the desk cannot turn into text; the message says why, for the agent."""


def read_transcript(filename: str, content: bytes) -> str:
    """A .txt, .vtt or .srt file as text, subtitle cues as "Speaker: text" lines."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FILE_KINDS:
        raise TranscriptUnreadable(f"{filename}: only {', '.join(FILE_KINDS)} files can be read.")
    if len(content) > MAX_FILE_BYTES:
        raise TranscriptUnreadable(f"{filename}: larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    text = _decode(content)
    lines = {".vtt": _vtt_lines, ".srt": _srt_lines}.get(suffix, lambda raw: [raw])(text)
    transcript = "\n".join(line for line in lines if line.strip()).strip()
    if not transcript:
        raise TranscriptUnreadable(f"{filename}: no text found.")
    if len(transcript) > nlp.MAX_INPUT_CHARS:
        raise TranscriptUnreadable(f"{filename}: longer than {nlp.MAX_INPUT_CHARS} characters.")
    return transcript


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM); old Windows exports are cp1252."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _vtt_lines(text: str) -> list[str]:
    try:
        captions = webvtt.from_buffer(io.StringIO(text))
    except MalformedFileError as error:
        raise TranscriptUnreadable(f"not a valid WebVTT file ({error}).") from None
    return [f"{caption.voice}: {caption.text}" if caption.voice else caption.text for caption in captions]


def _srt_lines(text: str) -> list[str]:
    items = pysrt.from_string(text)
    if not items:
        raise TranscriptUnreadable("not a valid SubRip (.srt) file: no cues found.")
    return [item.text_without_tags.replace("\n", " ") for item in items]


@dataclass(frozen=True)
class Segment:
    """A piece of the transcript, marked with the field found there (None for plain text)."""

    text: str
    field: str | None = None
    confidence: float | None = None


@dataclass
class Review:
    """What the agent sees: the text with findings marked, a value and confidence per field."""

    text: str
    language: str
    values: dict[str, str | None]
    confidence: dict[str, float]
    consent: dict[str, Any] | None
    segments: list[Segment] = field(default_factory=list)

    def low(self, name: str) -> bool:
        return name in self.confidence and self.confidence[name] < LOW_CONFIDENCE


def review(text: str, language: str | None, region: str | None) -> Review:
    """Run extraction once and lay the findings over the text for highlighting."""
    found = nlp.extract(text, lang=language, region=region)
    findings = found.findings()
    spans = [(finding.start, finding.end, name, finding.confidence) for name, finding in findings.items()]
    if found.consent:
        spans.append((found.consent.start, found.consent.end, "consent", found.consent.confidence))
    return Review(
        text=text, language=found.language,
        values={name: (findings[name].value if name in findings else None) for name in FIELDS},
        confidence={name: finding.confidence for name, finding in findings.items()},
        consent=found.consent.to_dict() if found.consent else None,
        segments=_segments(text, spans),
    )


def _segments(text: str, spans: list[tuple[int, int, str, float]]) -> list[Segment]:
    """Cut the text at the findings; a span overlapping an earlier one is left unmarked."""
    segments: list[Segment] = []
    cursor = 0
    for start, end, name, confidence in sorted(spans):
        if start < cursor or not 0 <= start < end <= len(text):
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], name, confidence))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


@dataclass(frozen=True)
class ConsentRecord:
    """How the caller consented, as the agent confirmed it."""

    confirmed: bool
    method: str
    statement: str
    speaker: str | None = None
    start: int | None = None
    end: int | None = None
    detected: bool = False


@dataclass(frozen=True)
class Agent:
    id: str
    label: str


def idempotency_key(text: str, agent: Agent) -> str:
    """The same transcript from the same agent is one submission, however often it is sent."""
    return "desk:" + hashlib.sha256(f"{text}\x00{agent.id}".encode()).hexdigest()


def desk_draft(values: dict[str, str | None], text: str, language: str, consent: ConsentRecord,
               agent: Agent, company: str, source: str) -> LeadDraft:
    """The reviewed values, the transcript and the confirmed consent as an intake draft."""
    evidence = {"kind": "desk_transcript", "method": consent.method, "statement": consent.statement[:2_000],
                "speaker": consent.speaker, "span": [consent.start, consent.end], "detected": consent.detected,
                "confirmed_by": agent.id, "agent": agent.label, "source": source}
    grant = ConsentGrant(purpose=CONTACT, granted=consent.confirmed, language=language,
                         wording=wording_for(CONTACT, language, company),
                         wording_version=consent_text(CONTACT).version,
                         evidence={key: value for key, value in evidence.items() if value is not None})
    return LeadDraft(channel="desk", **{name: (values.get(name) or None) for name in FIELDS},
                     language=language, raw_text=text, source_ref=source[:300],
                     idempotency_key=idempotency_key(text, agent), consents=[grant])


def submit_reviewed(services: Runtime, draft: LeadDraft) -> Receipt:
    """Through the one intake path, like every door."""
    return submit_lead(draft, services.engine, services.queue, region=services.settings.default_region,
                       check_deliverability=services.settings.check_email_deliverability)


@dataclass(frozen=True)
class FileResult:
    """One file of a bulk upload: submitted, needs review (nothing stored), or failed."""

    file: str
    status: str
    message: str
    submission_id: int | None = None
    fields: dict[str, str | None] = field(default_factory=dict)


def process_file(services: Runtime, filename: str, content: bytes, agent: Agent, method: str,
                 consent_confirmed: bool) -> FileResult:
    """Read, extract and submit one file; never raises for a bad file, so a batch goes on."""
    try:
        text = read_transcript(filename, content)
        found = review(text, None, services.settings.default_region)
    except (TranscriptUnreadable, ValueError) as error:
        return FileResult(filename, "failed", str(error))
    if not (found.consent and found.consent["granted"]):
        return FileResult(filename, "needs_review", "No consent found in the transcript; open it in the desk.",
                          fields=found.values)
    consent = ConsentRecord(confirmed=consent_confirmed, method=method, statement=found.consent["evidence"],
                            speaker=found.consent["speaker"], start=found.consent["start"],
                            end=found.consent["end"], detected=True)
    try:
        draft = desk_draft(found.values, text, found.language, consent, agent, services.settings.company_name,
                           source=f"desk-file:{filename}")
        receipt = submit_reviewed(services, draft)
    except ValidationError as error:
        return FileResult(filename, "needs_review", f"{error.error_count()} values are not valid.",
                          fields=found.values)
    except IdempotencyConflict as error:
        return FileResult(filename, "failed", f"Already submitted by you with other values "
                          f"(submission {error.submission_id}).", error.submission_id, found.values)
    except InvalidLead as error:
        return FileResult(filename, "needs_review", str(error), fields=found.values)
    except ConsentMissing:
        return FileResult(filename, "needs_review", "Consent was not confirmed.", fields=found.values)
    return FileResult(filename, "submitted", "Submitted.", receipt.submission_id, found.values)
