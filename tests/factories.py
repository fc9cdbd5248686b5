"""factory_boy factories for the core nouns. Domain factories live beside their tests."""

import functools

import factory
from factory.alchemy import SQLAlchemyModelFactory

from participation.accounts.models import Role, RoleKind, User, hash_password
from participation.common.models import utcnow
from participation.common.text import fold
from participation.extensions import db
from participation.territory.models import Grouping, GroupingKind, GroupingMembership, Municipality, Region

PASSWORD = "correct horse battery"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


def assigned_list(name: str, default=None):
    """A post-generation hook that sets a many-to-many list (`municipalities=[...]`), else `default()`."""

    def assign(obj, create, extracted, **kwargs):
        values = list(extracted) if extracted else (default() if default else None)
        if values is None:
            return
        setattr(obj, name, values)
        if create:
            db.session.commit()

    return factory.PostGeneration(assign)


def one_new_municipality() -> list:
    return [MunicipalityFactory()]


def folded(attribute: str):
    """A search column filled as the services fill it: the attribute folded (lower case, no diacritics)."""
    return factory.LazyAttribute(lambda obj: fold(getattr(obj, attribute)))


class RegionFactory(BaseFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"CZ-{10 + n}")
    name = factory.Sequence(lambda n: f"Kraj {n}")


class MunicipalityFactory(BaseFactory):
    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"{500000 + n}")
    name = factory.Sequence(lambda n: f"Obec {n}")
    search_name = factory.LazyAttribute(lambda m: fold(m.name))
    population = 1000
    region = factory.SubFactory(RegionFactory)


class GroupingFactory(BaseFactory):
    class Meta:
        model = Grouping

    name = factory.Sequence(lambda n: f"Svazek obcí {n}")
    search_name = factory.LazyAttribute(lambda g: fold(g.name))
    kind = GroupingKind.DSO

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for municipality in extracted or []:
            db.session.add(GroupingMembership(grouping=self, municipality=municipality))
        if extracted:
            db.session.commit()


@functools.cache
def password_hash_of(password: str) -> str:
    """One hash per password for the whole run: tests make thousands of users.

    The salt is shared between the test users, which changes nothing a test checks (check_password still works).
    """
    return hash_password(password)


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.cz")
    display_name = factory.Sequence(lambda n: f"Obyvatel {n}")
    home_municipality = factory.SubFactory(MunicipalityFactory)
    locale = "cs"
    email_confirmed_at = factory.LazyFunction(utcnow)
    password_hash = None

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.password_hash = password_hash_of(extracted or PASSWORD)
        if create:
            db.session.commit()


class RoleFactory(BaseFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = RoleKind.MODERATOR


def moderator_of(municipality, **kwargs) -> User:
    user = UserFactory(home_municipality=municipality, **kwargs)
    RoleFactory(user=user, kind=RoleKind.MODERATOR, municipality=municipality)
    return user


def representative_of(grouping, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, grouping=grouping)
    return user


def administrator(**kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleFactory(user=user, kind=RoleKind.ADMINISTRATOR)
    return user


def sign_in_token(user: User, remember: bool = False) -> str:
    """Open a sign-in session for the user, as signing in does; returns the id a browser keeps.

    Put it where Flask-Login looks (`session["_user_id"]`, or the remember-me
    cookie). Committed without expiring the test's objects, so counting queries
    afterwards sees what a request costs, not reloads caused by the fixture.
    """
    import secrets
    from datetime import timedelta

    from participation.accounts.models import SignInSession
    from participation.accounts.sessions import digest

    secret = secrets.token_urlsafe(32)
    now = utcnow()
    record = SignInSession(user_id=user.id, token_hash=digest(secret), remember=remember,
                           created_at=now, last_seen_at=now, expires_at=now + timedelta(days=1))
    db.session.add(record)
    session = db.session()
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
    # The session's identity map holds rows weakly; tied to the user, the row lives as long as
    # the test's user does, so a request finds it there as it finds the user (no extra query).
    user.test_sign_in_sessions = [*getattr(user, "test_sign_in_sessions", []), record]
    return f"{record.id}.{secret}"
