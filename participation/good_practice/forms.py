"""The write-up form: text, category, contact, and the links of the chain."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.agreements import queries as agreement_queries
from participation.agreements.models import Agreement
from participation.chain.scoping import municipality_choices
from participation.extensions import db
from participation.good_practice.services import FINISHED_PROJECT_STATUSES
from participation.permissions.scopes import scope_of
from participation.projects import queries as project_queries
from participation.projects.models import Project
from participation.proposals.labels import CATEGORY_LABELS
from participation.proposals.models import Proposal, ProposalStatus, proposal_municipality

CHOICE_LIMIT = 200
MAX = _l("At most %(max)d characters.")


def proposal_choices(user, selected_ids=()) -> list[tuple[int, str]]:
    """Solved proposals the user writes for, plus any already chosen."""
    statement = select(Proposal.id, Proposal.title).where(Proposal.status == ProposalStatus.SOLVED)
    scope = scope_of(user)
    if not scope.everywhere:
        statement = statement.where(or_(
            Proposal.id.in_(select(proposal_municipality.c.proposal_id).where(
                proposal_municipality.c.municipality_id.in_(scope.municipality_ids))),
            Proposal.grouping_id.in_(scope.grouping_ids)))
    rows = list(db.session.execute(statement.order_by(Proposal.id.desc()).limit(CHOICE_LIMIT)))
    extra = set(selected_ids) - {row.id for row in rows}
    if extra:
        rows += db.session.execute(select(Proposal.id, Proposal.title).where(Proposal.id.in_(extra)))
    return [(row.id, row.title) for row in rows]


def project_choices(user, selected_id=None) -> list[tuple[int, str]]:
    """Finished projects the user writes for."""
    statement = select(Project.id, Project.title).where(Project.status.in_(FINISHED_PROJECT_STATUSES))
    in_scope = project_queries.SCOPING.within(scope_of(user))
    if in_scope is not None:
        statement = statement.where(in_scope)
    rows = list(db.session.execute(statement.order_by(Project.title).limit(CHOICE_LIMIT)))
    if selected_id and selected_id not in {row.id for row in rows}:
        rows += db.session.execute(select(Project.id, Project.title).where(Project.id == selected_id))
    return [(0, _l("None"))] + [(row.id, row.title) for row in rows]


def agreement_choices(user, selected_id=None) -> list[tuple[int, str]]:
    """Agreements (not drafts) with a party the user acts for."""
    statement = select(Agreement.id, Agreement.title).where(agreement_queries.PUBLIC)
    in_scope = agreement_queries.SCOPING.within(scope_of(user))
    if in_scope is not None:
        statement = statement.where(in_scope)
    rows = list(db.session.execute(statement.order_by(Agreement.title).limit(CHOICE_LIMIT)))
    if selected_id and selected_id not in {row.id for row in rows}:
        rows += db.session.execute(select(Agreement.id, Agreement.title).where(Agreement.id == selected_id))
    return [(0, _l("None"))] + [(row.id, row.title) for row in rows]


class GoodPracticeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Enter the title.")), Length(max=200, message=MAX)])
    summary = TextAreaField(_l("Summary"), validators=[
        DataRequired(_l("Write a one-paragraph summary.")), Length(max=1000, message=MAX)],
        description=_l("One paragraph: what was solved and how, for someone deciding whether to read on."))
    category = SelectField(_l("Category"), choices=[(c.value, label) for c, label in CATEGORY_LABELS.items()],
                           validators=[DataRequired(_l("Choose a category."))])
    body = TextAreaField(_l("The write-up"), validators=[Optional(), Length(max=50000, message=MAX)],
                         description=_l("What the problem was, what was done, cost and funding, what to watch "
                                        "out for. Markdown: **bold**, lists, links."))
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=300, message=MAX)],
                          description=_l("An office or role to ask, e.g. the municipal office's environment "
                                         "department. No personal data is needed."))
    proposals = SelectMultipleField(_l("Solved proposals it answers"), coerce=int, validate_choice=False,
                                    description=_l("Only solved proposals can be linked. Hold Ctrl (or Cmd) "
                                                   "to choose several."))
    project_id = SelectField(_l("Project"), coerce=int, validate_choice=False, default=0,
                             description=_l("A joint project that is done or operating."))
    agreement_id = SelectField(_l("Agreement"), coerce=int, validate_choice=False, default=0)
    municipalities = SelectMultipleField(_l("Where it was done"), coerce=int, validate_choice=True,
                                         description=_l("Leave empty to take the municipalities of the linked "
                                                        "proposals and project."))

    def set_choices(self, user) -> None:
        selected = {value for value in (self.municipalities.data or []) if isinstance(value, int)}
        self.municipalities.choices = municipality_choices(user, selected)
        chosen = [value for value in (self.proposals.data or []) if isinstance(value, int)]
        self.proposals.choices = proposal_choices(user, chosen)
        self.project_id.choices = project_choices(user, self.project_id.data or None)
        self.agreement_id.choices = agreement_choices(user, self.agreement_id.data or None)
