"""The inbox's bulk status form (the proposals are the checked boxes, read by the view)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.permissions.proposals import MODERATOR_STATUSES
from participation.proposals.labels import STATUS_LABELS


class BulkStatusForm(FlaskForm):
    status = SelectField(_l("New status for the selected proposals"),
                         choices=[(s.value, STATUS_LABELS[s]) for s in MODERATOR_STATUSES])
    reason = TextAreaField(_l("Reason (one for all)"), validators=[
        DataRequired(message=_l("Say why: residents see the reason on each proposal.")),
        Length(max=2000, message=_l("At most 2,000 characters.")),
    ], description=_l("Each selected proposal gets this status and reason, as if changed one by one."))
