"""Comments staff write at the office on a resident's behalf, in a proposal's discussion.

The comment is created by the comments' own service in one transaction with its
record here and an audit entry. For an account with consent, the resident is the
author; for a paper participant, the comment has no author account and says
publicly only "a resident of <municipality>, filed at the office".
"""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.comments import marks
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.verification.assisted import paper_participant_for, update_address
from participation.verification.assisted_proposals import OnBehalfOf
from participation.verification.models import AssistedComment, AssistedKind
from participation.verification.residency import VerificationError


def _check_resident(municipality, person: OnBehalfOf) -> None:
    if not person.consent:
        raise VerificationError(_("Confirm that the resident agreed to this comment being filed for them."),
                                "consent")
    if not person.resident.is_active:
        raise VerificationError(_("This account is suspended; it cannot comment."), "email")
    if person.resident.home_municipality_id != municipality.id:
        raise VerificationError(_("This resident does not live in %(municipality)s; their own municipality's "
                                  "office can file it.", municipality=municipality.name), "email")


def file_comment(actor, proposal: Proposal, municipality, body: str, person: OnBehalfOf) -> Comment:
    """Publish a comment written at the office for a resident of the municipality (the view checked the office).

    Raises VerificationError or the comments' CommentRefused (nothing saved).
    """
    if not body.strip():
        raise VerificationError(_("Write the comment."), "body")
    participant = None
    if person.resident is not None:
        _check_resident(municipality, person)
        author = person.resident
    else:
        if not person.name.strip() or person.born_on is None:
            raise VerificationError(_("Fill in the name, address and date of birth, or an account."), "name")
        author = actor
    thread = comment_services.ensure_thread(proposal, "proposal")

    def record(comment: Comment) -> None:
        if participant is not None:
            comment.author_id = None  # nobody's account; the office keeps who it was
        entry = AssistedComment(
            kind=AssistedKind.ACCOUNT if participant is None else AssistedKind.PAPER, comment_id=comment.id,
            proposal_id=proposal.id, municipality_id=municipality.id,
            paper_participant_id=getattr(participant, "id", None), user_id=getattr(person.resident, "id", None),
            consent=person.resident is not None and person.consent, form_code=person.form_code.strip()[:40],
            recorded_by_id=actor.id)
        db.session.add(entry)
        db.session.flush()
        audit.record(actor, "comment.assisted_filing", "comment", comment.id, municipality_id=municipality.id,
                     details={"entry_id": entry.id, "kind": entry.kind.value, "form_code": entry.form_code,
                              "proposal_id": proposal.id},
                     target_user=person.resident)

    try:
        if person.resident is None:
            participant, created = paper_participant_for(actor, municipality.id, person.name, person.address,
                                                         person.born_on)
            if not created:
                update_address(participant, person.address)
        return comment_services.create_comment(author, thread, body, before_commit=record)
    except Exception:
        db.session.rollback()
        raise


def public_marks(comment_ids: list[int]) -> dict[int, marks.Mark]:
    """For a page of the discussion, in one query: which comments were filed at the office, and how to say so."""
    found = db.session.scalars(select(AssistedComment).options(joinedload(AssistedComment.municipality))
                               .where(AssistedComment.comment_id.in_(comment_ids)))
    result = {}
    for entry in found:
        if entry.kind == AssistedKind.PAPER:
            result[entry.comment_id] = marks.Mark(
                note=_("filed at the office"),
                author=_("A resident of %(municipality)s", municipality=entry.municipality.name))
        else:
            result[entry.comment_id] = marks.Mark(note=_("assisted: filed at the office"))
    return result


marks.register_provider(public_marks)
