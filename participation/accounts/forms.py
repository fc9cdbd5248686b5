"""Forms for registration, sign-in, password reset, profile and deletion."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from participation.accounts import passwords
from participation.territory.picker import MunicipalityField

PASSWORD_MIN = 10
PASSWORD_MAX = 200
DISPLAY_NAME_MAX = 80
EMAIL_MAX = 254


def _strip(value):
    """Trim spaces and drop control characters (PostgreSQL refuses NUL in text)."""
    if not isinstance(value, str):
        return value
    return "".join(ch for ch in value if ch.isprintable() or ch == " ").strip()


def _email_field(label=None):
    return EmailField(
        label or _l("Email"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=EMAIL_MAX, message=_l("An email address has at most %(max)d characters.")),
            Email(_l("Enter an email address like name@example.cz.")),
        ],
    )


def _new_password_field(label=None):
    return PasswordField(
        label or _l("Password"),
        description=_l("At least %(min)d characters. A few unrelated words are easy to remember.",
                       min=PASSWORD_MIN),
        validators=[
            InputRequired(_l("Choose a password.")),
            Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
                   message=_l("The password must have %(min)d to %(max)d characters.")),
        ],
    )


def _display_name_field():
    return StringField(
        _l("Display name"),
        filters=[_strip],
        description=_l("Shown beside your proposals and comments. It need not be your full name."),
        validators=[
            DataRequired(_l("Enter a name to show.")),
            Length(min=2, max=DISPLAY_NAME_MAX,
                   message=_l("The name must have %(min)d to %(max)d characters.")),
        ],
    )


def _home_field():
    return MunicipalityField(
        _l("Home municipality"),
        description=_l("Type its name or six-digit code. Your support counts for this municipality."),
        validators=[DataRequired(_l("Choose your home municipality."))],
    )


class _AccountForm:
    """A form about one account; the view passes the user as `account`."""

    def __init__(self, *args, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account


class NewPasswordMixin(_AccountForm):
    """Refuses a common or guessable password, or one made of the person's own details."""

    def personal_details(self) -> tuple:
        account = self.account
        if account is None:
            return ()
        home = account.home_municipality.name if account.home_municipality else None
        return (account.email, account.display_name, home)

    def validate_password(self, field):
        if field.errors or not field.data:  # too short or too long: that message is enough
            return
        problem = passwords.weakness(field.data, passwords.personal_words(*self.personal_details()))
        if problem:
            raise ValidationError(problem)


class RegistrationForm(NewPasswordMixin, FlaskForm):
    email = _email_field()
    password = _new_password_field()
    display_name = _display_name_field()
    home_municipality_id = _home_field()

    def personal_details(self) -> tuple:
        return (self.email.data, self.display_name.data)


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX)],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ResetRequestForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = _new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(_l("Type the new password again.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
    )


class ProfileForm(FlaskForm):
    display_name = _display_name_field()
    home_municipality_id = _home_field()
    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice("cs", "Čeština", render_kw={"lang": "cs"}),
                 SelectChoice("en", "English", render_kw={"lang": "en"})],
        validators=[InputRequired()],
    )


class CurrentPasswordMixin(_AccountForm):
    """Asks for the current password; the view passes the user as `account`."""

    def validate_current_password(self, field):
        if self.account is None or not self.account.check_password(field.data or ""):
            raise ValidationError(_l("This is not your current password."))


class ChangePasswordForm(CurrentPasswordMixin, NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password.")), Length(max=PASSWORD_MAX)],
    )
    password = _new_password_field(_l("New password"))


class ChangeEmailForm(CurrentPasswordMixin, FlaskForm):
    email = _email_field(_l("New email address"))
    current_password = PasswordField(
        _l("Your password"),
        description=_l("To make sure it is you, type your password."),
        validators=[InputRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX)],
    )


COMMENTS_KEEP = "keep"
COMMENTS_REMOVE = "remove"


class DeleteAccountForm(CurrentPasswordMixin, FlaskForm):
    comments = RadioField(
        _l("Your comments"),
        choices=[SelectChoice(COMMENTS_KEEP, _l("Keep them, shown as written by “Deleted user”")),
                 SelectChoice(COMMENTS_REMOVE, _l("Remove their text (replies to them stay readable)"))],
        default=COMMENTS_KEEP,  # also when an older page posts without the choice
    )
    current_password = PasswordField(
        _l("Your password"),
        description=_l("To make sure it is you, type your password."),
        validators=[InputRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX)],
    )


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons such as sign out and resend confirmation."""
