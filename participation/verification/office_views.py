"""Paper input at the office: filing supports on a resident's behalf (the office desk), paper participants,
and the signature sheet. Routes on the verification blueprint.
"""

from datetime import datetime

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.common.access import require, write_limit
from participation.common.confirm import confirmable
from participation.common.htmx import redirect_to
from participation.common.models import as_utc, utcnow
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db, limiter
from participation.permissions import proposals as proposal_rules
from participation.permissions import scopes
from participation.permissions import verification as rules
from participation.proposals import page_queries
from participation.territory.models import Municipality
from participation.verification import assisted, printing
from participation.verification.blueprint import bp, office_municipality
from participation.verification.forms import PaperSupportForm
from participation.verification.models import AssistedEntry, PaperParticipant
from participation.verification.residency import VerificationError


def _office_choices(proposal) -> list[tuple[int, str]]:
    """Municipalities the user's office may file for: the proposal's first, then the rest of their scope."""
    scope = scopes.scope_of(current_user)
    first = [(m.id, m.name) for m in proposal.municipalities if rules.is_office_of(current_user, m.id)]
    seen = {mid for mid, _name in first}
    ids = scope.moderated_municipality_ids if not scope.administrator else scope.municipality_ids
    rest = [] if scope.everywhere else [
        (m.id, m.name) for m in db.session.scalars(
            select(Municipality).where(Municipality.id.in_(ids)).order_by(Municipality.search_name))
        if m.id not in seen
    ]
    return first + rest


def _since() -> datetime:
    """When this sitting at the desk began (kept in the address, so nothing is written to the session)."""
    try:
        return as_utc(datetime.fromisoformat(request.args.get("od", "")))
    except ValueError:
        return utcnow()


def _tally(proposal_id: int, since: datetime) -> dict[str, int]:
    """What this user entered and what was refused as a duplicate at the desk since the sitting began."""
    entered = db.session.scalar(select(func.count(AssistedEntry.id)).where(
        AssistedEntry.proposal_id == proposal_id, AssistedEntry.recorded_by_id == current_user.id,
        AssistedEntry.created_at >= since))
    refused = db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "proposal.assisted_duplicate", AuditEntry.subject_id == proposal_id,
        AuditEntry.actor_id == current_user.id, AuditEntry.created_at >= since))
    return {"entered": entered or 0, "refused": refused or 0}


def _load_proposal(proposal_id: int):
    proposal = page_queries.load_proposal(proposal_id)
    if proposal is None:
        abort(404)
    require(proposal_rules.can_record_paper_support(current_user, proposal)
            and bool(_office_choices(proposal)))
    return proposal


@bp.route("/podnety/<int:proposal_id>/za-obcana", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def file_support(proposal_id: int):
    """The office desk: type in paper supports one after another, keyboard first."""
    proposal = _load_proposal(proposal_id)
    since = _since()
    form = PaperSupportForm()
    form.municipality.choices = _office_choices(proposal)
    refused = None
    if form.validate_on_submit():
        try:
            entry = _file(proposal, form)
        except VerificationError as error:
            refused = error.message
            if isinstance(error, assisted.DuplicateEntry):
                assisted.record_refused(current_user, proposal, form.municipality.data, error.message)
            else:
                getattr(form, error.field_name or "name").errors = [error.message]
        else:
            flash(_("Entry no. %(number)d is recorded. Next form.", number=entry.id), "success")
            return redirect_to("verification.file_support", proposal_id=proposal.id, od=since.isoformat())
    status = 422 if (form.errors or refused) else 200
    return render_template("verification/file_support.html", proposal=proposal, form=form, refused=refused,
                           tally=_tally(proposal.id, since), since=since.isoformat()), status


def _file(proposal, form: PaperSupportForm) -> AssistedEntry:
    if form.email.data:
        resident = assisted.resident_by_email(form.email.data)
        if resident is None:
            raise VerificationError(_("No account has this email address."), "email")
        if not rules.can_file_support_for(current_user, proposal, resident.home_municipality_id):
            raise VerificationError(_("This resident lives outside the municipalities you work for; their own "
                                      "municipality's office can file it."), "email")
        return assisted.file_account_support(current_user, proposal, resident, form.consent.data,
                                             form.form_code.data or "")
    if not rules.can_file_support_for(current_user, proposal, form.municipality.data):
        abort(403)
    return assisted.file_paper_support(current_user, proposal, form.municipality.data, form.name.data,
                                       form.address.data, form.born_on.data, form.form_code.data or "")


@bp.get("/obce/<code>/papirovi-ucastnici")
def paper_participants(code: str):
    """The municipality's paper participants: private to its office."""
    municipality = office_municipality(code)
    page = paginate(assisted.participants_of(municipality.id), page_from_request(), 50)
    counts = dict(db.session.execute(
        select(AssistedEntry.paper_participant_id, func.count(AssistedEntry.id))
        .where(AssistedEntry.paper_participant_id.in_([p.id for p in page.items]))
        .group_by(AssistedEntry.paper_participant_id)).all()) if page.items else {}
    return render_template("verification/paper_participants.html", municipality=municipality, page=page,
                           counts=counts)


@bp.post("/obce/<code>/papirovi-ucastnici/<int:participant_id>/odstranit")
@limiter.limit(write_limit, methods=["POST"])
def erase_participant(code: str, participant_id: int):
    """Remove a paper participant's name and address on their request; their supports stay counted once."""
    municipality = office_municipality(code)
    participant = db.session.get(PaperParticipant, participant_id)
    if participant is None or participant.municipality_id != municipality.id:
        abort(404)
    if not rules.can_see_paper_participant(current_user, participant):
        abort(403)
    assisted.erase_paper_participant(current_user, participant)
    flash(_("The name and address are removed. What the person supported stays counted, once."), "success")
    return redirect_to("verification.paper_participants", code=municipality.code)


@bp.get("/podnety/<int:proposal_id>/podpisovy-arch")
def signature_sheet(proposal_id: int):
    """A signature sheet for collecting supports on paper: PDF, or ?format=html for a page to print."""
    proposal = page_queries.load_proposal(proposal_id)
    if proposal is None or not rules.can_print_signature_sheet(proposal):
        abort(404)
    address = printing.absolute_url(url_for("proposals.detail", proposal_id=proposal.id))
    municipalities = [m.name for m in proposal.municipalities]
    sheet_rules = [
        _("Each person signs once. Sign only if you live in one of the municipalities named above."),
        _("Your support counts for the municipality where you live. Write your full name, address and date "
          "of birth legibly: the office uses them only to count each person once."),
        _("Hand the sheet in at your municipal office. The names and addresses are never published."),
    ]
    if request.args.get("format") == "html":
        return render_template("verification/signature_sheet.html", proposal=proposal, address=address,
                               municipalities=municipalities, rules=sheet_rules, qr=printing.qr_data_uri(address),
                               rows=range(1, 16))
    pdf = printing.signature_sheet_pdf(proposal.title, address, municipalities, sheet_rules)
    return printing.pdf_response(pdf, f"podpisovy-arch-{proposal.id}.pdf")


# Destructive actions ask first (participation/common/confirm.py).
confirmable(
    "verification.erase_participant",
    _l("Remove this person's name and address?"),
    _l("Yes, remove"),
    detail=_l("What they brought to the office stays counted, without their name."),
)
