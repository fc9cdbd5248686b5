"""Registration, sign-in and out, confirmation, password reset, profile, deletion."""

import hashlib
import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.accounts import data_exports, forms, services, sessions
from participation.accounts.services import TokenResult
from participation.common.access import safe_next
from participation.common.confirm import confirmable
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.extensions import limiter
from participation.territory import picker

bp = Blueprint("accounts", __name__)
bp.record_once(lambda state: sessions.init_app(state.app))

FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,59}")


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _login_account_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_ACCOUNT"]


def _login_account_key() -> str:
    """Failed sign-ins count per account too (a digest of the typed address), from any address."""
    address = services.normalise_email(request.form.get("email"))
    return "login-account:" + hashlib.sha256(address.encode()).hexdigest()


def _sign_in_failed(response) -> bool:
    return response.status_code != 303


def _reset_limit() -> str:
    return current_app.config["RATELIMIT_RESET"]


def _write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


def _next_url(fallback: str | None = None) -> str:
    """The local page to return to (form field or query string), else the fallback."""
    if fallback is None:
        fallback = url_for("core.home")
    target = request.form.get("next") or request.args.get("next")
    # Browsers read "/\evil" as "//evil"; control characters have no place in a path.
    if target and ("\\" in target or any(ord(ch) < 32 for ch in target)):
        return fallback
    return safe_next(target, fallback)


def _see_other(location: str):
    return redirect(location, code=303)


@bp.route("/registrace", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def register():
    """Create an account; a confirmation link is mailed (the answer is the same for any address)."""
    if current_user.is_authenticated:
        return redirect_to("accounts.profile")
    form = forms.RegistrationForm()
    if form.validate_on_submit():
        services.register(
            form.email.data, form.password.data, form.display_name.data,
            form.home_municipality_id.data, str(get_locale() or "cs"),
        )
        return _see_other(url_for("accounts.registration_sent", next=_next_url("") or None))
    return render_template("accounts/register.html", form=form, next=_next_url(""))


@bp.get("/registrace/odeslano")
def registration_sent():
    """Tell the visitor to open the link in their mailbox."""
    return render_template("accounts/registration_sent.html", next=_next_url(""))


@bp.get("/potvrzeni/<token>")
def confirm_email(token: str):
    """Follow the emailed link that confirms the address; it signs a new account in (once)."""
    result, user = services.confirm_email(token)
    if result is TokenResult.OK and not current_user.is_authenticated and user.is_active:
        sessions.sign_in(user)
        services.record_login(user)
    status = 200 if result in (TokenResult.OK, TokenResult.ALREADY) else 400
    return render_template("accounts/confirm_result.html", result=result.value), status


@bp.post("/potvrzeni/znovu-odeslat")
@login_required
@limiter.limit(_reset_limit)
def resend_confirmation():
    """Mail the confirmation link again."""
    if current_user.is_confirmed:
        flash(gettext("Your email address is confirmed already."), "success")
    else:
        services.send_confirmation(current_user)
        flash(gettext("We sent a new confirmation link to %(email)s.", email=current_user.email),
              "success")
    return _see_other(_next_url(url_for("accounts.profile")))


@bp.route("/prihlaseni", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_account_limit, key_func=_login_account_key, methods=["POST"],
               deduct_when=_sign_in_failed)
def login():
    """Sign in with email address and password."""
    if current_user.is_authenticated:
        return _see_other(_next_url())
    form = forms.LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(gettext("Wrong email address or password."))
        else:
            sessions.sign_in(user, remember=form.remember.data)
            services.record_login(user)
            return _see_other(_next_url())
    return render_template("accounts/login.html", form=form, next=_next_url(""))


@bp.post("/odhlaseni")
def logout():
    """Sign out: end this sign-in session and forget the remember-me cookie."""
    sessions.end_current()
    flash(gettext("You are signed out."), "success")
    return redirect_to("core.home")


@bp.route("/heslo/obnova", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def request_reset():
    """Ask for a password reset link; the answer is the same for any address."""
    form = forms.ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return redirect_to("accounts.reset_sent")
    return render_template("accounts/reset_request.html", form=form)


@bp.get("/heslo/obnova/odeslano")
def reset_sent():
    """Tell the visitor to look in their mailbox."""
    return render_template("accounts/reset_sent.html")


@bp.route("/heslo/obnova/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password from an emailed link (expires, works once)."""
    result, user = services.user_for_reset(token)
    if result is not TokenResult.OK:
        return render_template("accounts/reset_invalid.html", result=result.value), 400
    form = forms.ResetPasswordForm(account=user)
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        if current_user.is_authenticated:
            sessions.end_current()
        flash(gettext("Your password is changed. Sign in with the new one."), "success")
        return redirect_to("accounts.login")
    return render_template("accounts/reset_password.html", form=form, token=token)


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    """Edit display name, home municipality and language."""
    form = forms.ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.display_name.data,
                                form.home_municipality_id.data, form.locale.data)
        flash(gettext("Your profile is saved."), "success")
        response = redirect_to("accounts.profile")
        response.set_cookie("lang", current_user.locale, max_age=365 * 24 * 3600,
                            samesite="Lax", httponly=True)
        return response
    return render_template("accounts/profile.html", form=form)


@bp.route("/profil/heslo", methods=["GET", "POST"])
@login_required
@limiter.limit(_reset_limit, methods=["POST"])
def change_password():
    """Change the password, knowing the current one."""
    form = forms.ChangePasswordForm(account=current_user)
    if form.validate_on_submit():
        services.change_password(current_user, form.password.data, sessions.current_session_id())
        flash(gettext("Your password is changed."), "success")
        return redirect_to("accounts.profile")
    return render_template("accounts/change_password.html", form=form)


@bp.get("/profil/relace")
@login_required
def sign_in_sessions():
    """Where the account is signed in: each browser, when it was last used; end one or all others."""
    response = current_app.make_response(render_template(
        "accounts/sessions.html", sign_in_sessions=sessions.active_sessions(current_user),
        current_id=sessions.current_session_id(), form=forms.EmptyForm()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/profil/relace/<int:session_id>/ukoncit")
@login_required
@limiter.limit(_write_limit)
def end_sign_in_session(session_id: int):
    """Sign one browser out; ending this browser's own session is signing out."""
    if session_id == sessions.current_session_id():
        sessions.end_current()
        flash(gettext("You are signed out."), "success")
        return redirect_to("core.home")
    if not sessions.end_session(current_user, session_id):
        abort(404)
    flash(gettext("That device is signed out."), "success")
    return redirect_to("accounts.sign_in_sessions")


@bp.post("/profil/relace/ukoncit-ostatni")
@login_required
@limiter.limit(_write_limit)
def end_other_sign_in_sessions():
    """Sign out everywhere else: every browser but this one."""
    services.end_other_sessions(current_user, sessions.current_session_id())
    flash(gettext("You are signed out on every other device."), "success")
    return redirect_to("accounts.sign_in_sessions")


@bp.get("/profil/data")
@login_required
def your_data():
    """What Spolu holds about you, with the downloads."""
    return render_template("accounts/your_data.html")


@bp.get("/profil/data/spolu.<any(json, zip):kind>")
@login_required
@limiter.limit(_reset_limit)
def download_your_data(kind: str):
    """Everything Spolu holds about you: JSON, or CSV files (and the JSON) in a zip; a large export is mailed."""
    if data_exports.is_large(current_user):
        services.request_data_export(current_user, kind)
        flash(gettext("There is a lot of it: we are preparing the file and will mail a download link "
                      "to %(email)s.", email=current_user.email), "success")
        return _see_other(url_for("accounts.your_data"))
    return _data_download(data_exports.build(current_user, kind), kind)


@bp.get("/profil/data/stazeni/<token>")
@login_required
def download_prepared_data(token: str):
    """A prepared export from the mailed link: only for the account it was made for, once, until it expires."""
    outcome, prepared = data_exports.find_for(current_user, token)
    if prepared is None:
        response = current_app.make_response((render_template(
            "accounts/data_export_gone.html", outcome=outcome), 404 if outcome == "invalid" else 410))
        response.headers["Cache-Control"] = "no-store"
        return response
    kind = prepared.kind
    return _data_download(data_exports.take(prepared), kind)


def _data_download(body: bytes, kind: str):
    response = current_app.response_class(body, mimetype=data_exports.KINDS[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="spolu-{current_user.id}.{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/profil/email", methods=["GET", "POST"])
@login_required
@limiter.limit(_reset_limit, methods=["POST"])
def change_email():
    """Ask for a new address; it takes effect when the link mailed to it is opened."""
    form = forms.ChangeEmailForm(account=current_user)
    if form.validate_on_submit():
        if services.normalise_email(form.email.data) == current_user.email:
            form.email.errors.append(gettext("This is your current address already."))
        else:
            # The same answer whether or not another account uses the address (its owner is told).
            services.request_email_change(current_user, form.email.data)
            flash(gettext("We sent a link to %(email)s. Your address changes when you open it; "
                          "until then, keep using the current one.",
                          email=services.normalise_email(form.email.data)), "success")
            return redirect_to("accounts.profile")
    status = 422 if form.errors else 200
    return render_template("accounts/change_email.html", form=form), status


@bp.get("/profil/email/potvrzeni/<token>")
def confirm_email_change(token: str):
    """Follow the link mailed to the new address."""
    result, _user = services.confirm_email_change(token, sessions.current_session_id())
    status = 200 if result in (TokenResult.OK, TokenResult.ALREADY) else 400
    return render_template("accounts/email_change_result.html", result=result.value), status


@bp.route("/profil/smazat", methods=["GET", "POST"])
@login_required
@limiter.limit(_reset_limit, methods=["POST"])
def delete_account():
    """Delete the account after typing the password; what it wrote stays, anonymised."""
    form = forms.DeleteAccountForm(account=current_user)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        sessions.end_current()
        services.delete_account(user, remove_comments=form.comments.data == forms.COMMENTS_REMOVE)
        flash(gettext("Your account is deleted. Thank you for taking part."), "success")
        return redirect_to("core.home")
    return render_template("accounts/delete.html", form=form)


@bp.get("/obce/naseptavac")
def municipality_suggestions():
    """Municipalities matching the typed text: choices for the picker (htmx) or a plain page."""
    name = request.args.get("field", "municipality")
    field_id = request.args.get("id", name)
    if not FIELD_NAME.fullmatch(name) or not FIELD_NAME.fullmatch(field_id):
        abort(404)
    multiple = request.args.get("multiple") == "1"
    query = picker.clean_query(request.args.get(f"{name}-q") or request.args.get("q"))
    found = picker.search_municipalities(query, picker.SUGGESTION_LIMIT + 1)
    more = len(found) > picker.SUGGESTION_LIMIT
    found = found[: picker.SUGGESTION_LIMIT]
    selected: list = []
    if multiple:
        ids, _bad = picker.parse_ids(request.args.getlist(name))
        selected = picker.load_municipalities(ids)
    chosen = {m.id for m in selected}
    options = selected + [m for m in found if m.id not in chosen]
    return render_page_or_fragment(
        "accounts/municipality_suggestions.html",
        "accounts/_municipality_suggestions.html",
        name=name, field_id=field_id, multiple=multiple, options=options,
        selected_ids=chosen, query=query, more=more,
    )


# Destructive actions ask first (participation/common/confirm.py).
confirmable("accounts.end_sign_in_session", _l("Sign this device out?"), _l("Yes, sign it out"))
confirmable(
    "accounts.end_other_sign_in_sessions",
    _l("Sign out on every other device?"),
    _l("Yes, sign out everywhere else"),
)
