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
from participation.verification.filing import OnBehalfOf, Refusals, check_person, entry_fields, file_for
from participation.verification.models import AssistedComment, AssistedKind
from participation.verification.residency import VerificationError


def _refusals() -> Refusals:
    return Refusals(no_consent=_("Confirm that the resident agreed to this comment being filed for them."),
                    suspended=_("This account is suspended; it cannot comment."))


def file_comment(actor, proposal: Proposal, municipality, body: str, person: OnBehalfOf) -> Comment:
    """Publish a comment written at the office for a resident of the municipality (the view checked the office).

    Raises VerificationError or the comments' CommentRefused (nothing saved).
    """
    if not body.strip():
        raise VerificationError(_("Write the comment."), "body")
    check_person(municipality, person, _refusals())
    thread = comment_services.ensure_thread(proposal, "proposal")

    def record(comment: Comment, participant) -> None:
        entry = AssistedComment(comment_id=comment.id, proposal_id=proposal.id,
                                **entry_fields(actor, municipality, person, participant))
        db.session.add(entry)
        db.session.flush()
        audit.record(actor, "comment.assisted_filing", "comment", comment.id, municipality_id=municipality.id,
                     details={"entry_id": entry.id, "kind": entry.kind.value, "form_code": entry.form_code,
                              "proposal_id": proposal.id},
                     target_user=person.resident)

    return file_for(actor, municipality, person, record=record,
                    create=lambda author, before_commit: comment_services.create_comment(
                        author, thread, body, before_commit=before_commit))


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
