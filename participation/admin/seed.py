"""Demo accounts: an administrator, two moderators, two representatives and a resident."""

from sqlalchemy import select

from participation.accounts.models import Role, RoleKind, User
from participation.admin.demo_data import DEMO_PASSWORD, DEMO_USERS, demo_password_hash
from participation.common.models import utcnow
from participation.extensions import db
from participation.territory.models import Grouping, Municipality, Region


def _scope(kind: RoleKind, scope: str | None) -> dict:
    if kind == RoleKind.MODERATOR:
        return {"municipality_id": db.session.scalar(select(Municipality.id).where(Municipality.name == scope))}
    if kind == RoleKind.REPRESENTATIVE:
        return {"grouping_id": db.session.scalar(select(Grouping.id).where(Grouping.name == scope))}
    if scope:
        return {"region_id": db.session.scalar(select(Region.id).where(Region.code == scope))}
    return {}


def seed(context: dict) -> None:
    """Create the demo accounts and roles that are missing; list their logins."""
    for person in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.email == person["email"]))
        if user is None:
            user = User(
                email=person["email"],
                display_name=person["display_name"],
                home_municipality_id=db.session.scalar(
                    select(Municipality.id).where(Municipality.name == person["home"])
                ),
                locale="cs",
                email_confirmed_at=utcnow(),
            )
            user.password_hash = demo_password_hash()
            db.session.add(user)
            db.session.flush()
        if person["role"]:
            kind = RoleKind(person["role"][0])
            scope = _scope(kind, person["role"][1])
            exists = db.session.scalar(
                select(Role.id).filter_by(user_id=user.id, kind=kind, **scope)
            )
            if exists is None:
                db.session.add(Role(user_id=user.id, kind=kind, **scope))
        context["logins"].append(f"{person['label']}: {person['email']}")
    db.session.commit()
    context["password"] = DEMO_PASSWORD
