"""Supporting, following and the staff's official answer."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.permissions import Role, open_to_suspended, roles_required, signed_in
from participation.extensions import db
from participation.proposals import follows, forms, permissions, services, supports
from participation.proposals.detail import render_detail
from participation.proposals.models import ProposalStatus
from participation.proposals.views import bp, load_visible

SUPPORT_ERRORS = {
    "closed-for-support": lambda: _("Dieser Vorschlag sammelt keine Unterstützung mehr."),
    "own-proposal": lambda: _("Sie können Ihren eigenen Vorschlag nicht unterstützen."),
}


def back_to(proposal, anchor: str):
    return redirect(url_for("proposals.detail", proposal_id=proposal.id, _anchor=anchor))


@bp.post("/<int:proposal_id>/support")
@signed_in
def support(proposal_id: int):
    """Support the proposal, or take the support back (`action=remove`)."""
    proposal = load_visible(proposal_id)
    removing = request.form.get("action") == "remove"
    try:
        if removing:
            supports.remove_support(proposal, current_user)
        else:
            supports.add_support(proposal, current_user)
    except services.ProposalError as error:
        db.session.rollback()
        flash(SUPPORT_ERRORS[str(error)](), "warning")
        return back_to(proposal, "support")
    db.session.commit()
    message = (
        _("Sie unterstützen diesen Vorschlag nicht mehr.")
        if removing
        else _("Danke für Ihre Unterstützung!")
    )
    flash(message, "success")
    return back_to(proposal, "support")


@bp.post("/<int:proposal_id>/follow")
@signed_in
@open_to_suspended
def follow(proposal_id: int):
    """Switch news about this proposal on or off."""
    proposal = load_visible(proposal_id)
    active = request.form.get("action") != "stop"
    follows.set_following(proposal.id, current_user.id, active)
    db.session.commit()
    flash(
        _("Sie folgen diesem Vorschlag.")
        if active
        else _("Sie folgen diesem Vorschlag nicht mehr."),
        "success",
    )
    return back_to(proposal, "follow")


@bp.post("/<int:proposal_id>/answer")
@roles_required(Role.STAFF, Role.ADMIN)
def answer(proposal_id: int):
    """Answer officially and set the status (staff)."""
    proposal = load_visible(proposal_id)
    if not permissions.can_answer(current_user, proposal):
        flash(_("Dieser Vorschlag kann nicht mehr beantwortet werden."), "warning")
        return back_to(proposal, "staff-answer")
    form = forms.AnswerForm()
    form.set_choices(proposal.status)
    if not form.validate_on_submit():
        return render_detail(proposal, answer_form=form), 400
    status = ProposalStatus(form.status.data)
    services.answer(proposal, current_user, status, form.answer.data, form.department.data)
    db.session.commit()
    flash(_("Die Antwort ist veröffentlicht."), "success")
    return back_to(proposal, "official-answer")
