"""The second step of signing in. After the right password, an account with two-factor sign-in
types a code from its app (or a recovery code); an account whose roles require the second factor
but has none sets it up first. Only then does finish_sign_in start the session."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import ngettext
from flask_login import current_user

from participation.accounts import mails, totp, two_factor, views
from participation.accounts import twofactor_session as state
from participation.accounts.twofactor_forms import (
    AcknowledgeForm,
    RecoveryCodeForm,
    SetupForm,
    SignInCodeForm,
)
from participation.accounts.twofactor_views import ERRORS, confirm_setup, private, setup_context
from participation.core.permissions import public
from participation.core.urls import safe_next
from participation.extensions import db, limiter

bp = Blueprint("two_factor_signin", __name__, url_prefix="/account/signin")


def signin_ip_limit() -> str:
    return current_app.config["SIGNIN_LIMIT_PER_IP"]


def onward(endpoint: str):
    """Redirect to the next sign-in step, keeping where the person wanted to go."""
    return redirect(url_for(endpoint, next=request.args.get("next")))


def second_step(user, remember: bool):
    """After the right password: ask for the code, lead through the set-up, or sign in."""
    if user.has_two_factor or totp.required_for(user):
        state.begin_pending(user, remember, setup=not user.has_two_factor)
        db.session.commit()  # the password may have been rehashed
        endpoint = "code" if user.has_two_factor else "setup"
        return onward(f"two_factor_signin.{endpoint}")
    return views.finish_sign_in(user, remember)


def expired():
    """Tell the visitor that the sign-in took too long and has to start again."""
    return render_template("accounts/two_factor/expired.html")


def finish(user, entry: dict, result: two_factor.CodeResult):
    """Start the session; after a recovery code, mail a notice and say how many are left."""
    left = None
    if result is two_factor.CodeResult.RECOVERY:
        left = totp.recovery_codes_left(user)
        mails.send_recovery_code_used_notice(user, left)
    response = views.finish_sign_in(user, entry.get("remember", False))
    if left is not None:
        flash(
            ngettext(
                "Sie haben einen Wiederherstellungscode benutzt. Sie haben noch %(num)s Code.",
                "Sie haben einen Wiederherstellungscode benutzt. Sie haben noch %(num)s Codes.",
                left,
            ),
            "warning",
        )
    return response


@bp.route("/code", methods=["GET", "POST"])
@public
@limiter.limit(signin_ip_limit, methods=["POST"])
def code():
    """Ask for the code from the app (or a recovery code) before the session starts."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    user, entry = state.pending()
    if user is None:
        return expired()
    if entry.get("setup") or entry.get("set_up"):
        return onward("two_factor_signin.setup")
    recovery = request.args.get("mode") == "recovery"
    form = RecoveryCodeForm() if recovery else SignInCodeForm()
    if form.validate_on_submit():
        if not two_factor.take_attempt(user):
            abort(429, retry_after=two_factor.wait(user))
        result = two_factor.check_code(user, form.code.data)
        if result in (two_factor.CodeResult.APP, two_factor.CodeResult.RECOVERY):
            two_factor.forgive_attempts(user)
            return finish(user, entry, result)
        db.session.rollback()
        reason = "replayed" if result is two_factor.CodeResult.REPLAYED else "wrong-code"
        form.code.errors = [ERRORS[reason]()]
    page = render_template("accounts/two_factor/signin_code.html", form=form, recovery=recovery)
    return page, 400 if form.errors else 200


@bp.route("/setup", methods=["GET", "POST"])
@public
@limiter.limit(signin_ip_limit, methods=["POST"])
def setup():
    """Set the second factor up before the first session of an account whose role needs it."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    user, entry = state.pending()
    if user is None:
        return expired()
    if entry.get("set_up"):
        return onward("two_factor_signin.recovery_codes")
    if user.has_two_factor:  # set up in another browser meanwhile: a code will do
        state.begin_pending(user, entry.get("remember", False), setup=False)
        return onward("two_factor_signin.code")
    form = SetupForm()
    if form.validate_on_submit():
        codes = confirm_setup(user, form)
        if codes is not None:
            state.keep_codes(user, codes, "new")
            state.mark_set_up(entry)
            db.session.commit()
            return onward("two_factor_signin.recovery_codes")
    context = setup_context(user, form)
    page = render_template("accounts/two_factor/setup.html", forced=True, **context)
    return private(page, 400 if form.errors else 200)


@bp.route("/recovery-codes", methods=["GET", "POST"])
@public
def recovery_codes():
    """Show the recovery codes of the set-up just done; sign in once they are kept."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    user, entry = state.pending()
    if user is None:
        return expired()
    if not entry.get("set_up"):
        return onward("two_factor_signin.code")
    codes = state.codes_for(user)
    form = AcknowledgeForm()
    if codes is None or form.validate_on_submit():
        return views.finish_sign_in(user, entry.get("remember", False))
    page = render_template(
        "accounts/two_factor/codes.html",
        codes=codes["codes"],
        form=form,
        account=user.email,
        signing_in=True,
    )
    return private(page, 400 if form.errors else 200)
