"""``/desk``: agents paste or upload call transcripts, check what was found, and submit the lead.

Signed-in staff only (``role_required`` from ``webforms.auth``). The flow:
paste → ``/desk/review`` shows the text with every finding highlighted and
its confidence, an editable value per field and the detected consent turn
→ the agent corrects, confirms how consent was given → ``/desk/submit``
hands one draft to intake (channel ``desk``). Many files at once go through
``/desk/files`` (one request, a results table) or, with JavaScript,
``/desk/api/files`` one file per request so the page can show progress. A
file that fails never stops the others. Rules live in ``webforms.transcripts``.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, MultipleFileField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

import nlp
from captura.i18n import field_error_message, supported
from captura.intake import ConsentMissing, IdempotencyConflict, InvalidLead
from nlp.fields import REGISTRY
from store.text import is_whole_number
from webforms.auth import require_csrf, role_required
from webforms.fields import form_field
from webforms.runtime import runtime
from webforms.transcripts import (
    FIELDS,
    Agent,
    ConsentRecord,
    Review,
    desk_draft,
    process_file,
    review,
    submit_reviewed,
)

blueprint = Blueprint("desk", __name__, url_prefix="/desk")
blueprint.before_request(require_csrf)  # every POST, forms and the per-file endpoint alike
STAFF = ("agent", "sales", "admin")
METHOD_LABELS = {"phone_call": _l("Phone call"), "recorded_call": _l("Recorded phone call"),
                 "video_call": _l("Video call"), "in_person": _l("In person"), "written": _l("In writing")}
METHOD_CHOICES = [SelectChoice(value, label) for value, label in METHOD_LABELS.items()]
LANGUAGE_CHOICES = [SelectChoice("", _l("Detect")), SelectChoice("es", "Español"), SelectChoice("en", "English")]


class PasteForm(FlaskForm):
    transcript = TextAreaField(_l("Transcript"), validators=[DataRequired(_l("Paste a transcript first.")),
                                                             Length(max=nlp.MAX_INPUT_CHARS)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="")


class ReviewForm(FlaskForm):
    transcript = HiddenField(validators=[DataRequired(), Length(max=nlp.MAX_INPUT_CHARS)])
    language = HiddenField(validators=[DataRequired(), Length(max=8)])
    # name, email, phone… one input per field of the register, added below
    consent_statement = TextAreaField(_l("What the caller said"), validators=[Optional(), Length(max=2_000)])
    consent_speaker = HiddenField()
    consent_span = HiddenField()
    consent_method = SelectField(_l("How consent was given"), choices=METHOD_CHOICES)
    consent_confirmed = BooleanField(_l("I confirm the caller agreed to be stored and contacted"), default=False)


for _field in REGISTRY:
    setattr(ReviewForm, _field.name, form_field(_field, _field.label, typed=False))


class UploadForm(FlaskForm):
    files = MultipleFileField(_l("Transcript files (.txt, .vtt, .srt)"))
    consent_method = SelectField(_l("How consent was given"), choices=METHOD_CHOICES)
    consent_confirmed = BooleanField(
        _l("I confirm that the consent turn found in each transcript is the caller's consent"), default=False)


def _agent() -> Agent:
    """The signed-in staff member: the id goes into the idempotency key, the label into the evidence."""
    return Agent(id=str(current_user.id), label=str(getattr(current_user, "email", "") or current_user.id))


@blueprint.get("")
@role_required(*STAFF)
def index():  # type: ignore[no-untyped-def]
    return render_template("desk/index.html", paste=PasteForm(), upload=UploadForm())


@blueprint.post("/review")
@role_required(*STAFF)
def review_transcript():  # type: ignore[no-untyped-def]
    paste = PasteForm()
    if not paste.validate_on_submit():
        return render_template("desk/index.html", paste=paste, upload=UploadForm()), 422
    found = review(paste.transcript.data, paste.language.data or None, runtime().settings.default_region)
    return render_template("desk/review.html", form=_prefilled(found), review=found)


@blueprint.post("/submit")
@role_required(*STAFF)
def submit():  # type: ignore[no-untyped-def]
    form = ReviewForm()
    if len(form.transcript.data or "") > nlp.MAX_INPUT_CHARS:
        abort(413)
    language = supported(form.language.data)  # a hidden field: never trust it to name a language we have
    found = review(form.transcript.data or "", language, runtime().settings.default_region)
    if not form.validate_on_submit():
        return render_template("desk/review.html", form=form, review=found), 422
    services = runtime()
    try:
        receipt = submit_reviewed(services, desk_draft(
            {name: form[name].data for name in FIELDS}, form.transcript.data, language,
            _consent(form, found), _agent(), services.settings.company_name, source="desk-paste"))
    except InvalidLead as error:
        for name, problem in error.errors.items():
            target = getattr(form, name, form.email)
            target.errors = [*target.errors, field_error_message(problem.code, g.lang)]
        return render_template("desk/review.html", form=form, review=found), 422
    except ConsentMissing:
        form.consent_confirmed.errors = [_l("Confirm how the caller gave consent; nothing was stored.")]
        return render_template("desk/review.html", form=form, review=found), 422
    except IdempotencyConflict as error:
        return render_template("desk/review.html", form=form, review=found, conflict=error.submission_id), 409
    return render_template("desk/done.html", receipt=receipt, values={name: form[name].data for name in FIELDS})


@blueprint.post("/files")
@role_required(*STAFF)
def upload_files():  # type: ignore[no-untyped-def]
    upload = UploadForm()
    if not upload.validate_on_submit():
        return render_template("desk/index.html", paste=PasteForm(), upload=upload), 422
    services, agent = runtime(), _agent()
    results = [process_file(services, item.filename or "transcript.txt", item.read(), agent,
                            upload.consent_method.data, upload.consent_confirmed.data)
               for item in request.files.getlist("files") if item.filename]
    return render_template("desk/files.html", results=results)


@blueprint.post("/api/files")
@role_required(*STAFF)
def upload_one_file():  # type: ignore[no-untyped-def]
    """One file per request, so the page can show progress; CSRF token in ``X-CSRFToken``."""
    item = request.files.get("file")
    if item is None or not item.filename:
        abort(400, "Send one file in the 'file' field.")
    method = request.form.get("consent_method", "")
    result = process_file(runtime(), item.filename, item.read(), _agent(),
                          method if method in METHOD_LABELS else "phone_call",
                          request.form.get("consent_confirmed") == "y")
    return jsonify(asdict(result))


def _prefilled(found: Review) -> ReviewForm:
    consent = found.consent or {}
    return ReviewForm(formdata=None, transcript=found.text, language=found.language,
                      consent_statement=consent.get("evidence", ""), consent_speaker=consent.get("speaker") or "",
                      consent_span=f"{consent['start']}-{consent['end']}" if consent else "",
                      consent_method="phone_call", **found.values)


def _consent(form: ReviewForm, found: Review) -> ConsentRecord:
    """The agent's confirmation; the detected turn is evidence only if the agent kept its words."""
    detected = found.consent or {}
    start, _, end = (form.consent_span.data or "").partition("-")
    kept = bool(detected) and (form.consent_statement.data or "").strip() == detected.get("evidence", "").strip()
    return ConsentRecord(
        confirmed=bool(form.consent_confirmed.data), method=form.consent_method.data,
        statement=form.consent_statement.data or "", speaker=form.consent_speaker.data or None,
        start=_offset(start), end=_offset(end), detected=kept,
    )


def _offset(text: str) -> int | None:
    """A character offset from the consent span field, None when it is not one."""
    return int(text) if is_whole_number(text, 9) else None
