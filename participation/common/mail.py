"""The outbox: every email Spolu sends goes through `send_mail`.

With MAIL_SERVER set, messages go out over SMTP. Without it, each message is
logged and written to instance/outbox/ as an .eml file, so a developer can
open a confirmation link locally.
"""

import logging
import smtplib
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class MailError(Exception):
    """Sending failed; the caller may retry."""


def build_message(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="spolu.local")
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


def outbox_dir() -> Path:
    path = Path(current_app.instance_path) / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def send_mail(mail: Mail) -> None:
    """Send one email by SMTP, or write it to the outbox folder in development."""
    message = build_message(mail)
    config = current_app.config
    if config.get("MAIL_BACKEND") == "memory":  # tests read sent mail from here
        current_app.extensions.setdefault("spolu_outbox", []).append(mail)
        return
    if not config.get("MAIL_SERVER"):
        path = outbox_dir() / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(bytes(message))
        log.info("Mail to %s, %r, written to %s\n%s", mail.to, mail.subject, path, mail.text)
        return
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(str(error)) from error
