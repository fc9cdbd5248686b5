"""Forms for projects, their funding, milestones, updates and linked proposals."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.agreements.models import Agreement, AgreementStatus
from participation.chain.scoping import municipality_choices
from participation.common.validation import DateRange
from participation.extensions import db
from participation.projects.models import ProgressMode, ProjectKind, ProjectStatus
from participation.territory.geo import RouteField, latitude_field, longitude_field

KIND_LABELS = {
    ProjectKind.FIBRE_BACKBONE: _l("Fibre-optic backbone"),
    ProjectKind.SHARED_INFRASTRUCTURE: _l("Shared line infrastructure and radio masts"),
    ProjectKind.ROADS_PATHS: _l("Roads and paths"),
    ProjectKind.WATER_SEWAGE: _l("Water and sewage"),
    ProjectKind.ENERGY: _l("Energy"),
    ProjectKind.WASTE: _l("Waste"),
    ProjectKind.OTHER: _l("Other"),
}
STATUS_LABELS = {
    ProjectStatus.PLANNED: _l("Planned"),
    ProjectStatus.PREPARING: _l("Preparing"),
    ProjectStatus.TENDERING: _l("Tendering"),
    ProjectStatus.BUILDING: _l("Building"),
    ProjectStatus.OPERATING: _l("Operating"),
    ProjectStatus.DONE: _l("Done"),
    ProjectStatus.CANCELLED: _l("Cancelled"),
}
MAX_AMOUNT = Decimal("999999999999.99")


class CzkField(DecimalField):
    """An amount in crowns typed the Czech way too: "1 250 000,50" or "1250000.5"."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].replace("\xa0", "").replace(" ", "").replace("Kč", "").replace(",", ".")
        try:
            self.data = Decimal(raw).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value.")) from None
        if not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(self.data.normalize(), "f")


def _amount_validators():
    return [Optional(), NumberRange(min=0, message=_l("An amount cannot be negative.")),
            NumberRange(max=MAX_AMOUNT, message=_l("This amount is too large."))]


class FundingRowForm(Form):
    name = StringField(_l("Source"), validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))])
    amount = CzkField(_l("Amount (CZK)"), validators=_amount_validators())

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.name.data and self.amount.data is None and not self.amount.errors:
            self.amount.errors = [*self.amount.errors, _l("Enter the amount for this source.")]
            return False
        if self.amount.data is not None and not (self.name.data or "").strip():
            self.name.errors = [*self.name.errors, _l("Name the source of this amount.")]
            return False
        return valid


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Enter the project's title.")), Length(max=200, message=_l("At most %(max)d characters."))])
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    status = SelectField(_l("Status"), choices=[(s.value, label) for s, label in STATUS_LABELS.items()],
                         default=ProjectStatus.PLANNED.value)
    municipalities = SelectMultipleField(_l("Municipalities"), coerce=int,
                                         description=_l("Hold Ctrl (or Cmd) to choose several."))
    agreement_id = SelectField(_l("Agreement"), coerce=int, default=0,
                               description=_l("The cooperation agreement the project is carried out under, if any."))
    description = TextAreaField(_l("Description"), validators=[
        Optional(), Length(max=20000, message=_l("At most %(max)d characters."))],
        description=_l("What is being built or run, and for whom. Markdown: **bold**, lists, links."))
    budget = CzkField(_l("Budget (CZK)"), validators=_amount_validators())
    funding = FieldList(FormField(FundingRowForm), min_entries=3)
    confirm_funding = BooleanField(_l("Yes, the funding sources really add up to more than the budget."))
    progress_mode = SelectField(_l("Progress"), choices=[
        (ProgressMode.MILESTONES.value, _l("From milestones reached")),
        (ProgressMode.MANUAL.value, _l("Set by hand")),
    ])
    manual_progress = IntegerField(_l("Progress set by hand (%)"), validators=[
        Optional(), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100."))])
    place_name = StringField(_l("Place"), validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))],
                             description=_l("Optional: where it is, in words (e.g. the route of the backbone)."))
    latitude = latitude_field()
    longitude = longitude_field()
    route = RouteField(_l("Route"), render_kw={"rows": 5, "spellcheck": "false", "autocomplete": "off"},
                       description=_l("Optional: the line of a fibre backbone, a path or a pipe. One point a line, "
                                      "latitude and longitude, e.g. 49.9443, 16.3520 (at least two points); "
                                      "a GeoJSON LineString can be pasted too."))

    def set_choices(self, user, project=None) -> None:
        selected = {m.id for m in project.municipalities} if project else set()
        self.municipalities.choices = municipality_choices(user, selected)
        rows = db.session.execute(select(Agreement.id, Agreement.title)
                                  .where(Agreement.status != AgreementStatus.DRAFT).order_by(Agreement.title))
        self.agreement_id.choices = [(0, _l("No agreement")), *[(row.id, row.title) for row in rows]]
        # Room for new sources below the existing ones (without JavaScript).
        while len(self.funding.entries) < len([e for e in self.funding.entries if e.form.name.data]) + 2:
            self.funding.append_entry()

    def funding_rows(self):
        return [(row.form.name.data.strip(), row.form.amount.data) for row in self.funding.entries
                if row.form.amount.data is not None and (row.form.name.data or "").strip()]


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[
        DataRequired(_l("Name the milestone.")), Length(max=200, message=_l("At most %(max)d characters."))])
    planned_on = DateField(_l("Planned for"), validators=[Optional(), DateRange()])
    done_on = DateField(_l("Reached on"), validators=[Optional(), DateRange()],
                        description=_l("Leave empty until the milestone is reached."))


class UpdateForm(FlaskForm):
    body = TextAreaField(_l("What happened"), validators=[
        DataRequired(_l("Write the update.")), Length(max=10000, message=_l("At most %(max)d characters."))])
    posted_on = DateField(_l("Date"), validators=[Optional(), DateRange()], description=_l("Today if left empty."))
    image = FileField(_l("Picture (optional)"), description=_l("JPEG, PNG or WebP, at most 8 MB."))
    image_description = StringField(_l("What the picture shows"), validators=[
        Optional(), Length(max=300, message=_l("At most %(max)d characters."))],
        description=_l("For people who cannot see it."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        has_image = bool(self.image.data and getattr(self.image.data, "filename", ""))
        if has_image and not (self.image_description.data or "").strip():
            self.image_description.errors = [*self.image_description.errors,
                                             _l("Describe the picture for people who cannot see it.")]
            return False
        return valid


class LinkForm(FlaskForm):
    project_id = SelectField(_l("Project"), coerce=int, validate_choice=False,
                             validators=[DataRequired(_l("Choose a project."))])
    note = TextAreaField(_l("How the project answers the proposal"), validators=[
        DataRequired(_l("Write a note on how the project answers the proposal.")),
        Length(max=2000, message=_l("At most %(max)d characters."))])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Write the reason.")), Length(max=2000, message=_l("At most %(max)d characters."))])
