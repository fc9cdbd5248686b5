"""The demo data: Česká Třebová's widget may be shown on its own web site."""

from flask import current_app
from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.core import cli
from participation.extensions import db
from participation.opendata.seed import MUNICIPALITY, ORIGINS
from participation.territory.models import Municipality


def test_the_demo_municipality_registered_its_web_sites(app, visitor):
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        cli._seed_all({"logins": []})
        cli._seed_all({"logins": []})  # a second run adds nothing twice
    code = db.session.scalar(select(Municipality.code).where(Municipality.name == MUNICIPALITY))
    policy = visitor.get(f"/vlozeni/obec/{code}").headers["Content-Security-Policy"]
    assert f"frame-ancestors {' '.join(sorted(ORIGINS))}" in policy
    added = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "embed.origin_add")).all()
    assert len(added) == len(ORIGINS)
