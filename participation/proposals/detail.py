"""Everything the proposal page shows, gathered in one place."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from participation.comments.services import load_thread_view
from participation.proposals import follows, forms, permissions, services, supports
from participation.proposals.models import Proposal


def viewer_state(proposal: Proposal) -> dict:
    """Return what the viewer may do and has done on this proposal."""
    user = current_user
    signed_in = user.is_authenticated
    return {
        "supported": signed_in and supports.has_supported(proposal.id, user.id),
        "following": signed_in and follows.is_following(proposal.id, user.id),
        "can_support": permissions.can_support(user, proposal),
        "can_edit": permissions.can_edit(user, proposal),
        "can_add_update": permissions.can_add_update(user, proposal),
        "can_withdraw": permissions.can_withdraw(user, proposal),
        "can_answer": permissions.can_answer(user, proposal),
        "is_author": permissions.is_author(user, proposal),
        "can_read": permissions.can_read(user, proposal),
        "can_report": permissions.can_report(user, proposal),
    }


def render_detail(proposal: Proposal, **forms_given):
    """Render the proposal page; forms given (with errors) replace the empty ones."""
    entries = services.timeline(proposal)
    state = viewer_state(proposal)
    answer_form = forms_given.get("answer_form") or forms.AnswerForm(formdata=None)
    answer_form.set_choices(proposal.status)
    if not answer_form.status.data:
        answer_form.status.data = proposal.status.value
    context = {
        "proposal": proposal,
        "timeline": entries,
        "answer": services.latest_answer(entries),
        "state": state,
        "update_form": forms_given.get("update_form") or forms.UpdateForm(formdata=None),
        "withdraw_form": forms_given.get("withdraw_form") or forms.WithdrawForm(formdata=None),
        "answer_form": answer_form,
        "thread_view": thread_view_for(proposal),
    }
    return render_template("proposals/detail.html", **context)


def thread_view_for(proposal: Proposal):
    """Return the discussion, sorted as the visitor asked (`?sort=`)."""
    return load_thread_view(proposal.thread, sort=request.args.get("sort"))
