"""`flask seed-demo`: regions, municipalities, overlapping groupings and demo people, idempotent."""

from sqlalchemy import func, select

from participation.accounts.models import Role, RoleKind, User
from participation.extensions import db
from participation.permissions import scopes
from participation.territory.models import Grouping, GroupingMembership, Municipality, Region


def _counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Region, Municipality, Grouping, GroupingMembership, User, Role)
    )


def _seed(app):
    from participation.admin import seed as admin_seed
    from participation.territory import seed as territory_seed

    context = {"logins": []}
    territory_seed.seed(context)
    admin_seed.seed(context)
    return context


def test_seed_fills_the_territory_and_people(app):
    context = _seed(app)
    regions, municipalities, groupings, memberships, users, roles = _counts()
    assert regions == 14
    assert 30 <= municipalities <= 40
    assert groupings == 3
    assert users == 6 and roles == 5
    codes = set(db.session.scalars(select(Region.code)))
    assert {"CZ-10", "CZ-53", "CZ-80", "CZ-63"} <= codes
    for code in db.session.scalars(select(Municipality.code)):
        assert len(code) == 6 and code.isdigit()
    kinds = {g.kind.value for g in db.session.scalars(select(Grouping))}
    assert kinds == {"dso", "mas", "microregion"}
    # The groupings overlap: some municipality is in more than one.
    shared = db.session.scalar(
        select(func.count()).select_from(
            select(GroupingMembership.municipality_id)
            .group_by(GroupingMembership.municipality_id)
            .having(func.count() > 1)
            .subquery()
        )
    )
    assert shared >= 2
    assert len(context["logins"]) == 6
    assert any(line.startswith("administrator: ") for line in context["logins"])
    assert context["password"]
    assert all(u.is_confirmed for u in db.session.scalars(select(User)))


def test_seed_twice_adds_nothing(app):
    _seed(app)
    first = _counts()
    _seed(app)
    assert _counts() == first


def test_demo_roles_have_the_right_scopes(app):
    _seed(app)
    admin = db.session.scalar(select(User).where(User.email == "spravce@example.cz"))
    assert scopes.scope_of(admin).everywhere
    moderator = db.session.scalar(select(User).where(User.email == "moderator@example.cz"))
    town = db.session.scalar(select(Municipality).where(Municipality.name == "Česká Třebová"))
    assert scopes.covers_municipality(moderator, town.id)
    representative = db.session.scalar(select(User).where(User.email == "zastupce.mas@example.cz"))
    mas = db.session.scalar(select(Grouping).where(Grouping.name == "MAS ORLICKO"))
    assert scopes.covers_grouping(representative, mas.id)
    resident = db.session.scalar(select(User).where(User.email == "obyvatel@example.cz"))
    assert scopes.scope_of(resident).is_empty
    assert resident.check_password(context_password())
    kinds = set(db.session.scalars(select(Role.kind)))
    assert kinds == {RoleKind.ADMINISTRATOR, RoleKind.MODERATOR, RoleKind.REPRESENTATIVE}


def context_password() -> str:
    from participation.admin.demo_data import DEMO_PASSWORD

    return DEMO_PASSWORD


def test_seed_demo_command_prints_logins_and_password_once(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "administrator: spravce@example.cz" in result.output
    assert result.output.count(context_password()) == 1
    # Other domains' seeds add demo residents of their own; a second run adds nobody.
    users = db.session.scalar(select(func.count(User.id)))
    assert users >= 6
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(User.id))) == users
