"""Pages of the council's publications: the public list, a result page with its print view and
documents; for staff and the council, the closed votes and surveys to publish, the draft
(statement, decision, documents, the figures as they stand), publishing (council) and
corrections (council). Plain forms that work without JavaScript."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.accounts.reauth import recent_sign_in_required
from participation.core.channels import CHANNEL_LABELS
from participation.core.pagination import paginate
from participation.core.permissions import Role, holds_any, public, roles_required
from participation.extensions import db
from participation.results import documents, publication
from participation.results.models import Document, Publication
from participation.results.publication_forms import CorrectionForm, DocumentForm, DraftForm
from participation.surveys import charts as survey_charts
from participation.surveys.models import Survey
from participation.votes import results_charts
from participation.votes.builder_forms import ConfirmForm
from participation.votes.models import Vote
from participation.votes.views import vote_helpers

bp = Blueprint("results", __name__, url_prefix="/results")
bp.context_processor(vote_helpers)  # the vote pages' labels and number formats
preparers = roles_required(Role.STAFF, Role.COUNCIL)
council_only = roles_required(Role.COUNCIL)
FORM_SLACK = 1024 * 1024
CORRECTABLE = ("statement", "decision", "decision_date")  # what a correction may change


@bp.app_context_processor
def result_links() -> dict:
    """Offer every page the published result of a vote or survey (for a link to it)."""
    return {"published_result": published_result}


def published_result(subject) -> Publication | None:
    """Return the subject's publication if it is published."""
    found = publication.of_subject(subject)
    return found if found is not None and found.is_published else None


def load(publication_id: int) -> Publication:
    """Return a publication (404 if none)."""
    found = db.session.get(Publication, publication_id, options=publication.with_figure_rows())
    if found is None:
        abort(404)
    return found


def load_published(publication_id: int) -> Publication:
    """Return a published publication; drafts are 404 for the public (preparers see them)."""
    found = load(publication_id)
    if not found.is_published and not holds_any(current_user, Role.STAFF, Role.COUNCIL):
        abort(404)
    return found


def figures_context(found: Publication, figures: dict | None = None) -> dict:
    """Return what the figures templates need: frozen figures when published, else current."""
    if figures is None:
        figures = publication.thawed_figures(found) if found.figures else live_figures(found)
    context = {"channel_labels": CHANNEL_LABELS, **figures}
    if found.vote_id is not None:
        context["vote"] = found.vote
        context["chart"] = results_charts.options_chart(found.vote, figures["tally"])
    else:
        results = figures["found"]
        context["survey"] = found.survey
        context["by_question"] = {r.question.id: r for r in results.questions}
        context["charts"] = {r.question.id: survey_charts.chart_for(r) for r in results.questions}
    return context


def live_figures(found: Publication) -> dict:
    """Return the figures as they stand now (a draft's preview)."""
    return publication.thawed_figures(found, publication.current_figures(found))


@bp.get("/")
@public
def index():
    """List the published results, newest first."""
    query = publication.published_query().options(
        selectinload(Publication.vote), selectinload(Publication.survey)
    )
    return render_template("results/index.html", page=paginate(query))


@bp.get("/<int:publication_id>")
@public
def show(publication_id: int):
    """Show a published result: figures, statement, decision, documents, corrections."""
    found = load_published(publication_id)
    return render_template("results/show.html", publication=found, **figures_context(found))


@bp.get("/<int:publication_id>/print")
@public
def print_view(publication_id: int):
    """Show the result as a clean A4 page to print."""
    found = load_published(publication_id)
    return render_template("results/print.html", publication=found, **figures_context(found))


@bp.get("/<int:publication_id>/documents/<int:document_id>")
@public
def document(publication_id: int, document_id: int):
    """Send an attached PDF as a download (never rendered as a page of this site)."""
    found = load_published(publication_id)
    attached = db.session.get(Document, document_id)
    path = documents.path_of(attached) if attached and attached.publication_id == found.id else None
    if path is None:
        abort(404)
    response = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"dokument-{document_id}.pdf",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@bp.get("/manage/")
@preparers
def manage():
    """List the closed votes and surveys with their publication (or none yet)."""
    votes = [
        v
        for v in db.session.scalars(select(Vote).order_by(Vote.closes_at.desc()))
        if publication.subject_closed(v)
    ]
    surveys = [
        s
        for s in db.session.scalars(select(Survey).order_by(Survey.closes_at.desc()))
        if publication.subject_closed(s)
    ]
    found = {(p.vote_id, p.survey_id): p for p in db.session.scalars(select(Publication))}
    return render_template(
        "results/manage/index.html",
        votes=votes,
        surveys=surveys,
        publications=found,
        form=ConfirmForm(),
    )


@bp.post("/manage/new")
@preparers
def new():
    """Open the publication of a closed vote or survey (a draft is made once)."""
    kind, _dash, number = request.form.get("subject", "").partition("-")
    model = {"vote": Vote, "survey": Survey}.get(kind)
    subject = (
        db.session.get(model, int(number))
        if model and number.isdigit() and len(number) < 10
        else None
    )
    if subject is None or not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        found = publication.draft_for(subject, current_user)
    except publication.PublicationRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("results.manage"))
    db.session.commit()
    return redirect(url_for("results.edit", publication_id=found.id))


def render_edit(found: Publication, status: int = 200, **forms):
    """Render a publication's management page with its forms."""
    draft = forms.get("draft") or DraftForm(formdata=None, obj=found)
    context = {
        "publication": found,
        "draft_form": draft,
        "document_form": forms.get("document") or DocumentForm(formdata=None),
        "correction_form": forms.get("correction") or CorrectionForm(formdata=None, obj=found),
        "confirm_form": ConfirmForm(formdata=None),
        "may_publish": holds_any(current_user, Role.COUNCIL),
        "max_mb": documents.max_bytes() // documents.MIB,
    }
    context.update(figures_context(found))
    return render_template("results/manage/edit.html", **context), status


@bp.route("/manage/<int:publication_id>", methods=["GET", "POST"])
@preparers
def edit(publication_id: int):
    """Show the publication to prepare; save the draft's statement and decision."""
    found = load(publication_id)
    form = DraftForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_edit(found, status, draft=form if form.is_submitted() else None)
    try:
        publication.save_draft(
            found, form.statement.data, form.decision.data, form.decision_date.data, current_user
        )
    except publication.PublicationRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("results.edit", publication_id=found.id))
    db.session.commit()
    flash(_("Der Entwurf ist gespeichert."), "success")
    return redirect(url_for("results.edit", publication_id=found.id))


@bp.post("/manage/<int:publication_id>/documents")
@preparers
def add_document(publication_id: int):
    """Attach a PDF to the publication."""
    request.max_content_length = documents.max_bytes() + FORM_SLACK
    found = load(publication_id)
    form = DocumentForm()
    file = form.document.data
    if form.validate_on_submit():
        if file is None or not getattr(file, "filename", ""):
            form.document.errors = [_("Bitte wählen Sie eine PDF-Datei.")]
        else:
            try:
                documents.attach(found, file.stream, form.title.data, current_user)
            except documents.DocumentRefused as refused:
                form.document.errors = [str(refused.message)]
            else:
                db.session.commit()
                flash(_("Das Dokument ist angehängt."), "success")
                return redirect(url_for("results.edit", publication_id=found.id) + "#documents")
    return render_edit(found, 400, document=form)


@bp.post("/manage/<int:publication_id>/documents/<int:document_id>/remove")
@preparers
def remove_document(publication_id: int, document_id: int):
    """Detach a document from a draft."""
    found = load(publication_id)
    attached = db.session.get(Document, document_id)
    if (
        attached is None
        or attached.publication_id != found.id
        or not ConfirmForm().validate_on_submit()
    ):
        abort(404)
    if found.is_published:
        flash(publication.REFUSALS["published"], "error")
    else:
        documents.remove(attached, current_user)
        db.session.commit()
        flash(_("Das Dokument ist entfernt."), "success")
    return redirect(url_for("results.edit", publication_id=found.id) + "#documents")


def refused_back(found: Publication, refused: publication.PublicationRefused):
    """Undo the step, say why it was refused, and go back to the publication's page."""
    db.session.rollback()
    flash(refused.message, "error")
    return redirect(url_for("results.edit", publication_id=found.id))


@bp.post("/manage/<int:publication_id>/publish")
@council_only
@recent_sign_in_required
def publish(publication_id: int):
    """Publish the draft: the figures are frozen and the people concerned are told."""
    found = load(publication_id)
    if ConfirmForm().validate_on_submit():
        try:
            publication.publish(found, current_user)
        except publication.PublicationRefused as refused:
            return refused_back(found, refused)
        db.session.commit()
        flash(_("Das Ergebnis ist veröffentlicht."), "success")
    return redirect(url_for("results.show", publication_id=found.id))


@bp.post("/manage/<int:publication_id>/correct")
@council_only
def correct(publication_id: int):
    """Change a published result with a dated correction note."""
    found = load(publication_id)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return render_edit(found, 400, correction=form)
    sent = {name: getattr(form, name).data for name in CORRECTABLE if name in request.form}
    if "decision" in sent:
        sent["decision"] = sent["decision"] or ""
    changed = {name: value for name, value in sent.items() if value != getattr(found, name)}
    try:
        publication.correct(
            found, form.note.data, current_user, refresh=form.refresh.data, **changed
        )
    except publication.PublicationRefused as refused:
        return refused_back(found, refused)
    db.session.commit()
    flash(_("Die Korrektur ist veröffentlicht."), "success")
    return redirect(url_for("results.show", publication_id=found.id) + "#corrections")


@bp.post("/manage/<int:publication_id>/discard")
@preparers
def discard(publication_id: int):
    """Delete a draft."""
    found = load(publication_id)
    if ConfirmForm().validate_on_submit():
        try:
            publication.discard(found, current_user)
        except publication.PublicationRefused as refused:
            return refused_back(found, refused)
        db.session.commit()
        flash(_("Der Entwurf ist gelöscht."), "success")
    return redirect(url_for("results.manage"))
