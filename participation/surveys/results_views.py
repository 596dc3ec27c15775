"""Result pages of a survey: counts, charts and tables, hidden free texts, CSV and JSON export."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts.reauth import recent_sign_in_required
from participation.core import audit
from participation.core.channels import CHANNEL_LABELS, Channel
from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required, signed_in
from participation.extensions import db
from participation.surveys import charts, export, permissions, results
from participation.surveys.models import TEXT_TYPES, Survey
from participation.surveys.results_shape import TextItem
from participation.surveys.views import WITH_QUESTIONS

bp = Blueprint("survey_results", __name__, url_prefix="/surveys")
# Labels for the audit log page (registered once, when the app imports this module).
audit.register_actions(
    {
        "survey.text_hidden": _l("Umfrage: Freitext verborgen"),
        "survey.text_shown": _l("Umfrage: Freitext wieder gezeigt"),
        "survey.exported": _l("Umfrage: Ergebnisse heruntergeladen"),
    }
)
audit.register_target_types({"survey_questions": _l("Frage einer Umfrage")})


def load_for_results(survey_id: int) -> Survey:
    """Return the survey with its questions if the viewer may read its results (404, 403)."""
    survey = db.session.get(Survey, survey_id, options=[WITH_QUESTIONS])
    if survey is None:
        abort(404)
    if not permissions.may_see_results(current_user, survey):
        abort(403)
    return survey


def chosen_channel() -> Channel | None:
    """Return the channel of `?channel=` (None, also for anything unknown: all channels)."""
    value = request.args.get("channel", "")
    return Channel(value) if value in Channel._value2member_map_ else None


def channel_args(channel: Channel | None) -> dict:
    """Return the query arguments that keep the channel filter on a link."""
    return {"channel": channel.value} if channel else {}


@bp.get("/<int:survey_id>/results", endpoint="results")
@signed_in
def results_page(survey_id: int):
    """Show every question's figures as a chart and a table, for all channels or one."""
    survey = load_for_results(survey_id)
    channel = chosen_channel()
    found = results.aggregate(survey, channel)
    page = render_template(
        "surveys/results.html",
        survey=survey,
        found=found,
        by_question={result.question.id: result for result in found.questions},
        charts={result.question.id: charts.chart_for(result) for result in found.questions},
        channel=channel,
        channel_args=channel_args(channel),
        channel_labels=CHANNEL_LABELS,
        may_hide=permissions.may_hide_texts(current_user, survey),
    )
    db.session.commit()  # keeps the figures stored for the next visit (after rendering:
    return page  # the commit expires what the page reads)


@bp.get("/<int:survey_id>/results/questions/<int:question_id>/texts")
@signed_in
def texts(survey_id: int, question_id: int):
    """List a question's free texts (or "other" texts), 50 per page."""
    survey = load_for_results(survey_id)
    question, number = text_question(survey, question_id)
    channel = chosen_channel()
    public = not permissions.may_hide_texts(current_user, survey)
    page = paginate(results.texts_query(question, channel, public), per_page=results.TEXTS_PER_PAGE)
    items = [TextItem(a.response_id, a.question_id, a.value_text, a.hidden) for a in page.items]
    return render_template(
        "surveys/results_texts.html",
        survey=survey,
        question=question,
        number=number,
        page=page,
        items=items,
        channel=channel,
        channel_args=channel_args(channel),
        channel_labels=CHANNEL_LABELS,
        may_hide=not public,
    )


def text_question(survey: Survey, question_id: int):
    """Return (question, its number) of a survey's question that has texts, else 404."""
    for number, question in enumerate(survey.questions(), start=1):
        if question.id == question_id and (
            question.kind in TEXT_TYPES or results.allows_other(question)
        ):
            return question, number
    abort(404)


@bp.post("/<int:survey_id>/results/questions/<int:question_id>/visibility")
@roles_required(Role.STAFF)
def set_visibility(survey_id: int, question_id: int):
    """Hide a free text from the public results, or show it again."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    if not permissions.may_hide_texts(current_user, survey):
        abort(403)
    answer = results.find_text(survey, question_id, request.form.get("response", ""))
    if answer is None:
        abort(404)
    results.set_hidden(answer, request.form.get("hidden") == "1", current_user)
    db.session.commit()
    return redirect(back_to(survey, question_id, answer.response_id))


def back_to(survey: Survey, question_id: int, response_id: str) -> str:
    """Return the page the toggle came from (the results or the text list), at the text."""
    args = channel_args(chosen_channel_of(request.form.get("channel", "")))
    anchor = f"text-{question_id}-{response_id}"
    if request.form.get("back") == "texts":
        page = request.form.get("page", 1, type=int)
        return url_for(
            "survey_results.texts",
            survey_id=survey.id,
            question_id=question_id,
            page=max(page, 1),
            _anchor=anchor,
            **args,
        )
    return url_for("survey_results.results", survey_id=survey.id, _anchor=anchor, **args)


def chosen_channel_of(value: str) -> Channel | None:
    """Return the channel a form carried (None for all)."""
    return Channel(value) if value in Channel._value2member_map_ else None


def record_export(survey: Survey, kind: str, channel: Channel | None) -> None:
    """Write the download of a survey's results to the audit log and commit."""
    after = {"format": kind, "channel": channel.value if channel else None}
    audit.record("survey.exported", survey, actor=current_user, after=after)
    db.session.commit()


@bp.get("/<int:survey_id>/results.csv")
@roles_required(Role.STAFF)
@recent_sign_in_required
def export_csv(survey_id: int):
    """Send one row per response as CSV (streamed), for all channels or one."""
    survey = load_for_results(survey_id)
    channel = chosen_channel()
    record_export(survey, "csv", channel)
    suffix = f"-{channel.value}" if channel else ""
    name = f"umfrage-{survey.id}-antworten{suffix}.csv"
    body = stream_with_context(export.csv_chunks(survey, channel))
    return Response(
        body,
        mimetype="text/csv",
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<int:survey_id>/results.json")
@roles_required(Role.STAFF)
@recent_sign_in_required
def export_json(survey_id: int):
    """Send the aggregated results as JSON (`?public=1`: without the hidden texts)."""
    survey = load_for_results(survey_id)
    channel = chosen_channel()
    public = request.args.get("public") == "1"
    record_export(survey, "json", channel)
    found = results.aggregate(survey, channel, public=public)
    texts = results.all_texts(survey, channel, public)
    body = jsonify(export.results_json(found, texts, public))
    db.session.commit()  # keeps the figures stored for the next download
    return body
