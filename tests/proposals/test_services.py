"""Rules of proposals, tested through the services."""

from datetime import date

from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.comments.models import Thread
from participation.extensions import db
from participation.follows.models import Follow
from participation.notifications.models import Event
from participation.proposals import moderation, services
from participation.proposals.models import (
    Category,
    Proposal,
    ProposalStatus,
    StatusChange,
    Support,
    SupportSource,
)
from participation.territory.models import GroupingMembership
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory, moderator_of

from .factories import DraftFactory, ProposalFactory, residents, supporters


def _events(kind):
    return db.session.scalars(select(Event).where(Event.kind == kind)).all()


def _support_count(proposal):
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.proposal_id == proposal.id))


def _data(municipalities, **overrides):
    values = dict(title="Chybí optika mezi Rybníkem a Třebovicemi", body="Text **tučně**.",
                  category=Category.BROADBAND, municipality_ids=[m.id for m in municipalities])
    values.update(overrides)
    return services.ProposalData(**values)


def test_create_makes_a_draft_with_a_thread_search_text_and_follow(app):
    home = MunicipalityFactory(name="Česká Třebová")
    author = UserFactory(home_municipality=home)
    proposal = services.create_proposal(author, _data([home], title="Cesta přes Českou Třebovou"))
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.published_at is None
    thread = db.session.get(Thread, proposal.thread_id)
    assert thread.subject_type == "proposal"
    assert "ceskou trebovou" in proposal.search_text
    assert db.session.scalar(select(func.count()).select_from(Follow).where(
        Follow.user_id == author.id, Follow.proposal_id == proposal.id)) == 1
    assert not _events("proposal.published")


def test_publish_records_status_change_and_event(app):
    home = MunicipalityFactory()
    author = UserFactory(home_municipality=home)
    proposal = services.create_proposal(author, _data([home]))
    services.publish(author, proposal)
    assert proposal.status == ProposalStatus.PUBLISHED
    assert proposal.published_at is not None
    change = db.session.scalars(select(StatusChange).where(StatusChange.proposal_id == proposal.id)).one()
    assert change.to_status == ProposalStatus.PUBLISHED and change.author_id == author.id
    assert len(_events("proposal.published")) == 1


def test_withdraw_keeps_the_proposal_marked_withdrawn(app):
    proposal = ProposalFactory()
    services.withdraw(proposal.author, proposal, "Vyřešeno jinak")
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert proposal.withdrawn_at is not None
    assert db.session.get(Proposal, proposal.id) is not None


def test_delete_draft_removes_it(app):
    draft = DraftFactory()
    services.delete_draft(draft.author, draft)
    assert db.session.get(Proposal, draft.id) is None


def test_support_counts_for_home_municipality_at_that_moment(app):
    home, later = MunicipalityFactory(), MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[home])
    user = UserFactory(home_municipality=home)
    assert services.support(user, proposal) is True
    user.home_municipality_id = later.id
    db.session.commit()
    support = db.session.scalars(select(Support)).one()
    assert support.municipality_id == home.id
    assert support.source == SupportSource.ONLINE


def test_supporting_twice_leaves_one_support(app):
    proposal = ProposalFactory()
    user = UserFactory()
    assert services.support(user, proposal) is True
    assert services.support(user, proposal) is False
    assert services.support(user, proposal) is False
    assert _support_count(proposal) == 1


def test_unsupport_removes_only_own_support(app):
    proposal = ProposalFactory()
    first, second = UserFactory(), UserFactory()
    services.support(first, proposal)
    services.support(second, proposal)
    assert services.unsupport(first, proposal) is True
    assert services.unsupport(first, proposal) is False
    assert _support_count(proposal) == 1


def _three_towns(population=1000):
    return [MunicipalityFactory(population=population) for _ in range(3)]


def test_threshold_exactly_at_the_boundary(app):
    """Default rule: 3 municipalities, each max(10, 1 % of population) supporters."""
    towns = _three_towns(population=1500)  # 1 % of 1500 = 15 > 10
    proposal = ProposalFactory(municipalities=towns)
    supporters(proposal, towns[0], 15)
    supporters(proposal, towns[1], 15)
    supporters(proposal, towns[2], 14)
    assert services.check_threshold(proposal) is False
    assert proposal.threshold_reached_at is None
    last = residents(towns[2], 1)[0]
    services.support(last, proposal)
    db.session.refresh(proposal)
    assert proposal.threshold_reached_at is not None
    assert len(_events("proposal.threshold_reached")) == 1


def test_threshold_uses_absolute_minimum_for_small_villages(app):
    towns = _three_towns(population=300)  # 1 % of 300 = 3 < 10
    proposal = ProposalFactory(municipalities=towns)
    for town in towns:
        supporters(proposal, town, 9)
    assert services.check_threshold(proposal) is False
    supporters(proposal, towns[0], 1)
    supporters(proposal, towns[1], 1)
    assert services.check_threshold(proposal) is False
    supporters(proposal, towns[2], 1)
    assert services.check_threshold(proposal) is True


def test_threshold_recorded_once_and_kept(app):
    towns = _three_towns(population=100)
    proposal = ProposalFactory(municipalities=towns)
    for town in towns:
        supporters(proposal, town, 10)
    assert services.check_threshold(proposal) is True
    first = proposal.threshold_reached_at
    assert services.check_threshold(proposal) is False
    db.session.execute(Support.__table__.delete())
    db.session.commit()
    assert services.check_threshold(proposal) is False
    db.session.refresh(proposal)
    assert proposal.threshold_reached_at == first
    assert len(_events("proposal.threshold_reached")) == 1


def test_grouping_threshold_counts_only_current_members(app):
    towns = _three_towns(population=100)
    outsider = MunicipalityFactory(population=100)
    grouping = GroupingFactory(members=towns, threshold_municipalities=2, threshold_min_supporters=5,
                               threshold_population_percent=1)
    proposal = ProposalFactory(municipalities=[towns[0], towns[1], towns[2], outsider], grouping=grouping)
    supporters(proposal, towns[0], 5)
    supporters(proposal, outsider, 5)
    assert services.check_threshold(proposal) is False  # the outsider is not a member
    # A member that left no longer counts either.
    db.session.execute(GroupingMembership.__table__.update().where(
        GroupingMembership.municipality_id == towns[1].id).values(left_on=date(2025, 1, 1)))
    db.session.commit()
    supporters(proposal, towns[1], 5)
    assert services.check_threshold(proposal) is False
    db.session.execute(GroupingMembership.__table__.update().values(left_on=None))
    db.session.commit()
    assert services.check_threshold(proposal) is True


def test_change_status_is_audited_with_event(app):
    town = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[town])
    moderator = moderator_of(town)
    moderation.change_status(moderator, proposal, ProposalStatus.NOT_TAKEN_UP, "Nemáme rozpočet.")
    assert proposal.status == ProposalStatus.NOT_TAKEN_UP
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "proposal.status" and entry.reason == "Nemáme rozpočet."
    assert entry.actor_id == moderator.id
    assert len(_events("proposal.status_changed")) == 1


def test_official_answer_is_audited_with_event(app):
    town = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[town])
    moderator = moderator_of(town)
    answer = moderation.add_official_answer(moderator, proposal, "Projednáme na zastupitelstvu.",
                                            municipality_id=town.id)
    assert answer.id
    assert db.session.scalars(select(AuditEntry.action)).all() == ["proposal.official_answer"]
    assert len(_events("proposal.official_answer")) == 1


def test_merge_with_overlapping_supporters_counts_each_person_once(app):
    a, b = MunicipalityFactory(), MunicipalityFactory()
    survivor = ProposalFactory(municipalities=[a])
    duplicate = ProposalFactory(municipalities=[b])
    both = residents(a, 3)
    only_duplicate = residents(b, 2)
    only_survivor = residents(a, 1)
    for user in both + only_survivor:
        services.support(user, survivor)
    for user in both + only_duplicate:
        services.support(user, duplicate)
    moderator = moderator_of(a)
    follower = UserFactory()
    db.session.add(Follow(user_id=follower.id, proposal_id=duplicate.id))
    db.session.commit()

    moved = moderation.merge(moderator, duplicate, survivor, "Stejný problém")

    assert moved == 2
    assert _support_count(survivor) == 6  # 3 both + 1 survivor-only + 2 duplicate-only
    assert _support_count(duplicate) == 0
    users = db.session.scalars(select(Support.user_id).where(Support.proposal_id == survivor.id)).all()
    assert len(users) == len(set(users))
    db.session.refresh(duplicate)
    db.session.refresh(survivor)
    assert duplicate.status == ProposalStatus.MERGED
    assert duplicate.merged_into_id == survivor.id
    assert {m.id for m in survivor.municipalities} == {a.id, b.id}
    assert db.session.scalar(select(func.count()).select_from(Follow).where(
        Follow.proposal_id == survivor.id, Follow.user_id == follower.id)) == 1
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"proposal.merge", "proposal.merged_into"} <= actions
    assert len(_events("proposal.merged")) == 1


def test_merge_keeps_paper_supports(app):
    a = MunicipalityFactory()
    survivor, duplicate = ProposalFactory(municipalities=[a]), ProposalFactory(municipalities=[a])
    moderator = moderator_of(a)
    # An anonymous paper support recorded before the office desk replaced the old form.
    db.session.add(Support(proposal_id=duplicate.id, user_id=None, municipality_id=a.id,
                           source=SupportSource.PAPER, recorded_by_id=moderator.id))
    db.session.commit()
    moderation.merge(moderator, duplicate, survivor, "Duplicita")
    assert _support_count(survivor) == 1
