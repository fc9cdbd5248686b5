"""Stored response times: written on answer and by the nightly command, read by pages in fixed queries."""

from datetime import timedelta

from sqlalchemy import select

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals import moderation
from participation.stats import precomputed
from participation.stats import response_times as live
from participation.stats.models import ResponseTimeFigures
from tests.factories import GroupingFactory, MunicipalityFactory, moderator_of
from tests.proposals.factories import ProposalFactory


def _stored(**where):
    return db.session.scalar(select(ResponseTimeFigures).filter_by(**where))


def test_an_answer_updates_its_municipality_and_groupings_at_once(client, app):
    town, neighbour = MunicipalityFactory(name="Lhota"), MunicipalityFactory(name="Ves")
    grouping = GroupingFactory(members=[town, neighbour])
    proposal = ProposalFactory(municipalities=[town, neighbour], published_at=utcnow() - timedelta(days=4))
    assert _stored(municipality_id=town.id) is None
    moderation.add_official_answer(moderator_of(town), proposal, "Prověříme.", municipality_id=town.id)
    figures = _stored(municipality_id=town.id)
    assert (figures.proposals, figures.answered) == (1, 1)
    assert round(figures.median_days) == 4
    assert _stored(grouping_id=grouping.id).answered == 1
    assert _stored(municipality_id=neighbour.id) is None  # the neighbour did not answer: not touched now
    page = client.get(f"/obce/{town.code}").get_data(as_text=True)
    assert "1 z 1" in page or "1 of 1" in page


def test_the_nightly_command_counts_new_proposals_and_repairs_the_table(app):
    town, gone = MunicipalityFactory(), MunicipalityFactory()
    answered = ProposalFactory(municipalities=[town], published_at=utcnow() - timedelta(days=10))
    moderation.add_official_answer(moderator_of(town), answered, "Ano.", municipality_id=town.id)
    ProposalFactory(municipalities=[town], published_at=utcnow() - timedelta(days=1))  # no answer: not yet stored
    assert _stored(municipality_id=town.id).proposals == 1
    # Damage: a wrong figure and a row for a place without proposals.
    _stored(municipality_id=town.id).median_days = 999.0
    db.session.add(ResponseTimeFigures(municipality_id=gone.id, proposals=5, answered=5, window_start=utcnow()))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["stats", "refresh-response-times"])
    assert result.exit_code == 0, result.output
    assert "1 municipalities" in result.output
    db.session.expire_all()
    figures = _stored(municipality_id=town.id)
    assert (figures.proposals, figures.answered) == (2, 1)
    assert round(figures.median_days) == 10
    assert _stored(municipality_id=gone.id) is None


def test_stored_figures_match_a_live_computation(app):
    towns = [MunicipalityFactory() for _ in range(3)]
    GroupingFactory(members=towns[:2])
    for n, town in enumerate(towns):
        made = ProposalFactory(municipalities=[town, towns[(n + 1) % 3]], published_at=utcnow() - timedelta(days=20))
        moderation.add_official_answer(moderator_of(town), made, "Odpověď.", municipality_id=town.id)
    precomputed.refresh_all()
    def figures(rows):
        return [(r.id, r.name, r.proposals, r.answered, r.median_days, r.p90_days) for r in rows]

    assert figures(precomputed.municipalities()) == figures(live.per_municipality())
    assert figures(precomputed.groupings()) == figures(live.per_grouping())
    assert len(precomputed.municipalities()) == 3


def test_a_rolled_back_answer_leaves_the_figures_alone(app):
    town = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[town], published_at=utcnow() - timedelta(days=2))
    from participation.proposals.models import OfficialAnswer

    db.session.add(OfficialAnswer(proposal_id=proposal.id, body="Koncept", municipality_id=town.id))
    db.session.flush()
    db.session.rollback()
    assert _stored(municipality_id=town.id) is None
    assert not db.session.info.get("spolu_response_times_pending")
