"""The demo data: realistic, some proposals over the threshold and some not, idempotent."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.proposals import seed as proposals_seed
from participation.proposals.models import OfficialAnswer, Proposal, ProposalStatus, Support


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(Proposal)),
        db.session.scalar(select(func.count()).select_from(Support)),
        db.session.scalar(select(func.count()).select_from(OfficialAnswer)),
    )


def test_seed_without_territory_skips_gracefully(app):
    proposals_seed.seed({"logins": []})
    assert _counts() == (0, 0, 0)


def test_seed_demo_is_realistic_and_idempotent(app):
    from participation.admin import seed as admin_seed
    from participation.territory import seed as territory_seed

    context = {"logins": []}
    territory_seed.seed(context)
    admin_seed.seed(context)
    proposals_seed.seed(context)
    first = _counts()
    assert first[0] >= 35 and first[1] > 500 and first[2] >= 5
    reached = db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.threshold_reached_at.is_not(None)))
    assert 3 <= reached < first[0] - 10
    statuses = set(db.session.scalars(select(Proposal.status).distinct()))
    assert {ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW, ProposalStatus.NOT_TAKEN_UP,
            ProposalStatus.SOLVED, ProposalStatus.MERGED} <= statuses
    proposals_seed.seed(context)
    assert _counts() == first


def test_seed_demo_adds_photos_and_updates_once(app):
    from participation.admin import seed as admin_seed
    from participation.proposals.media_models import ProposalPhoto, ProposalUpdate
    from participation.territory import seed as territory_seed

    context = {"logins": []}
    territory_seed.seed(context)
    admin_seed.seed(context)
    proposals_seed.seed(context)
    photos = db.session.scalar(select(func.count()).select_from(ProposalPhoto))
    updates = db.session.scalar(select(func.count()).select_from(ProposalUpdate))
    assert photos >= 4 and updates >= 3
    assert all(photo.alt_text and photo.width <= 1600 for photo in db.session.scalars(select(ProposalPhoto)))
    proposals_seed.seed(context)
    assert db.session.scalar(select(func.count()).select_from(ProposalPhoto)) == photos
    assert db.session.scalar(select(func.count()).select_from(ProposalUpdate)) == updates
