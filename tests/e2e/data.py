"""Things a journey needs before it starts, made directly in the live server's database.

Only what another journey already does through the browser is made here (a
published proposal, a confirmed resident), so that every journey can run on
its own, in any order and on any xdist worker.
"""

import uuid

from tests.e2e.steps import DEMO_PASSWORD
from tests.factories import password_hash_of


def _municipality(name: str):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.territory.models import Municipality

    return db.session.scalars(select(Municipality).where(Municipality.name == name)).one()


def _user(email: str):
    from sqlalchemy import select

    from participation.accounts.models import User
    from participation.extensions import db

    return db.session.scalars(select(User).where(User.email == email)).one()


def resident(live_server, home: str, display_name: str = "Jan Soused") -> str:
    """A confirmed resident of `home` with the demo password; returns the email address."""
    from participation.accounts.models import User
    from participation.common.models import utcnow
    from participation.extensions import db

    email = f"resident-{uuid.uuid4().hex[:10]}@example.cz"
    with live_server.app.app_context():
        user = User(email=email, display_name=display_name, home_municipality=_municipality(home),
                    locale="en", email_confirmed_at=utcnow())
        user.password_hash = password_hash_of(DEMO_PASSWORD)
        db.session.add(user)
        db.session.commit()
    return email


def published_proposal(live_server, author_email: str, municipalities: list[str],
                       grouping: str | None = "Mikroregion Orlicko-Třebovsko") -> str:
    """A published proposal by author touching `municipalities`; returns its title."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.proposals import services
    from participation.proposals.models import Category
    from participation.territory.models import Grouping

    title = f"Společný svoz velkoobjemového odpadu {uuid.uuid4().hex[:6]}"
    with live_server.app.app_context():
        grouping_id = None
        if grouping:
            grouping_id = db.session.scalars(select(Grouping.id).where(Grouping.name == grouping)).one()
        data = services.ProposalData(
            title=title,
            body="Každá obec vozí odpad jinam. Společný svoz by ušetřil peníze i cesty.",
            category=Category.WASTE,
            municipality_ids=[_municipality(name).id for name in municipalities],
            grouping_id=grouping_id,
        )
        services.create_proposal(_user(author_email), data, publish=True)
    return title


def signed_agreement(live_server, representative_email: str, municipalities: list[str]) -> str:
    """A signed shared-advisor agreement recorded by a representative; returns its title."""
    from datetime import date

    from participation.agreements import services
    from participation.agreements.models import AgreementKind, AgreementStatus

    title = f"Smlouva o společném odpadovém hospodářství {uuid.uuid4().hex[:6]}"
    with live_server.app.app_context():
        data = services.AgreementData(
            title=title, kind=AgreementKind.PUBLIC_LAW_CONTRACT, status=AgreementStatus.SIGNED,
            summary="Obce společně zadávají svoz a sdílejí sběrné dvory.", signed_on=date(2026, 2, 1),
            municipalities=[_municipality(name) for name in municipalities],
        )
        services.create_agreement(_user(representative_email), data)
    return title
