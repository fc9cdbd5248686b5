"""Forms for a proposal's photos, PDF and updates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from participation.proposals.forms import ProposalForm
from participation.proposals.updates import MAX_LENGTH

PHOTO_HINT = _l("JPEG, PNG or WebP. We remove the location and other data the camera stored in the file.")
ALT_HINT = _l("Describe it in a sentence for people who cannot see it, e.g. "
              "\u201cThe bus stop in Dolní Ves without a shelter\u201d.")


class AttachmentFields:
    """A photo with its description and a PDF; mixed into the proposal form and the later 'add' form."""

    photo = FileField(_l("Photo (optional)"), description=PHOTO_HINT,
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})
    photo_alt = StringField(_l("What the photo shows"), description=ALT_HINT, validators=[
        Length(max=300, message=_l("At most 300 characters.")),
    ])
    document = FileField(_l("PDF document (optional)"),
                         description=_l("One PDF, e.g. a map or a letter; a new one replaces the old."),
                         render_kw={"accept": "application/pdf,.pdf"})

    def validate_photo_alt(self, field):
        if self.photo.data and not (field.data or "").strip():
            raise ValidationError(_l("Say what the photo shows."))

    def has_files(self) -> bool:
        return bool(self.photo.data or self.document.data)


class ProposalMediaForm(AttachmentFields, ProposalForm):
    """The proposal form with a photo and a PDF."""


class AttachmentForm(AttachmentFields, FlaskForm):
    """Adding a photo or the PDF to a proposal from its page."""

    def validate_photo(self, field):
        if not field.data and not self.document.data:
            raise ValidationError(_l("Choose a photo or a PDF file."))


class RemoveAttachmentForm(FlaskForm):
    reason = StringField(_l("Reason (shown in the audit log)"), validators=[
        Length(max=500, message=_l("At most 500 characters.")),
    ])


class UpdateForm(FlaskForm):
    body = TextAreaField(_l("Update"), validators=[
        DataRequired(message=_l("Write the update.")),
        Length(max=MAX_LENGTH, message=_l("At most 5,000 characters.")),
    ], description=_l("What happened since you published it? Dated and sent to the followers. "
                      "Markdown is allowed."))


class HideUpdateForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why: residents see the reason in its place.")),
        Length(max=500, message=_l("At most 500 characters.")),
    ])
