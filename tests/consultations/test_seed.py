"""The demo seed: two consultations with answers from several municipalities, idempotent."""

from sqlalchemy import func, select

from participation.consultations.models import Consultation, Response, ResponseSource
from participation.extensions import db


def test_seed_demo_twice_adds_the_consultations_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    consultations = db.session.scalars(select(Consultation).order_by(Consultation.id)).all()
    assert len(consultations) == 2
    assert {c.phase() for c in consultations} == {"open", "closed"}
    for consultation in consultations:
        municipalities = db.session.scalar(
            select(func.count(func.distinct(Response.municipality_id)))
            .where(Response.consultation_id == consultation.id))
        assert municipalities >= 3
        paper = db.session.scalar(select(func.count()).select_from(Response).where(
            Response.consultation_id == consultation.id, Response.source == ResponseSource.PAPER))
        assert paper >= 1


def test_seed_without_territory_does_nothing(app):
    from participation.consultations import seed

    seed.seed({"logins": []})
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
