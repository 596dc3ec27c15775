"""Builder pages for questions and options (routes of the `survey_builder` blueprint)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.extensions import db
from participation.surveys import builder, builder_questions
from participation.surveys.builder_forms import ConfirmForm
from participation.surveys.builder_question_form import QuestionForm
from participation.surveys.builder_views import (
    bp,
    load_survey,
    refused,
    staff_only,
    step,
    survey_page,
)
from participation.surveys.models import Option, Question, QuestionType, Survey


def load_question(survey: Survey, question_id: int) -> Question:
    """Return the survey's question, else 404 (also for a question of another survey)."""
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def load_option(question: Question, option_id: int) -> Option:
    """Return the question's option, else 404 (also for an option of another question)."""
    option = next((o for o in question.options if o.id == option_id), None)
    if option is None:
        abort(404)
    return option


def chosen_kind(default: QuestionType | None = None) -> QuestionType | None:
    """Return the kind named by `?kind=` (the default when absent or unknown)."""
    value = request.args.get("kind", "")
    return QuestionType(value) if value in QuestionType._value2member_map_ else default


def question_page(survey: Survey, form: QuestionForm, question: Question | None, status=200):
    """Render the question form (for a new or an existing question)."""
    answered = question is not None and builder_questions.question_answered(question)
    chosen = builder_questions.answered_option_ids(question) if answered else set()
    return render_template(
        "surveys/manage/question.html",
        survey=survey,
        question=question,
        form=form,
        kind=form.kind_value,
        locked=answered,
        chosen_options=chosen,
        confirm=ConfirmForm(),
    ), status


def put_problems(form: QuestionForm, problems: dict[str, str]) -> None:
    """Put the service's refusals on the form's fields."""
    for name, message in problems.items():
        form[name].errors.append(message)


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"])
@staff_only
def new_question(survey_id: int):
    """Choose the kind of a new question, then fill in the question."""
    survey = load_survey(survey_id)
    section_id = request.args.get("section", type=int)
    kind = chosen_kind()
    if kind is None or not survey.sections:
        if request.method == "POST":
            abort(400)
        return render_template("surveys/manage/kind.html", survey=survey, section_id=section_id)
    form = QuestionForm(kind, survey.sections)
    if request.method == "GET" and section_id is not None:
        form.section_id.data = str(section_id)
    if form.is_submitted() and (fields := form.fields()) is not None:
        try:
            question = builder_questions.create_question(survey, fields)
        except builder.BuilderError as error:
            put_problems(form, {error.field or "text": str(error.message)})
        else:
            db.session.commit()
            flash(_("Die Frage ist gespeichert."), "success")
            return survey_page(survey, f"question-{question.id}")
    return question_page(survey, form, None, 400 if request.method == "POST" else 200)


@bp.route("/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@staff_only
def edit_question(survey_id: int, question_id: int):
    """Change a question; with answers only its wording (and adding choices) is allowed."""
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    form = QuestionForm(chosen_kind(question.kind), survey.sections, question)
    if form.is_submitted() and (fields := form.fields()) is not None:
        problems = builder_questions.lock_problems(question, fields)
        put_problems(form, problems)
        if not problems:
            try:
                builder_questions.update_question(question, fields, current_user)
            except builder.BuilderError as error:
                put_problems(form, {error.field or "text": str(error.message)})
            else:
                db.session.commit()
                flash(_("Die Frage ist gespeichert."), "success")
                return survey_page(survey, f"question-{question.id}")
    return question_page(survey, form, question, 400 if request.method == "POST" else 200)


@bp.post("/<int:survey_id>/questions/<int:question_id>/delete")
@staff_only
def delete_question(survey_id: int, question_id: int):
    """Delete a question nobody has answered."""
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder_questions.delete_question(question)
        except builder.BuilderError as error:
            refused(error)
            return survey_page(survey, f"question-{question.id}")
        db.session.commit()
        flash(_("Die Frage ist gelöscht."), "success")
    return survey_page(survey, "sections")


@bp.post("/<int:survey_id>/questions/<int:question_id>/move")
@staff_only
def move_question(survey_id: int, question_id: int):
    """Move a question one place up or down (into the next section at a section's edge)."""
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder_questions.move_question(question, step())
        except builder.BuilderError as error:
            refused(error)
        else:
            db.session.commit()
    return survey_page(survey, f"question-{question.id}")


@bp.post("/<int:survey_id>/questions/<int:question_id>/options/<int:option_id>/move")
@staff_only
def move_option(survey_id: int, question_id: int, option_id: int):
    """Move an option one place up or down."""
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    option = load_option(question, option_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder_questions.move_option(option, step())
        except builder.BuilderError as error:
            refused(error)
        else:
            db.session.commit()
    target = url_for(
        "survey_builder.edit_question",
        survey_id=survey.id,
        question_id=question.id,
        _anchor=f"order-{option.id}",
    )
    return redirect(target)
