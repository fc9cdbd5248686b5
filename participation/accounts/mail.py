"""Account mail (confirmation, reset, address change, registration attempt), rendered and sent by a queued job.

Requests only queue it (accounts.services._send); the notifications job queue
runs `deliver_account_mail`, so a request that mails takes as long as one that does not.
"""

import logging

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.common.mail import Mail, MailError, send_mail
from participation.extensions import db

log = logging.getLogger(__name__)

SUBJECTS = {
    "confirm": _l("Confirm your email address for Spolu"),
    "reset": _l("Reset your Spolu password"),
    "change_email": _l("Confirm your new email address for Spolu"),
    "email_changed": _l("The email address of your Spolu account has changed"),
    "registration_attempt": _l("Someone tried to register at Spolu with your address"),
    "email_change_attempt": _l("Someone tried to use your address for another Spolu account"),
    "data_export": _l("Your data from Spolu is ready to download"),
}


def deliver_account_mail(user_id: int, template: str, to: str, context: dict) -> None:
    """Render and send one queued account mail in the user's language; raises MailError to retry."""
    user = db.session.get(User, user_id)
    if user is None or template not in SUBJECTS or not to:
        return
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail = Mail(
            to=to,
            subject=str(SUBJECTS[template]),
            text=render_template(f"email/accounts/{template}_text.html", user=user, **context),
            html=render_template(f"email/accounts/{template}.html", user=user, **context),
        )
    try:
        send_mail(mail)
    except MailError:
        log.warning("Could not send %s mail to user %s; the queue retries", template, user.id)
        raise
