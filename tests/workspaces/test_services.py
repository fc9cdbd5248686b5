"""The bulk status change, called directly: all or nothing, each change as if made one by one."""

import pytest

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.notifications.models import Event
from participation.proposals.models import ProposalStatus, StatusChange
from participation.workspaces.services import MAX_BULK, BulkRefused, change_statuses
from tests.factories import GroupingFactory, MunicipalityFactory, moderator_of, representative_of
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def setting(app):
    with app.test_request_context():
        yield _setting()


def _setting():
    here, there = MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[here])
    return {
        "here": here, "there": there,
        "mine": [ProposalFactory(municipalities=[here]) for _ in range(3)],
        "elsewhere": ProposalFactory(title="Návrh jinde", municipalities=[there]),
        "grouping_proposal": ProposalFactory(municipalities=[there], grouping=grouping),
        "moderator": moderator_of(here),
        "representative": representative_of(grouping),
    }


def _count(model, **where):
    statement = db.select(db.func.count()).select_from(model)
    for name, value in where.items():
        statement = statement.where(getattr(model, name) == value)
    return db.session.scalar(statement)


def test_each_proposal_gets_its_own_change_audit_entry_and_event(setting):
    proposals = setting["mine"]
    changed = change_statuses(setting["moderator"], [p.id for p in proposals] * 2, ProposalStatus.UNDER_REVIEW,
                              "  Posoudíme na zastupitelstvu.  ")
    assert [p.id for p in changed] == sorted(p.id for p in proposals)
    for proposal in proposals:
        assert proposal.status == ProposalStatus.UNDER_REVIEW
        change = db.session.scalars(db.select(StatusChange).where(StatusChange.proposal_id == proposal.id)).one()
        assert change.reason == "Posoudíme na zastupitelstvu."
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.subject_id == proposal.id)).one()
        assert (entry.action, entry.actor_id, entry.municipality_id) == (
            "proposal.status", setting["moderator"].id, setting["here"].id)
    assert _count(Event, kind="proposal.status_changed") == 3


def test_one_proposal_out_of_scope_changes_nothing_and_is_named(setting):
    ids = [p.id for p in setting["mine"]] + [setting["elsewhere"].id]
    with pytest.raises(BulkRefused) as refused:
        change_statuses(setting["moderator"], ids, ProposalStatus.UNDER_REVIEW, "Posoudíme.")
    assert str(refused.value).startswith(f"Podnět č. {setting['elsewhere'].id} „Návrh jinde“ je mimo")
    db.session.expire_all()
    assert all(p.status == ProposalStatus.PUBLISHED for p in setting["mine"])
    assert _count(StatusChange) == 0 and _count(AuditEntry) == 0 and _count(Event) == 0


def test_representative_changes_the_groupings_proposals(setting):
    change_statuses(setting["representative"], [setting["grouping_proposal"].id, setting["mine"][0].id],
                    ProposalStatus.NOT_TAKEN_UP, "Svazek to neřeší.")
    assert setting["grouping_proposal"].status == ProposalStatus.NOT_TAKEN_UP
    with pytest.raises(BulkRefused):
        change_statuses(setting["representative"], [setting["elsewhere"].id], ProposalStatus.SOLVED, "Hotovo.")


@pytest.mark.parametrize("ids, status, reason", [
    ([], ProposalStatus.UNDER_REVIEW, "Proč"),
    (None, ProposalStatus.UNDER_REVIEW, "   "),
    (None, ProposalStatus.MERGED, "Proč"),
    (None, ProposalStatus.IN_PROGRESS, "Proč"),
    (None, ProposalStatus.PUBLISHED, "Proč"),  # already published
    (list(range(1, MAX_BULK + 2)), ProposalStatus.UNDER_REVIEW, "Proč"),
])
def test_refusals(setting, ids, status, reason):
    ids = [p.id for p in setting["mine"]] if ids is None else ids
    with pytest.raises(BulkRefused):
        change_statuses(setting["moderator"], ids, status, reason)
    assert _count(StatusChange) == 0
