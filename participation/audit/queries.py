"""Reading the audit log: newest first, filtered by action, actor and the person acted on."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.audit.models import AuditEntry
from participation.common.validation import read_int
from participation.extensions import db
from participation.territory.models import Grouping, Municipality

# Known actions in words; an action not listed here is shown as its code.
ACTION_LABELS = {
    "role.grant": _l("Role granted"),
    "role.revoke": _l("Role removed"),
    "municipality.create": _l("Municipality added"),
    "municipality.update": _l("Municipality changed"),
    "municipality.import": _l("Municipalities imported"),
    "grouping.create": _l("Grouping added"),
    "grouping.update": _l("Grouping changed"),
    "grouping.members": _l("Grouping members changed"),
    "proposal.status": _l("Proposal status changed"),
    "residency.letters": _l("Letters with residency codes made"),
    "residency.letter": _l("Residency verified with a letter code"),
    "residency.in_person": _l("Residency verified in person"),
    "residency.register": _l("Register of residents uploaded"),
    "residency.register_match": _l("Residency verified against the register"),
    "proposal.assisted_support": _l("Support filed on a resident's behalf"),
    "proposal.assisted_duplicate": _l("Duplicate paper support refused"),
    "proposal.assisted_filing": _l("Proposal filed on a resident's behalf"),
    "consultation.assisted_answer": _l("Questionnaire filed on a resident's behalf"),
    "paper_participant.erase": _l("Paper participant's name and address removed"),
}

SYSTEM_ACTOR = "system"


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def entries(
    *, action: str | None = None, actor: str | None = None, target: int | None = None,
    region_ids: frozenset[int] | None = None,
) -> Select:
    """The log newest first. `actor` is a user id or "system" (command-line changes).

    With region_ids, only entries about municipalities and groupings of those
    regions (what an administrator of a region may see).
    """
    statement = select(AuditEntry).options(
        selectinload(AuditEntry.actor), selectinload(AuditEntry.target_user),
        selectinload(AuditEntry.municipality),
    )
    if action:
        statement = statement.where(AuditEntry.action == action)
    if actor == SYSTEM_ACTOR:
        statement = statement.where(AuditEntry.actor_id.is_(None))
    elif actor and read_int(actor)[0] is not None:
        statement = statement.where(AuditEntry.actor_id == read_int(actor)[0])
    if target is not None:
        statement = statement.where(AuditEntry.target_user_id == target)
    if region_ids is not None:
        in_region = select(Municipality.id).where(Municipality.region_id.in_(region_ids))
        groupings = select(Grouping.id).where(Grouping.region_id.in_(region_ids))
        statement = statement.where(or_(
            AuditEntry.municipality_id.in_(in_region),
            and_(AuditEntry.subject_type == "grouping", AuditEntry.subject_id.in_(groupings)),
        ))
    return statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def actions_in_log() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def actors_in_log() -> list[User]:
    """Everyone who has acted, by name: the choices of the actor filter."""
    actor_ids = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    return list(db.session.scalars(
        select(User).where(User.id.in_(actor_ids)).order_by(User.display_name, User.id)
    ))
