"""``/review/export``: the consented leads of a filter or segment, as CSV (Mailchimp) or JSON, streamed."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, request, stream_with_context

from store.db import read_only, unit_of_work
from store.export import FORMATS, record_export, stream_export
from store.models import utcnow
from store.queries import InvalidFilter, LeadFilter
from webforms.auth import role_required
from webforms.review import SALES, blueprint
from webforms.review.common import actor, lead_filter_from
from webforms.runtime import runtime

MIMETYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@blueprint.get("/export")
@role_required(*SALES)
def export():  # type: ignore[no-untyped-def]
    export_format = request.args.get("format", "csv")
    if export_format not in FORMATS:
        raise InvalidFilter("format must be csv or json")
    lead_filter, segment = lead_filter_from(request.args)
    with unit_of_work(runtime().sessions) as session:
        record_export(session, lead_filter, export_format, actor=actor(), segment=segment)
    filename = f"captura-leads-{utcnow():%Y%m%d-%H%M}.{export_format}"
    return Response(stream_with_context(_stream(lead_filter, export_format)), mimetype=MIMETYPES[export_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})


def _stream(lead_filter: LeadFilter, export_format: str) -> Iterator[str]:
    with read_only(runtime().engine) as connection:
        yield from stream_export(connection, lead_filter, export_format)
