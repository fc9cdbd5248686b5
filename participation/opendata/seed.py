"""Demo widget: Česká Třebová's office allowed its own web site to show the Spolu widget.

Added by the demo moderator of Česká Třebová through the service (so the
audit log shows it). Running it again adds nothing twice.
"""

from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from participation.opendata import services
from participation.opendata.models import EmbedOrigin
from participation.territory.models import Municipality

MUNICIPALITY = "Česká Třebová"
MODERATOR_EMAIL = "moderator@example.cz"
ORIGINS = ("https://www.ceskatrebova.cz", "https://zpravodaj.ceskatrebova.cz")


def seed(context: dict) -> None:
    """Register the demo municipality's web sites for its widget, unless they are there."""
    municipality = db.session.scalar(select(Municipality).where(Municipality.name == MUNICIPALITY))
    moderator = db.session.scalar(select(User).where(User.email == MODERATOR_EMAIL))
    if municipality is None or moderator is None:
        return
    existing = set(db.session.scalars(select(EmbedOrigin.origin).where(EmbedOrigin.municipality_id == municipality.id)))
    for origin in ORIGINS:
        if origin not in existing:
            services.add_origin(moderator, municipality, origin)
    context.setdefault("logins", []).append(
        f"widget of {MUNICIPALITY}: /vlozeni/obec/{municipality.code} (framed by {', '.join(ORIGINS)})")
