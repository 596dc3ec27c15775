"""Proposal pages: submit with preview, detail, edit, updates, withdraw, pictures."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.core import rate_limits
from participation.core.permissions import open_to_suspended, public, signed_in
from participation.extensions import db
from participation.proposals import forms, images, permissions, services
from participation.proposals.detail import render_detail
from participation.proposals.models import Proposal, ProposalImage

LIMIT_SCOPE = "proposal-new"  # the counter of PROPOSAL_LIMIT, per account

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


def load_visible(proposal_id: int) -> Proposal:
    """Return the proposal if the viewer may see it, else 404."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not permissions.can_view(current_user, proposal):
        abort(404)
    return proposal


def load_own(proposal_id: int, allowed) -> Proposal:
    """Return the viewer's proposal if `allowed(user, proposal)`, else 404/403."""
    proposal = load_visible(proposal_id)
    if not allowed(current_user, proposal):
        abort(403)
    return proposal


def uploaded_images(form: forms.ProposalForm, room: int):
    """Store the pictures of the form; return them or put the problems on the form."""
    stored, ok = [], True
    for number in range(1, forms.MAX_IMAGES + 1):
        upload, alt = form[f"image_{number}"], form[f"alt_{number}"]
        if not upload.data or not getattr(upload.data, "filename", ""):
            if alt.data:  # a description without its picture would silently vanish
                upload.errors.append(_("Bitte wählen Sie das Bild aus, das Sie beschrieben haben."))
                ok = False
            continue
        if len(stored) >= room:
            upload.errors.append(_("Ein Vorschlag kann höchstens 3 Bilder haben."))
            ok = False
        elif not alt.data:
            alt.errors.append(_("Bitte beschreiben Sie, was auf dem Bild zu sehen ist."))
            ok = False
        else:
            try:
                stored.append((images.store_image(upload.data.stream), alt.data))
            except images.ImageError as error:
                upload.errors.append(str(error))
                ok = False
    if not ok:
        for picture, _alt in stored:
            images.delete_file(picture.filename)
    return stored if ok else None


def form_fields(form: forms.ProposalForm) -> dict:
    return {
        "title": form.title.data,
        "body": form.body.data,
        "category": form.category.data,
        "district": form.district.data,
        "submission_key": form.submission_key.data,
    }


@bp.route("/new", methods=["GET", "POST"])
@signed_in
def new():
    """Write a proposal; it is saved as a draft and shown as a preview before publishing."""
    form = forms.ProposalForm()
    if form.validate_on_submit():
        already = services.find_by_submission_key(form.submission_key.data)
        if already is not None and already.author_id == current_user.id:
            return redirect(url_for("proposals.preview", proposal_id=already.id))
        if not rate_limits.take_slot("PROPOSAL_LIMIT", LIMIT_SCOPE, str(current_user.id)):
            return too_many_proposals(form)
        pictures = uploaded_images(form, forms.MAX_IMAGES)
        if pictures is not None:
            proposal = services.create_draft(current_user, form_fields(form), pictures)
            db.session.commit()
            return redirect(url_for("proposals.preview", proposal_id=proposal.id))
    status = 400 if form.errors or any(f.errors for f in form) else 200
    return render_template("proposals/form.html", form=form, proposal=None), status


def too_many_proposals(form: forms.ProposalForm):
    """Show the form again with what was typed and when the account may send it."""
    wait = rate_limits.throttle_wait(
        current_app.config["PROPOSAL_LIMIT"], LIMIT_SCOPE, str(current_user.id)
    )
    when = rate_limits.in_words(wait) if wait else _("in einigen Minuten")
    form.form_errors.append(
        _(
            "Sie haben in kurzer Zeit viele Vorschläge geschrieben. Ihr Text ist noch da. Bitte senden Sie ihn %(when)s noch einmal.",
            when=when,
        )
    )
    page = render_template("proposals/form.html", form=form, proposal=None)
    return page, 429, {"Retry-After": str(wait)} if wait else {}


@bp.get("/<int:proposal_id>/preview")
@signed_in
def preview(proposal_id: int):
    """Show the draft as others will see it, with "publish" and "edit"."""
    proposal = load_own(proposal_id, permissions.is_author)
    if proposal.status.value != "draft":
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_template("proposals/preview.html", proposal=proposal)


@bp.post("/<int:proposal_id>/publish")
@signed_in
def publish(proposal_id: int):
    """Publish a draft (a second click changes nothing)."""
    proposal = load_own(proposal_id, permissions.is_author)
    if proposal.status.value == "draft":
        services.publish(proposal, current_user)
        db.session.commit()
        if proposal.is_shown:
            flash(_("Ihr Vorschlag ist veröffentlicht. Danke!"), "success")
        else:
            flash(
                _("Danke. Ihr Vorschlag wird von der Moderation geprüft und dann freigegeben."),
                "info",
            )
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@signed_in
def edit(proposal_id: int):
    """Change a proposal while nobody has supported or commented on it."""
    proposal = load_own(proposal_id, permissions.can_edit)
    form = forms.ProposalForm(obj=proposal)
    if form.validate_on_submit() and not refused_change(proposal, form, form.body):
        remove = {int(v) for v in request.form.getlist("remove_image") if v.isdigit()}
        room = forms.MAX_IMAGES - len([i for i in proposal.images if i.id not in remove])
        pictures = uploaded_images(form, room)
        if pictures is not None:
            gone = services.remove_images(proposal, remove)
            services.edit(proposal, form_fields(form))
            services.add_images(proposal, pictures)
            db.session.commit()
            for filename in gone:
                images.delete_file(filename)
            flash(_("Ihre Änderungen sind gespeichert."), "success")
            target = "proposals.preview" if proposal.status.value == "draft" else "proposals.detail"
            return redirect(url_for(target, proposal_id=proposal.id))
    status = 400 if any(f.errors for f in form) else 200
    return render_template("proposals/form.html", form=form, proposal=proposal), status


def refused_change(proposal: Proposal, form, field) -> bool:
    """Put the reason on `field` and return True when the change must be refused."""
    text = f"{form.title.data}\n{field.data}" if hasattr(form, "title") else field.data
    problem = services.change_problem(proposal, current_user, text)
    if problem:
        field.errors.append(problem)
    return bool(problem)


@bp.get("/<int:proposal_id>")
@public
def detail(proposal_id: int):
    """Show a proposal with its official answer, timeline and discussion."""
    return render_detail(load_visible(proposal_id))


@bp.post("/<int:proposal_id>/update")
@signed_in
def add_update(proposal_id: int):
    """Add news to a proposal that can no longer be edited."""
    proposal = load_own(proposal_id, permissions.can_add_update)
    form = forms.UpdateForm()
    if not form.validate_on_submit() or refused_change(proposal, form, form.body):
        return render_detail(proposal, update_form=form), 400
    services.add_update(proposal, current_user, form.body.data)
    db.session.commit()
    flash(_("Ihre Neuigkeit ist veröffentlicht."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id, _anchor="timeline"))


@bp.post("/<int:proposal_id>/withdraw")
@signed_in
@open_to_suspended
def withdraw(proposal_id: int):
    """Take the proposal back."""
    proposal = load_own(proposal_id, permissions.can_withdraw)
    form = forms.WithdrawForm()
    if not form.validate_on_submit():
        return render_detail(proposal, withdraw_form=form), 400
    services.withdraw(proposal, current_user)
    db.session.commit()
    flash(_("Sie haben den Vorschlag zurückgezogen."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.get("/images/<filename>")
@public
def image(filename: str):
    """Serve a stored picture of a proposal the viewer may see."""
    picture = db.session.scalar(select(ProposalImage).where(ProposalImage.filename == filename))
    proposal = picture.proposal if picture is not None else None
    if proposal is None or not permissions.can_view(current_user, proposal):
        abort(404)
    if not permissions.can_read(current_user, proposal):
        abort(404)
    return send_from_directory(
        images.upload_folder(), filename, mimetype=picture.content_type, max_age=86400
    )
