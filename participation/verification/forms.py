"""Forms for verifying residency and for filing paper input. Rules and their messages are the services'."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from participation.verification.models import DocumentKind
from participation.verification.residency import MAX_BATCH

MAX = _l("At most %(max)d characters.")
REQUIRED = _l("This field is required.")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"]
DATE_MESSAGE = _l("Write the date like 31.1.1980.")

DOCUMENT_LABELS = {
    DocumentKind.ID_CARD: _l("Identity card"),
    DocumentKind.PASSPORT: _l("Passport"),
    DocumentKind.RESIDENCE_PERMIT: _l("Residence permit"),
    DocumentKind.OTHER: _l("Another official document with the address"),
}


class CodeForm(FlaskForm):
    code = StringField(_l("Code from the letter"), validators=[DataRequired(REQUIRED), Length(max=40, message=MAX)],
                       description=_l("12 letters and digits, for example ABCD-EFGH-JKMN. Dashes and spaces do "
                                      "not matter."))


class RegisterMatchForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=120, message=MAX)],
                       description=_l("As on your identity card: first name and surname."))
    born_on = DateField(_l("Date of birth"), format=DATE_FORMATS,
                        validators=[DataRequired(DATE_MESSAGE)], description=_l("For example 31.1.1980."))


class LetterBatchForm(FlaskForm):
    size = IntegerField(_l("Number of letters"), default=20,
                        validators=[DataRequired(REQUIRED), NumberRange(1, MAX_BATCH, _l("Between 1 and %(max)d."))])
    locality = SelectField(_l("Locality"), coerce=int, default=0,
                           description=_l("Letters for one settlement only, or the whole municipality."))
    output = SelectField(_l("Print as"), choices=[("html", _l("A page to print (A4)")), ("pdf", _l("PDF"))],
                         default="pdf")


class InPersonForm(FlaskForm):
    email = EmailField(_l("Resident's email address"),
                       validators=[DataRequired(REQUIRED), Email(_l("Enter a valid email address.")),
                                   Length(max=254, message=MAX)])
    document_kind = SelectField(_l("Document seen"), choices=[(k.value, label) for k, label in DOCUMENT_LABELS.items()],
                                validators=[DataRequired(REQUIRED)],
                                description=_l("Record the kind of document only, never its number."))
    name = StringField(_l("Full name on the document"), validators=[Optional(), Length(max=120, message=MAX)],
                       description=_l("Optional. With the date of birth, it lets the office find the same person's "
                                      "paper forms, so nobody counts twice. Only a keyed hash is kept."))
    born_on = DateField(_l("Date of birth"), format=DATE_FORMATS, validators=[Optional()])


class RegisterUploadForm(FlaskForm):
    file = FileField(_l("Register of residents (CSV)"), validators=[FileRequired(REQUIRED)],
                     description=_l("Columns name, date_of_birth and address, one resident a row. The file is not "
                                    "kept: only a keyed hash of each name and date of birth."))


class PaperSupportForm(FlaskForm):
    """One paper form: who signed it, for which municipality; or an account, with consent."""

    municipality = SelectField(_l("Counts for"), coerce=int)
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=120, message=MAX)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200, message=MAX)])
    born_on = DateField(_l("Date of birth"), format=DATE_FORMATS, validators=[Optional()],
                        description=_l("For example 31.1.1980. Finds the same person if the form is typed in twice."))
    email = EmailField(_l("Or: the resident's account (email)"),
                       validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254, message=MAX)],
                       description=_l("For a resident who has an account and came to the office in person."))
    consent = BooleanField(_l("The resident agreed that I file this support for them"))
    form_code = StringField(_l("Form number"), validators=[Optional(), Length(max=40, message=MAX)],
                            description=_l("Optional: the number written on the paper form."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.email.data:
            return valid
        for name in ("name", "address"):
            if not (getattr(self, name).data or "").strip():
                getattr(self, name).errors.append(_l("Fill in the name, address and date of birth, or an account."))
                valid = False
        if self.born_on.data is None and not self.born_on.errors:
            self.born_on.errors.append(DATE_MESSAGE)
            valid = False
        return valid


class PaperAnswerPersonForm(FlaskForm):
    """Who filled in a paper questionnaire: a named person, an account, or nobody named (not for verified-only)."""

    municipality = SelectField(_l("Counts for"), coerce=int)
    form_code = StringField(_l("Form code"), validators=[Optional(), Length(max=40, message=MAX)],
                            description=_l("As printed at the top of the questionnaire, e.g. K12-0007-XY. Each copy is "
                                           "typed in once."))
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=120, message=MAX)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200, message=MAX)])
    born_on = DateField(_l("Date of birth"), format=DATE_FORMATS, validators=[Optional()],
                        description=_l("For example 31.1.1980."))
    email = EmailField(_l("Or: the resident's account (email)"),
                       validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254, message=MAX)])
    consent = BooleanField(_l("The resident agreed that I file these answers for them"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.email.data or not (self.name.data or "").strip():
            return valid
        if not (self.address.data or "").strip():
            self.address.errors.append(_l("Fill in the address with the name."))
            valid = False
        if self.born_on.data is None and not self.born_on.errors:
            self.born_on.errors.append(DATE_MESSAGE)
            valid = False
        return valid


class ProposalPersonForm(PaperSupportForm):
    """For whom a proposal is written at the office: a person from a paper form, or an account with consent."""

    municipality = None  # the municipality is the office's, in the address
    consent = BooleanField(_l("The resident agreed that I file this proposal for them"))


class CommentPersonForm(PaperSupportForm):
    """A comment written at the office: for a person from a paper form, or an account with consent."""

    consent = BooleanField(_l("The resident agreed that I file this comment for them"))
    body = TextAreaField(_l("The comment"), validators=[Length(max=5000, message=MAX)],
                         description=_l("As the resident wrote or said it."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.body.data or "").strip():
            self.body.errors = [*self.body.errors, _l("Write the comment.")]
            valid = False
        return valid
