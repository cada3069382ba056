"""What extraction returns: findings with evidence, and the result as a whole.

Every value carries the span and speaker it came from so a reviewer can see
*why* the engine believes it, and a confidence so callers can decide what to
ask the prospect again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from nlp.fields import FIELD_NAMES

FIELDS = FIELD_NAMES  # what extraction looks for: every field of the register


class ExtractionInputTooLarge(ValueError):
    """The text exceeds the hard size limit; refused up front so nothing hangs."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"Input has {size} characters; the limit is {limit}.")
        self.size = size
        self.limit = limit


@dataclass(frozen=True)
class Finding:
    """One extracted value; ``start``/``end`` are offsets into the original text."""

    value: str
    start: int
    end: int
    speaker: str | None
    confidence: float
    raw: str
    verified: bool = True  # False: kept although its format's rules do not confirm it (an unassigned area code)

    def details(self) -> dict[str, Any]:
        details = {
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "confidence": round(self.confidence, 3),
            "raw": self.raw,
        }
        if not self.verified:
            details["verified"] = False
        return details


@dataclass(frozen=True)
class ConsentFinding:
    """The prospect's answer about being contacted; evidence only, never a consent step."""

    granted: bool
    evidence: str
    start: int
    end: int
    speaker: str | None
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "granted": self.granted,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Extraction:
    """The best value per field, the language used and the consent finding."""

    language: str
    name: Finding | None = None
    email: Finding | None = None
    phone: Finding | None = None
    company: Finding | None = None
    job_title: Finding | None = None
    city: Finding | None = None
    interest: Finding | None = None
    postcode: Finding | None = None
    consent: ConsentFinding | None = None

    def findings(self) -> dict[str, Finding]:
        """The fields that were found, by name."""
        found = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, Finding):
                found[field.name] = value
        return found

    def to_dict(self) -> dict[str, Any]:
        """Plain values under each field key (null when missing), evidence under ``details``."""
        found = self.findings()
        result: dict[str, Any] = {name: (found[name].value if name in found else None) for name in FIELDS}
        result["language"] = self.language
        result["consent"] = self.consent.to_dict() if self.consent else None
        result["details"] = {name: finding.details() for name, finding in found.items()}
        return result
