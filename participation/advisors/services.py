"""Setting advisors and coordinators up (administrators): the role, field, organisation, places, contact hours.

Audited, one transaction each. Questions live in `questions`, the work log in
`worklog`, guides in `guides`.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.advisors.models import Advisor, AdvisorField, Coordinator
from participation.audit import services as audit
from participation.extensions import db
from participation.localities.services import Invalid
from participation.permissions.advisors import forget_advisor_scope

TRACKED_FIELDS = ("field", "organisation", "network", "contact_hours", "contact_email", "active")


@dataclass
class AdvisorData:
    field: AdvisorField
    organisation: str = ""
    network: str = ""
    contact_hours: str = ""
    contact_email: str = ""
    active: bool = True
    municipalities: list = field(default_factory=list)
    groupings: list = field(default_factory=list)


def user_by_email(email: str, field_name: str = "email") -> User:
    """The account with this e-mail address, or Invalid next to the field."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if user is None or user.is_deleted:
        raise Invalid({field_name: _l("Nobody has an account with this e-mail address.")})
    return user


def _apply(advisor: Advisor, data: AdvisorData) -> None:
    if not data.municipalities and not data.groupings:
        raise Invalid({"municipalities": _l("Name at least one municipality or grouping the advisor serves.")})
    advisor.field = data.field
    advisor.organisation = (data.organisation or "").strip()
    advisor.network = (data.network or "").strip()
    advisor.contact_hours = (data.contact_hours or "").strip()
    advisor.contact_email = (data.contact_email or "").strip()
    advisor.active = data.active
    advisor.municipalities = list(data.municipalities)
    advisor.groupings = list(data.groupings)


def _details(advisor: Advisor) -> dict:
    return {**{name: str(getattr(advisor, name)) for name in TRACKED_FIELDS},
            "municipalities": sorted(m.code for m in advisor.municipalities),
            "groupings": sorted(g.id for g in advisor.groupings)}


def create_advisor(actor, email: str, data: AdvisorData) -> Advisor:
    """Give the person with this e-mail the advisor role: field, organisation, places served."""
    user = user_by_email(email)
    if db.session.scalar(select(Advisor.id).where(Advisor.user_id == user.id)) is not None:
        raise Invalid({"email": _l("This person is already an advisor: change their profile instead.")})
    advisor = Advisor(user=user, granted_by_id=getattr(actor, "id", None))
    _apply(advisor, data)
    db.session.add(advisor)
    db.session.flush()
    audit.record(actor, "advisor.grant", "advisor", advisor.id, target_user=user, details=_details(advisor))
    db.session.commit()
    forget_advisor_scope(user)
    return advisor


def update_advisor(actor, advisor: Advisor, data: AdvisorData) -> dict:
    """Change an advisor's profile (or end the role); the audit entry lists what changed."""
    before = _details(advisor)
    _apply(advisor, data)
    after = _details(advisor)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed:
        audit.record(actor, "advisor.update", "advisor", advisor.id, target_user=advisor.user,
                     details={"changes": changed})
    db.session.commit()
    forget_advisor_scope(advisor.user)
    return changed


def add_coordinator(actor, email: str, field_value: AdvisorField, region) -> Coordinator:
    """Make a person the field's coordinator in a region (None: everywhere)."""
    user = user_by_email(email)
    region_id = region.id if region is not None else None
    if db.session.scalar(select(Coordinator.id).where(
            Coordinator.user_id == user.id, Coordinator.field == field_value,
            Coordinator.region_id.is_(None) if region_id is None else Coordinator.region_id == region_id)):
        raise Invalid({"email": _l("This person already coordinates this field there.")})
    coordinator = Coordinator(user_id=user.id, field=field_value, region_id=region_id,
                              granted_by_id=getattr(actor, "id", None))
    db.session.add(coordinator)
    db.session.flush()
    audit.record(actor, "advisor.coordinator_grant", "advisor_coordinator", coordinator.id, target_user=user,
                 details={"field": str(field_value), "region": region_id})
    db.session.commit()
    forget_advisor_scope(user)
    return coordinator


def remove_coordinator(actor, coordinator: Coordinator) -> None:
    """End a coordinator's role."""
    user = coordinator.user
    audit.record(actor, "advisor.coordinator_revoke", "advisor_coordinator", coordinator.id, target_user=user,
                 details={"field": str(coordinator.field), "region": coordinator.region_id})
    db.session.delete(coordinator)
    db.session.commit()
    forget_advisor_scope(user)
