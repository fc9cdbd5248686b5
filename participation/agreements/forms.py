"""Forms for agreements, their documents and ties to proposals."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from participation.agreements.models import AgreementKind, AgreementStatus
from participation.chain.scoping import grouping_choices, municipality_choices
from participation.common.validation import DateRange

KIND_LABELS = {
    AgreementKind.DSO_STATUTE: _l("Statute of a voluntary association of municipalities (DSO)"),
    AgreementKind.PUBLIC_LAW_CONTRACT: _l("Public-law contract"),
    AgreementKind.MEMORANDUM: _l("Memorandum"),
    AgreementKind.JOINT_PROCUREMENT: _l("Joint procurement"),
    AgreementKind.SHARED_ADVISOR: _l("Contract for a shared advisor"),
}
STATUS_LABELS = {
    AgreementStatus.DRAFT: _l("Draft"),
    AgreementStatus.NEGOTIATION: _l("Negotiation"),
    AgreementStatus.SIGNED: _l("Signed"),
    AgreementStatus.IN_FORCE: _l("In force"),
    AgreementStatus.ENDED: _l("Ended"),
}


class AgreementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Enter the agreement's title.")),
        Length(max=200, message=_l("At most %(max)d characters.")),
    ])
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in KIND_LABELS.items()],
                       validators=[DataRequired(_l("Choose the kind of agreement."))])
    status = SelectField(_l("Status"), choices=[(s.value, label) for s, label in STATUS_LABELS.items()],
                         default=AgreementStatus.DRAFT.value,
                         description=_l("A draft is visible only to the editors of its parties."))
    municipalities = SelectMultipleField(_l("Municipalities (parties)"), coerce=int, validate_choice=True,
                                         description=_l("Hold Ctrl (or Cmd) to choose several."))
    groupings = SelectMultipleField(_l("Groupings (parties)"), coerce=int, validate_choice=True,
                                    description=_l("A DSO, MAS or other grouping that is itself a party."))
    signed_on = DateField(_l("Signed on"), validators=[Optional(), DateRange()])
    effective_on = DateField(_l("In force from"), validators=[Optional(), DateRange()])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), DateRange()])
    summary = TextAreaField(_l("Summary"), validators=[
        Optional(), Length(max=20000, message=_l("At most %(max)d characters."))],
        description=_l("What the parties agreed, in plain words. Markdown: **bold**, lists, links."))

    def set_choices(self, user, agreement=None) -> None:
        selected = {m.id for m in agreement.municipalities} if agreement else set()
        selected |= {value for value in (self.municipalities.data or []) if isinstance(value, int)}
        self.municipalities.choices = municipality_choices(user, selected)
        self.groupings.choices = grouping_choices()


class DocumentForm(FlaskForm):
    title = StringField(_l("Document title"), validators=[
        DataRequired(_l("Enter the document's title.")),
        Length(max=200, message=_l("At most %(max)d characters.")),
    ])
    file = FileField(_l("PDF file"), description=_l("A PDF of at most 10 MB."))
    url = StringField(_l("Or a link"), validators=[
        Optional(), URL(require_tld=False, message=_l("Enter a full address starting with https://.")),
        Length(max=500, message=_l("At most %(max)d characters.")),
    ])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        has_file = bool(self.file.data and getattr(self.file.data, "filename", ""))
        if has_file == bool(self.url.data):
            self.file.errors = list(self.file.errors) + [_l("Upload a PDF or give a link (one of the two).")]
            return False
        if self.url.data and not self.url.data.lower().startswith(("https://", "http://")):
            self.url.errors = list(self.url.errors) + [_l("Enter a full address starting with https://.")]
            return False
        return valid


class TieForm(FlaskForm):
    agreement_id = SelectField(_l("Agreement"), coerce=int, validate_choice=False,
                               validators=[DataRequired(_l("Choose an agreement."))])
    note = TextAreaField(_l("Why it belongs to this agreement"), validators=[
        DataRequired(_l("Write a note on why the proposal belongs to this agreement.")),
        Length(max=2000, message=_l("At most %(max)d characters.")),
    ])


class UntieForm(FlaskForm):
    reason = TextAreaField(_l("Reason for untying"), validators=[
        DataRequired(_l("Write the reason for untying the proposal.")),
        Length(max=2000, message=_l("At most %(max)d characters.")),
    ])
    next = HiddenField()
