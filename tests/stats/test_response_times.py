"""Response times against hand-computed values: median, 90th percentile, share answered."""

from datetime import timedelta

import pytest

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import OfficialAnswer, ProposalStatus
from participation.stats import response_times
from tests.factories import GroupingFactory, MunicipalityFactory
from tests.proposals.factories import DraftFactory, ProposalFactory

NOW = utcnow()


def proposal(municipalities, days_to_answer=None, *, published_days_ago=30, answered_by=None, **kwargs):
    """A proposal published `published_days_ago` days ago, answered after `days_to_answer` days
    on behalf of each of `answered_by` (by default every municipality it touches)."""
    published = NOW - timedelta(days=published_days_ago)
    made = ProposalFactory(municipalities=municipalities, published_at=published, **kwargs)
    if days_to_answer is not None:
        answer_at = published + timedelta(days=days_to_answer)
        for town in municipalities if answered_by is None else answered_by:
            db.session.add(OfficialAnswer(proposal_id=made.id, body="Odpověď", created_at=answer_at,
                                          municipality_id=town.id))
            # A later second answer must not change the figure: only the first counts.
            db.session.add(OfficialAnswer(proposal_id=made.id, body="Doplnění", municipality_id=town.id,
                                          created_at=answer_at + timedelta(days=50)))
        db.session.commit()
    return made


@pytest.fixture
def world(app):
    """Lhota: gaps 1, 2, 3, 4, 10 days and one unanswered; Ves: 6 and the shared 2."""
    lhota = MunicipalityFactory(name="Lhota")
    ves = MunicipalityFactory(name="Ves")
    hora = MunicipalityFactory(name="Hora")  # a member with no proposal
    outside = MunicipalityFactory(name="Mimo")
    grouping = GroupingFactory(name="Svazek Lhota", members=[lhota, ves, hora])
    for days in (10, 1, 4, 3):
        proposal([lhota], days)
    proposal([lhota, ves], 2)  # counts for both municipalities, once for the grouping
    proposal([lhota], None)  # unanswered: in the share, not in the days
    proposal([ves], 6)
    # Not counted: a draft, a hidden one, a merged duplicate, one older than 12 months.
    DraftFactory(municipalities=[lhota])
    proposal([lhota], 100, hidden_at=NOW)
    proposal([lhota], 100, status=ProposalStatus.MERGED)
    proposal([lhota], 100, published_days_ago=400)
    proposal([outside], 7)
    return {"lhota": lhota, "ves": ves, "hora": hora, "outside": outside, "grouping": grouping}


def by_name(rows):
    return {row.name: row for row in rows}


def test_median_and_90th_percentile_per_municipality(world):
    rows = by_name(response_times.per_municipality(NOW))
    lhota = rows["Lhota"]
    # Answered gaps sorted: 1 2 3 4 10 (n = 5). Median rank ceil(2.5) = 3 -> 3 days;
    # 90th percentile rank ceil(4.5) = 5 -> 10 days. Six proposals, five answered.
    assert (lhota.proposals, lhota.answered) == (6, 5)
    assert lhota.median_days == pytest.approx(3, abs=1e-3)
    assert lhota.p90_days == pytest.approx(10, abs=1e-3)
    assert lhota.answered_share == pytest.approx(5 / 6)
    ves = rows["Ves"]
    # Gaps 2 6 (n = 2): median rank ceil(1) = 1 -> 2 days (the lower middle); p90 rank ceil(1.8) = 2 -> 6.
    assert (ves.proposals, ves.answered) == (2, 2)
    assert ves.median_days == pytest.approx(2, abs=1e-3)
    assert ves.p90_days == pytest.approx(6, abs=1e-3)
    assert "Hora" not in rows
    assert rows["Mimo"].median_days == pytest.approx(7, abs=1e-3)


def test_grouping_counts_a_multi_municipality_proposal_once(world):
    rows = by_name(response_times.per_grouping(NOW))
    grouping = rows["Svazek Lhota"]
    # Lhota's six plus Ves's own one; the shared proposal once: 7 proposals, 6 answered.
    # Gaps sorted: 1 2 3 4 6 10. Median rank ceil(3) = 3 -> 3; p90 rank ceil(5.4) = 6 -> 10.
    assert (grouping.proposals, grouping.answered) == (7, 6)
    assert grouping.median_days == pytest.approx(3, abs=1e-3)
    assert grouping.p90_days == pytest.approx(10, abs=1e-3)
    assert len(rows) == 1


def test_one_municipality_and_one_grouping(world):
    lhota = response_times.for_municipality(world["lhota"].id, NOW)
    assert (lhota.proposals, lhota.answered) == (6, 5)
    assert response_times.for_municipality(world["hora"].id, NOW) is None
    grouping = response_times.for_grouping(world["grouping"].id, NOW)
    assert (grouping.proposals, grouping.answered) == (7, 6)


def test_a_former_member_no_longer_counts_for_the_grouping(world):
    from participation.territory.models import GroupingMembership

    membership = db.session.query(GroupingMembership).filter_by(municipality_id=world["ves"].id).one()
    membership.left_on = NOW.date()
    db.session.commit()
    grouping = response_times.for_grouping(world["grouping"].id, NOW)
    assert (grouping.proposals, grouping.answered) == (6, 5)  # Ves's own proposal left


def test_nothing_answered_gives_no_days(app):
    town = MunicipalityFactory()
    proposal([town], None)
    figures = response_times.for_municipality(town.id, NOW)
    assert (figures.proposals, figures.answered, figures.answered_share) == (1, 0, 0)
    assert figures.median_days is None and figures.p90_days is None


@pytest.mark.parametrize(("gaps", "median", "p90"), [
    ((5,), 5, 5),
    ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5, 9),
    ((0.5, 1.5, 2.5, 3.5), 1.5, 3.5),
])
def test_nearest_rank_on_other_counts(app, gaps, median, p90):
    town = MunicipalityFactory()
    for gap in gaps:
        proposal([town], gap)
    figures = response_times.for_municipality(town.id, NOW)
    assert figures.median_days == pytest.approx(median, abs=1e-3)
    assert figures.p90_days == pytest.approx(p90, abs=1e-3)


def test_an_answer_dated_before_publication_counts_as_immediate(app):
    town = MunicipalityFactory()
    proposal([town], -2)
    proposal([town], 4)
    figures = response_times.for_municipality(town.id, NOW)
    assert figures.median_days == pytest.approx(0, abs=1e-3)
    assert figures.p90_days == pytest.approx(4, abs=1e-3)


# --- Fairness (issue 20): an answer counts for whom it was given ------------------------------


def test_a_neighbours_answer_does_not_count_for_a_municipality_that_did_not_answer(app):
    quick, slow = MunicipalityFactory(name="Rychlá"), MunicipalityFactory(name="Pomalá")
    proposal([quick, slow], 1, answered_by=[quick])
    assert response_times.for_municipality(quick.id, NOW).answered == 1
    figures = response_times.for_municipality(slow.id, NOW)
    assert (figures.proposals, figures.answered, figures.median_days) == (1, 0, None)


def test_each_municipality_counts_its_own_first_answer(app):
    quick, slow = MunicipalityFactory(), MunicipalityFactory()
    made = proposal([quick, slow], 1, answered_by=[quick])
    db.session.add(OfficialAnswer(proposal_id=made.id, body="Také", municipality_id=slow.id,
                                  created_at=made.published_at + timedelta(days=9)))
    db.session.commit()
    assert response_times.for_municipality(quick.id, NOW).median_days == pytest.approx(1, abs=1e-3)
    assert response_times.for_municipality(slow.id, NOW).median_days == pytest.approx(9, abs=1e-3)


def test_a_grouping_counts_its_own_and_its_members_answers_not_outsiders(app):
    member, outsider = MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[member])
    proposal([member, outsider], 3, answered_by=[outsider])  # only the outsider answered
    figures = response_times.for_grouping(grouping.id, NOW)
    assert (figures.proposals, figures.answered) == (1, 0)
    own = proposal([member], None)
    db.session.add(OfficialAnswer(proposal_id=own.id, body="Svazek", grouping_id=grouping.id,
                                  created_at=own.published_at + timedelta(days=5)))
    proposal([member], 2)  # the member's own answer counts for its grouping too
    db.session.commit()
    figures = response_times.for_grouping(grouping.id, NOW)
    assert (figures.proposals, figures.answered) == (3, 2)
    assert response_times.for_municipality(member.id, NOW).answered == 1  # the grouping's answer is not the member's


def test_an_answer_on_behalf_of_nobody_counts_for_nobody(app):
    town = MunicipalityFactory()
    made = proposal([town], None)
    db.session.add(OfficialAnswer(proposal_id=made.id, body="Stará data", created_at=NOW))
    db.session.commit()
    assert response_times.for_municipality(town.id, NOW).answered == 0
