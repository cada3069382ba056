"""Submissions (admin): how many wait, how many failed and why; put failed ones back in the queue.

The same retry as ``captura submissions retry``: ``captura.jobs.retry_failed``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from captura.jobs import retry_failed
from store.db import read_only
from store.queries import failed_submissions, submission_counts
from store.text import is_whole_number
from webforms.auth import role_required
from webforms.review import ADMIN, blueprint
from webforms.review.common import reading
from webforms.runtime import runtime


@blueprint.get("/submissions")
@role_required(*ADMIN)
def submissions():  # type: ignore[no-untyped-def]
    services = runtime()
    with read_only(services.engine) as connection:
        counts = submission_counts(connection)
    with reading() as session:
        failed = failed_submissions(session)
    return render_template("review/submissions.html", counts=counts, failed=failed,
                           queue_kind=services.queue.kind, queue_depth=services.queue.depth())


@blueprint.post("/submissions/retry")
@role_required(*ADMIN)
def retry_submissions():  # type: ignore[no-untyped-def]
    chosen = [int(value) for value in request.form.getlist("submission_id") if is_whole_number(value, 12)]
    count = retry_failed(runtime(), chosen or None)
    flash(_("%(count)s submission(s) put back in the queue.", count=count))
    return redirect(url_for("review.submissions"))
