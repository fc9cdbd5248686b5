"""Writing a proposal at the office on a resident's behalf. Routes on the verification blueprint."""

from flask import abort, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from participation.comments.services import CommentRefused
from participation.common.access import require, write_limit
from participation.common.htmx import redirect_to
from participation.extensions import limiter
from participation.permissions import verification as rules
from participation.proposals import page_queries
from participation.proposals import places as proposal_places
from participation.proposals import services as proposal_services
from participation.proposals.forms import ProposalForm
from participation.verification import assisted, assisted_comments, assisted_proposals, filing
from participation.verification.blueprint import bp, office_municipality
from participation.verification.forms import CommentPersonForm, ProposalPersonForm
from participation.verification.residency import VerificationError


def _person(form: ProposalPersonForm | CommentPersonForm) -> filing.OnBehalfOf:
    resident = None
    if form.email.data:
        resident = assisted.resident_by_email(form.email.data)
        if resident is None:
            raise VerificationError(_("No account has this email address."), "email")
    return filing.OnBehalfOf(
        name=form.name.data or "", address=form.address.data or "", born_on=form.born_on.data, resident=resident,
        consent=form.consent.data, form_code=form.form_code.data or "")


def _data(form: ProposalForm) -> proposal_services.ProposalData:
    return proposal_services.ProposalData(
        title=form.title.data, body=form.body.data, category=form.category.data,
        municipality_ids=form.municipalities.data, grouping_id=form.grouping.data)


@bp.route("/obce/<code>/podnet-za-obcana", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def file_proposal(code: str):
    """The office writes a proposal for a resident who came in or sent it on paper."""
    municipality = office_municipality(code)
    person_form = ProposalPersonForm(prefix="person")
    form = ProposalForm(prefix="proposal")
    form.grouping.choices = [("", _("None"))] + [(g.id, g.name) for g in proposal_places.all_groupings()]
    if not form.is_submitted():
        form.municipalities.data = [municipality.id]
    # Both forms are checked, so every mistake is shown at once.
    valid = all([person_form.validate_on_submit(), form.validate_on_submit()])
    if valid:
        try:
            proposal = assisted_proposals.file_proposal(current_user, municipality, _data(form),
                                                        _person(person_form))
        except VerificationError as error:
            getattr(person_form, error.field_name or "name").errors = [error.message]
        except proposal_services.PostingBlocked as blocked:
            form.municipalities.errors = [*form.municipalities.errors, str(blocked)]
        else:
            flash(_("The proposal is published as filed at the office on the resident's behalf."), "success")
            return redirect_to("proposals.detail", proposal_id=proposal.id)
    failed = form.is_submitted()
    return render_template("verification/file_proposal.html", municipality=municipality, form=form,
                           person_form=person_form), 422 if failed else 200


@bp.app_template_global()
def assisted_filing(proposal_id: int):
    """For a proposal's page: the office's filing on someone's behalf, or None."""
    return assisted_proposals.filing_of(proposal_id)


def _comment_offices(proposal) -> list[tuple[int, str]]:
    """The proposal's municipalities whose office the user is on: only they file comments in its discussion."""
    return [(m.id, m.name) for m in proposal.municipalities if rules.is_office_of(current_user, m.id)]


@bp.route("/podnety/<int:proposal_id>/komentar-za-obcana", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def file_comment(proposal_id: int):
    """The office writes a comment in a proposal's discussion for a resident who came in or wrote on paper."""
    proposal = page_queries.load_proposal(proposal_id)
    if proposal is None:
        abort(404)
    choices = _comment_offices(proposal)
    require(bool(choices))
    form = CommentPersonForm()
    form.municipality.choices = choices
    if form.validate_on_submit():
        municipality = next(m for m in proposal.municipalities if m.id == form.municipality.data)
        try:
            person = _person(form)
            assisted_comments.file_comment(current_user, proposal, municipality, form.body.data, person)
        except VerificationError as error:
            getattr(form, error.field_name or "name").errors = [error.message]
        except CommentRefused as refused:
            form.body.errors = [str(refused.message)]
        else:
            flash(_("The comment is published as filed at the office on the resident's behalf."), "success")
            return redirect_to("proposals.detail", proposal_id=proposal.id)
    failed = form.is_submitted()
    return render_template("verification/file_comment.html", proposal=proposal, form=form), 422 if failed else 200
