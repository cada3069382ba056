"""Export the leads of a filter or segment that may receive marketing: CSV (Mailchimp columns) or JSON.

Only leads whose *latest* marketing consent event is a grant are exported
(a later withdrawal wins). Rows are streamed from a server-side cursor
(``yield_per``) and written in chunks, so 100,000 leads never sit in
memory. CSV cells that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or CR) get a leading ``'`` (OWASP's advice on
CSV injection), and so does every formula character that follows a
separator-like break inside a cell: a spreadsheet that splits on ``;``
(the default in Spanish locales), tab or ``|`` makes ``ACME;=2+3`` two
cells, the second a live formula. Every export is an audit event with the
filter and the count.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.orm import Session

from nlp.fields import BY_NAME, EXPORTED_FIELDS
from store.models import AuditEvent, Company, Consent, ContactPoint, Lead
from store.queries import LeadFilter, conditions, latest_consent_granted

FORMATS = ("csv", "json")
MAILCHIMP_COLUMNS = ("Email Address", "First Name", "Last Name", "Phone Number", "Company", "Tags",
                     "Language", "Lead Score", "Status", "Marketing Consent Date", "Captura ID")
# The register's exported fields (``nlp.fields``), after the Mailchimp columns so that consumers reading
# columns by position keep working; the header is the field's (English) label.
APPENDED_FIELDS = EXPORTED_FIELDS
EXPORT_COLUMNS = (*MAILCHIMP_COLUMNS, *(BY_NAME[name].label for name in APPENDED_FIELDS))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_AFTER_BREAK = re.compile(r"([,;|\t\r\n][ ]*)(?=[=+\-@])")
ROWS_PER_CHUNK = 500
YIELD_PER = 1_000


def neutralize(value: str) -> str:
    """Make a cell inert in spreadsheets, whatever they split on: ``=1+2`` -> ``'=1+2``, ``A;=1`` -> ``A;'=1``."""
    value = FORMULA_AFTER_BREAK.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _first_contact(kind: str) -> Any:
    return (select(ContactPoint.value).where(ContactPoint.lead_id == Lead.id, ContactPoint.kind == kind)
            .order_by(ContactPoint.id).limit(1).scalar_subquery())


def _consent_date() -> Any:
    return (select(func.max(Consent.given_at)).where(Consent.lead_id == Lead.id, Consent.purpose == "marketing",
                                                     Consent.granted.is_(True)).scalar_subquery())


def export_query(lead_filter: LeadFilter) -> Select[Any]:
    """The consented leads of the filter, one row each, in id order."""
    return (select(Lead.id, Lead.display_name, Lead.status, Lead.score, Lead.language, Lead.first_channel,
                   *(getattr(Lead, name) for name in APPENDED_FIELDS), Company.name.label("company"),
                   _first_contact("email").label("email"),
                   _first_contact("phone").label("phone"), _consent_date().label("consent_date"))
            .outerjoin(Company, Company.id == Lead.company_id)
            .where(*conditions(lead_filter), latest_consent_granted("marketing"))
            .order_by(Lead.id))


def count_exportable(session: Session, lead_filter: LeadFilter) -> int:
    query = select(func.count()).select_from(Lead).where(*conditions(lead_filter), latest_consent_granted("marketing"))
    return session.scalar(query) or 0


def export_records(connection: Connection, lead_filter: LeadFilter) -> Iterator[dict[str, Any]]:
    """Stream the export's rows as plain dicts (a server-side cursor on PostgreSQL)."""
    result = connection.execution_options(yield_per=YIELD_PER).execute(export_query(lead_filter))
    for row in result:
        first, _, last = (row.display_name or "").partition(" ")
        yield {
            "id": row.id, "email": row.email, "first_name": first, "last_name": last.strip(),
            "phone": row.phone, "company": row.company, "status": row.status, "score": row.score,
            "language": row.language, "channel": row.first_channel,
            "marketing_consent_at": row.consent_date.isoformat() if row.consent_date else None,
            **{name: getattr(row, name) for name in APPENDED_FIELDS},
        }


def _tags(record: dict[str, Any]) -> str:
    return ",".join(t for t in (record["status"], record["channel"], record["language"]) if t)


def csv_chunks(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The CSV text in chunks of ROWS_PER_CHUNK rows, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for count, record in enumerate(records, start=1):
        cells = [record["email"], record["first_name"], record["last_name"], record["phone"], record["company"],
                 _tags(record), record["language"], record["score"], record["status"],
                 record["marketing_consent_at"], record["id"], *(record.get(name) for name in APPENDED_FIELDS)]
        writer.writerow([neutralize(str(cell)) if cell is not None else "" for cell in cells])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one lead per line, streamed."""
    yield "["
    for count, record in enumerate(records):
        yield ("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def stream_export(connection: Connection, lead_filter: LeadFilter, export_format: str) -> Iterator[str]:
    records = export_records(connection, lead_filter)
    return csv_chunks(records) if export_format == "csv" else json_chunks(records)


def record_export(session: Session, lead_filter: LeadFilter, export_format: str, *, actor: str,
                  segment: str | None = None) -> int:
    """Audit an export about to stream (filter, format, how many); returns the count."""
    count = count_exportable(session, lead_filter)
    described = {**lead_filter.as_json(), **({"search": "(given)"} if lead_filter.search else {})}
    session.add(AuditEvent(actor=actor, action="leads.exported",  # the search text may be a person's email
                           details={"format": export_format, "filter": described, "segment": segment,
                                    "count": count}))
    return count
