"""Staff pages that build a survey: its settings, sections, questions, options and order.

Every change is a POST form that works without JavaScript; after a move the page opens at the
moved item (an anchor on an element that takes focus), so keyboard users stay where they were.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select

from participation.core.clock import to_town_time
from participation.core.models import utcnow
from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.surveys import builder
from participation.surveys.builder_forms import ConfirmForm, SectionForm, SurveyForm
from participation.surveys.labels import AUDIENCE_LABELS, PHASE_LABELS, QUESTION_TYPE_LABELS
from participation.surveys.models import Section, Survey
from participation.surveys.views import WITH_QUESTIONS, numbered_sections

bp = Blueprint("survey_builder", __name__, url_prefix="/surveys/manage")
staff_only = roles_required(Role.STAFF)


@bp.app_context_processor
def builder_labels() -> dict:
    """Offer the survey labels to the builder's templates."""
    return {
        "question_type_labels": QUESTION_TYPE_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "phase_labels": PHASE_LABELS,
    }


def load_survey(survey_id: int) -> Survey:
    """Return the survey with its sections, questions and options, else 404."""
    survey = db.session.get(Survey, survey_id, options=[WITH_QUESTIONS])
    if survey is None:
        abort(404)
    return survey


def load_section(survey: Survey, section_id: int) -> Section:
    """Return the survey's section, else 404 (also for a section of another survey)."""
    section = next((s for s in survey.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    return section


def step() -> int:
    """Return -1 for "up" and +1 for "down" from the posted form (400 for anything else)."""
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    return -1 if direction == "up" else 1


def survey_page(survey: Survey, anchor: str | None = None):
    """Redirect to the survey's building page, at `anchor`."""
    return redirect(url_for("survey_builder.survey", survey_id=survey.id, _anchor=anchor))


def refused(error: builder.BuilderError) -> None:
    """Tell the person why a change was refused."""
    flash(str(error.message), "error")


@bp.get("/")
@staff_only
def index():
    """List every survey (drafts first, then the newest), with phase, dates and responses."""
    order = case((Survey.published_at.is_(None), 0), else_=1)
    page = paginate(select(Survey).order_by(order, Survey.opens_at.desc(), Survey.id.desc()))
    return render_template("surveys/manage/index.html", page=page, now=utcnow())


def default_times() -> dict:
    """Return a starting suggestion: from tomorrow 8:00 for four weeks, in the town's time."""
    start = to_town_time(utcnow()).replace(hour=8, minute=0, second=0, microsecond=0)
    start += timedelta(days=1)
    return {"opens_at": start, "closes_at": start + timedelta(days=28, hours=10)}


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new():
    """Create a draft survey; a repeated submission opens the first one."""
    form = SurveyForm(data=None if request.method == "POST" else default_times())
    if form.validate_on_submit():
        survey = builder.find_created(current_user, form.submission_key.data)
        if survey is None:
            survey = builder.create_survey(current_user, form.settings(), form.submission_key.data)
            db.session.commit()
            flash(
                _("Die Umfrage ist als Entwurf angelegt. Fügen Sie jetzt Fragen hinzu."), "success"
            )
        return survey_page(survey)
    status = 400 if form.errors else 200
    return render_template("surveys/manage/settings.html", form=form, survey=None), status


@bp.get("/<int:survey_id>")
@staff_only
def survey(survey_id: int):
    """Show a survey's structure with every action that builds it."""
    survey = load_survey(survey_id)
    return render_template(
        "surveys/manage/survey.html",
        survey=survey,
        phase=survey.phase(),
        answered=builder.answered_question_ids(survey),
        has_responses=builder.has_responses(survey),
        section_form=SectionForm(formdata=None),
        form=ConfirmForm(),
    )


@bp.route("/<int:survey_id>/settings", methods=["GET", "POST"])
@staff_only
def settings(survey_id: int):
    """Change a survey's title, introduction, times, audience and anonymity."""
    survey = load_survey(survey_id)
    form = SurveyForm(data=None if request.method == "POST" else stored_settings(survey))
    if form.validate_on_submit():
        try:
            builder.update_settings(survey, form.settings(), current_user)
        except builder.BuilderError as error:
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Die Einstellungen sind gespeichert."), "success")
            return survey_page(survey)
    status = 400 if any(field.errors for field in form) else 200
    return render_template("surveys/manage/settings.html", form=form, survey=survey), status


def stored_settings(survey: Survey) -> dict:
    """Return the survey's settings as the form shows them (times in the town's time)."""
    return {
        "title": survey.title,
        "intro": survey.intro,
        "opens_at": to_town_time(survey.opens_at),
        "closes_at": to_town_time(survey.closes_at),
        "audience": survey.audience.value,
        "anonymous": "yes" if survey.anonymous else "no",
    }


@bp.post("/<int:survey_id>/publish")
@staff_only
def publish(survey_id: int):
    """Publish a draft: it is shown as upcoming or open according to its times."""
    survey = load_survey(survey_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder.publish(survey, current_user)
        except builder.BuilderError as error:
            refused(error)
        else:
            db.session.commit()
            flash(_("Die Umfrage ist veröffentlicht."), "success")
    return survey_page(survey)


@bp.post("/<int:survey_id>/unpublish")
@staff_only
def unpublish(survey_id: int):
    """Take a survey without responses back to draft."""
    survey = load_survey(survey_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder.unpublish(survey, current_user)
        except builder.BuilderError as error:
            refused(error)
        else:
            db.session.commit()
            flash(
                _("Die Umfrage ist wieder ein Entwurf. Niemand außer der Verwaltung sieht sie."),
                "success",
            )
    return survey_page(survey)


@bp.route("/<int:survey_id>/delete", methods=["GET", "POST"])
@staff_only
def delete(survey_id: int):
    """Ask, then delete a survey nobody has answered."""
    survey = load_survey(survey_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            builder.delete_survey(survey, current_user)
        except builder.BuilderError as error:
            refused(error)
            return survey_page(survey)
        db.session.commit()
        flash(_("Die Umfrage ist gelöscht."), "success")
        return redirect(url_for("survey_builder.index"))
    has_responses = builder.has_responses(survey)
    return render_template(
        "surveys/manage/delete.html", survey=survey, form=form, has_responses=has_responses
    )


@bp.post("/<int:survey_id>/sections")
@staff_only
def add_section(survey_id: int):
    """Add a section at the end of the survey."""
    survey = load_survey(survey_id)
    form = SectionForm()
    if not form.validate_on_submit():
        return render_template(
            "surveys/manage/section.html", survey=survey, section=None, form=form
        ), 400
    section = builder.add_section(survey, form.heading.data, form.description.data or "")
    db.session.commit()
    flash(_("Der Abschnitt ist hinzugefügt."), "success")
    return survey_page(survey, f"section-{section.id}")


@bp.route("/<int:survey_id>/sections/<int:section_id>", methods=["GET", "POST"])
@staff_only
def edit_section(survey_id: int, section_id: int):
    """Change a section's heading and description."""
    survey = load_survey(survey_id)
    section = load_section(survey, section_id)
    form = SectionForm(obj=section)
    if form.validate_on_submit():
        builder.update_section(
            section, form.heading.data, form.description.data or "", current_user
        )
        db.session.commit()
        flash(_("Der Abschnitt ist gespeichert."), "success")
        return survey_page(survey, f"section-{section.id}")
    status = 400 if form.errors else 200
    return render_template(
        "surveys/manage/section.html", survey=survey, section=section, form=form
    ), status


@bp.route("/<int:survey_id>/sections/<int:section_id>/delete", methods=["GET", "POST"])
@staff_only
def delete_section(survey_id: int, section_id: int):
    """Ask, then delete a section (with its questions) whose questions have no answers."""
    survey = load_survey(survey_id)
    section = load_section(survey, section_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            builder.delete_section(section)
        except builder.BuilderError as error:
            refused(error)
            return survey_page(survey, f"section-{section.id}")
        db.session.commit()
        flash(_("Der Abschnitt ist gelöscht."), "success")
        return survey_page(survey, "sections")
    answered = builder.answered_question_ids(survey)
    return render_template(
        "surveys/manage/delete_section.html",
        survey=survey,
        section=section,
        blocked=any(question.id in answered for question in section.questions),
    )


@bp.post("/<int:survey_id>/sections/<int:section_id>/move")
@staff_only
def move_section(survey_id: int, section_id: int):
    """Move a section one place up or down."""
    survey = load_survey(survey_id)
    section = load_section(survey, section_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder.move_section(section, step())
        except builder.BuilderError as error:
            refused(error)
        else:
            db.session.commit()
    return survey_page(survey, f"section-{section.id}")


@bp.get("/<int:survey_id>/preview")
@staff_only
def preview(survey_id: int):
    """Show the survey as a resident sees it, without a button to send."""
    survey = load_survey(survey_id)
    return render_template(
        "surveys/manage/preview.html", survey=survey, sections=numbered_sections(survey)
    )


from participation.surveys import builder_question_views  # noqa: E402, F401  (its routes)
