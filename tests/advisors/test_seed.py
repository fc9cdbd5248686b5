"""Demo data: three advisors (energy for the DSO, the BCO for the region, a MAS innovation broker), answered
questions shown as opinions, one internal, one waiting; guides with history; nothing added twice."""

from sqlalchemy import func, select

from participation.advisors import seed as advisors_seed
from participation.advisors.models import (
    Advisor,
    AdvisorQuestion,
    Guide,
    GuideVersion,
    OpinionRequest,
    WorkEntry,
)
from participation.extensions import db


def test_seed_without_demo_data_does_nothing(app):
    advisors_seed.seed({"logins": []})
    assert db.session.scalar(select(func.count(Advisor.id))) == 0


def test_demo_advisors_answer_and_write_guides_once(app):
    from participation.admin import seed as admin_seed
    from participation.agreements import seed as agreements_seed
    from participation.good_practice import seed as good_practice_seed
    from participation.projects import seed as projects_seed
    from participation.proposals import seed as proposals_seed
    from participation.territory import seed as territory_seed

    context = {"logins": []}
    with app.test_request_context():
        for module in (territory_seed, admin_seed, proposals_seed, agreements_seed, projects_seed,
                       good_practice_seed, advisors_seed, advisors_seed):
            module.seed(context)
    assert db.session.scalar(select(func.count(Advisor.id))) == 3
    answered = list(db.session.scalars(select(AdvisorQuestion).where(AdvisorQuestion.answered_at.is_not(None))))
    assert len(answered) == 3 and sum(q.internal for q in answered) == 1
    assert {q.item_kind for q in answered} == {"proposal", "project", None}
    assert db.session.scalar(select(func.count(AdvisorQuestion.id)).where(AdvisorQuestion.answered_at.is_(None))) == 1
    assert db.session.scalar(select(func.count(Guide.id))) == 2
    assert db.session.scalar(select(func.count(GuideVersion.id))) == 3
    assert db.session.scalar(select(func.count(WorkEntry.id))) == 3
    assert db.session.scalar(select(func.count(OpinionRequest.id))) == 1
    assert any("energetik@example.cz" in line for line in context["logins"])
