"""The moderator's inbox: contents per role, ordering and ages, filters, bulk status change, queries."""

import re
from datetime import timedelta

import pytest

from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.extensions import db
from participation.projects.models import ProjectProposal, ProjectStatus
from participation.proposals.models import OfficialAnswer, ProposalStatus, StatusChange
from participation.workspaces.inbox import InboxFilters, inbox_page
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.moderation.factories import ReportFactory
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import DraftFactory

URL = "/schranka"
BULK = "/schranka/stav"


def _ago(days: int):
    """A moment `days` whole days and an hour ago (so the age is exactly `days`)."""
    return utcnow() - timedelta(days=days, hours=1)


def _proposal(title, municipality, days, **fields):
    return DiscussedProposalFactory(title=title, municipalities=[municipality], published_at=_ago(days), **fields)


def _answer(proposal, days):
    db.session.add(OfficialAnswer(proposal_id=proposal.id, body="Odpověď obce.", created_at=_ago(days)))
    db.session.commit()


@pytest.fixture
def world(app):
    here, there, outside = (MunicipalityFactory(name="Lhota"), MunicipalityFactory(name="Ves"),
                            MunicipalityFactory(name="Hora"))
    grouping = GroupingFactory(members=[here, there])
    w = {"here": here, "there": there, "outside": outside, "grouping": grouping}

    w["new"] = _proposal("Chodník k nádraží", here, 10)
    answered = _proposal("Zodpovězený návrh", here, 20)
    _answer(answered, 19)
    w["threshold"] = _proposal("Návrh nad prahem", here, 30, status=ProposalStatus.UNDER_REVIEW,
                               threshold_reached_at=_ago(5))
    _answer(w["threshold"], 25)  # answered before the threshold: still waits
    past = _proposal("Nad prahem a zodpovězený", here, 30, threshold_reached_at=_ago(6))
    _answer(past, 4)
    w["reported"] = _proposal("Nahlášený návrh", here, 12)
    _answer(w["reported"], 11)
    ReportFactory(proposal=w["reported"], created_at=_ago(3))
    ReportFactory(proposal=w["reported"], created_at=_ago(1))
    w["comment"] = add_comment(w["new"], body="Nahlášený komentář")
    ReportFactory(comment=w["comment"], created_at=_ago(15))
    w["solve"] = _proposal("Návrh s hotovým projektem", here, 60, status=ProposalStatus.IN_PROGRESS)
    _answer(w["solve"], 59)
    project = ProjectFactory(title="Hotová cyklostezka", status=ProjectStatus.DONE, done_at=_ago(40),
                             municipalities=[here])
    db.session.add(ProjectProposal(project_id=project.id, proposal_id=w["solve"].id))
    w["p_there"] = _proposal("Návrh ze Vsi", there, 50)
    w["p_outside"] = _proposal("Návrh z Hory", outside, 45)
    _proposal("Skrytý návrh", here, 8, hidden_at=utcnow())
    DraftFactory(title="Koncept", municipalities=[here])
    w["withdrawn"] = _proposal("Stažený návrh", here, 9, status=ProposalStatus.WITHDRAWN)
    db.session.commit()

    w["moderator"] = moderator_of(here)
    w["moderator_there"] = moderator_of(there)
    w["representative"] = representative_of(grouping)
    w["administrator"] = administrator()
    w["resident"] = UserFactory(home_municipality=here)
    return w


def _entries(user, **args):
    page = inbox_page(user, InboxFilters.from_args(args, user), 1, 50)
    return [(e.kind, (e.proposal or e.comment).id, e.age_days) for e in page.items]


def test_moderator_sees_their_scope_oldest_first_with_ages(world):
    w = world
    assert _entries(w["moderator"]) == [
        ("solve", w["solve"].id, 40),
        ("reports", w["comment"].id, 15),
        ("new", w["new"].id, 10),
        ("threshold", w["threshold"].id, 5),
        ("reports", w["reported"].id, 3),
    ]


def test_moderator_of_another_municipality_sees_only_theirs(world):
    assert _entries(world["moderator_there"]) == [("new", world["p_there"].id, 50)]


def test_administrator_sees_everywhere(world):
    entries = _entries(world["administrator"])
    ids = [proposal_id for _kind, proposal_id, _age in entries]
    assert world["p_there"].id in ids and world["p_outside"].id in ids
    assert entries[0] == ("new", world["p_there"].id, 50)
    assert len(entries) == 7


def test_representative_sees_the_grouping_members(world):
    ids = {proposal_id for _kind, proposal_id, _age in _entries(world["representative"])}
    assert world["p_there"].id in ids and world["new"].id in ids
    assert world["p_outside"].id not in ids


def test_representative_of_another_grouping_sees_only_its_members(world):
    other = representative_of(GroupingFactory(members=[world["outside"]]))
    assert _entries(other) == [("new", world["p_outside"].id, 45)]


@pytest.mark.parametrize("kind, expected", [
    ("new", ["new"]), ("threshold", ["threshold"]), ("reports", ["reports", "reports"]), ("solve", ["solve"]),
])
def test_filter_by_kind(world, kind, expected):
    assert [k for k, _id, _age in _entries(world["moderator"], kind=kind)] == expected


def test_filter_by_municipality_in_scope(world):
    w = world
    assert _entries(w["administrator"], municipality=str(w["there"].id)) == [("new", w["p_there"].id, 50)]
    # A comment's report counts for the municipalities of the discussion's proposal.
    assert ("reports", w["comment"].id, 15) in _entries(w["administrator"], municipality=str(w["here"].id))


@pytest.mark.parametrize("args", [
    {"kind": "nonsense"}, {"municipality": "abc"}, {"municipality": "99999999"}, {"municipality": "-1"},
    {"kind": "new' OR 1=1 --"}, {"municipality": "1" * 40},
])
def test_unknown_filter_values_give_an_empty_inbox(client, login, world, args):
    assert _entries(world["moderator"], **args) == []
    login(world["moderator"])
    response = client.get(URL, query_string=args)
    assert response.status_code == 200
    assert "Chodník k nádraží" not in response.get_data(as_text=True)


def test_a_municipality_outside_the_scope_gives_an_empty_inbox(world):
    assert _entries(world["moderator"], municipality=str(world["p_there"].id)) == []


# --- permissions ------------------------------------------------------------------


def test_visitor_is_sent_to_sign_in(client, world):
    for response in (client.get(URL), client.post(BULK, data={"proposal": [str(world["new"].id)]})):
        assert response.status_code in (302, 303)
        assert "/prihlaseni" in response.headers["Location"]


@pytest.mark.parametrize("role, status", [
    ("resident", 403), ("moderator", 200), ("moderator_there", 200), ("representative", 200),
    ("administrator", 200),
])
def test_who_may_open_the_inbox(client, login, world, role, status):
    login(world[role])
    assert client.get(URL).status_code == status


def test_the_inbox_link_shows_for_staff_only(client, login, world):
    login(world["resident"])
    assert 'href="/schranka"' not in client.get("/muj-spolu").get_data(as_text=True)
    login(world["moderator"])
    assert 'href="/schranka"' in client.get("/muj-spolu").get_data(as_text=True)


def test_resident_may_not_bulk_change(client, login, world):
    login(world["resident"])
    response = client.post(BULK, data={"proposal": [str(world["new"].id)], "status": "under_review",
                                       "reason": "Posoudíme."})
    assert response.status_code == 403
    assert world["new"].status == ProposalStatus.PUBLISHED


# --- the page ---------------------------------------------------------------------


def test_page_lists_entries_with_ages_and_links(client, login, world):
    login(world["moderator"])
    html = client.get(URL).get_data(as_text=True)
    order = [int(m) for m in re.findall(r'id="inbox-(?:new|threshold|solve|reports)-(\d+)"', html)]
    w = world
    assert order == [w["solve"].id, w["comment"].id, w["new"].id, w["threshold"].id, w["reported"].id]
    assert "čeká 40 dní" in html and "čeká 5 dní" in html
    assert "Hotová cyklostezka" in html
    assert f'/moderace/komentare/{w["comment"].id}' in html
    assert "2 otevřená nahlášení" in html
    assert '<label for="pick-1">' in html  # every checkbox has a label
    assert "Návrh ze Vsi" not in html


def test_htmx_filter_gets_the_results_only(client, login, world):
    login(world["moderator"])
    response = client.get(URL, query_string={"kind": "new"}, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and html.strip().startswith('<div id="inbox-results">')
    assert "Chodník k nádraží" in html and "Návrh nad prahem" not in html
    assert "HX-Request" in response.headers["Vary"]


# --- bulk status change ------------------------------------------------------------


def _bulk(client, ids, status="not_taken_up", reason="Obec na to nemá prostředky.", **query):
    return client.post(BULK, query_string=query,
                       data={"proposal": [str(i) for i in ids], "status": status, "reason": reason})


def _audit(proposal_ids):
    return db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action == "proposal.status", AuditEntry.subject_id.in_(proposal_ids),
    ).order_by(AuditEntry.subject_id)).all()


def test_bulk_change_is_one_change_and_one_audit_entry_per_proposal(client, login, world):
    w = world
    login(w["moderator"])
    ids = [w["new"].id, w["threshold"].id]
    response = _bulk(client, ids, kind="new")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/schranka?kind=new")
    db.session.expire_all()
    for proposal in (w["new"], w["threshold"]):
        assert proposal.status == ProposalStatus.NOT_TAKEN_UP
    changes = db.session.scalars(db.select(StatusChange).where(StatusChange.proposal_id.in_(ids))
                                 .order_by(StatusChange.proposal_id)).all()
    assert [(c.proposal_id, c.from_status, c.to_status, c.reason, c.author_id) for c in changes] == [
        (w["new"].id, ProposalStatus.PUBLISHED, ProposalStatus.NOT_TAKEN_UP, "Obec na to nemá prostředky.",
         w["moderator"].id),
        (w["threshold"].id, ProposalStatus.UNDER_REVIEW, ProposalStatus.NOT_TAKEN_UP,
         "Obec na to nemá prostředky.", w["moderator"].id),
    ]
    entries = _audit(ids)
    assert [(e.subject_id, e.actor_id, e.reason, e.details) for e in entries] == [
        (w["new"].id, w["moderator"].id, "Obec na to nemá prostředky.",
         {"from": "published", "to": "not_taken_up"}),
        (w["threshold"].id, w["moderator"].id, "Obec na to nemá prostředky.",
         {"from": "under_review", "to": "not_taken_up"}),
    ]
    html = client.get(URL).get_data(as_text=True)
    assert "Stav 2 podnětů je změněn." in html
    assert "Chodník k nádraží" not in html  # answered by the decision: no longer waiting as new


def test_bulk_change_with_one_proposal_out_of_scope_changes_nothing(client, login, world):
    w = world
    login(w["moderator"])
    response = _bulk(client, [w["new"].id, w["p_there"].id])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"Podnět č. {w['p_there'].id} „Návrh ze Vsi“ je mimo váš rozsah působnosti" in html
    db.session.expire_all()
    assert w["new"].status == ProposalStatus.PUBLISHED and w["p_there"].status == ProposalStatus.PUBLISHED
    assert _audit([w["new"].id, w["p_there"].id]) == []
    assert 'value="{}" id="pick-'.format(w["new"].id) in html  # the selection is kept
    assert re.search(rf'value="{w["new"].id}" id="pick-\d+"\s+checked', html)


@pytest.mark.parametrize("which, status", [("withdrawn", "under_review"), ("threshold", "under_review")])
def test_a_refused_transition_changes_nothing(client, login, world, which, status):
    w = world
    login(w["moderator"])
    response = _bulk(client, [w["new"].id, w[which].id], status=status)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"Podnět č. {w[which].id}" in html or f"podnětu č. {w[which].id}" in html
    assert "Nic nebylo změněno." in html
    db.session.expire_all()
    assert w["new"].status == ProposalStatus.PUBLISHED
    assert _audit([w["new"].id, w[which].id]) == []


@pytest.mark.parametrize("data", [
    {"proposal": [], "status": "under_review", "reason": "Posoudíme."},
    {"proposal": ["abc"], "status": "under_review", "reason": "Posoudíme."},
    {"proposal": ["{new}"], "status": "under_review", "reason": ""},
    {"proposal": ["{new}"], "status": "merged", "reason": "Posoudíme."},
    {"proposal": ["{new}"], "status": "nonsense", "reason": "Posoudíme."},
    {"proposal": ["999999"], "status": "under_review", "reason": "Posoudíme."},
    {"proposal": ["{draft}"], "status": "under_review", "reason": "Posoudíme."},
])
def test_bad_bulk_input_is_refused_without_error(client, login, world, data):
    from participation.proposals.models import Proposal

    draft = db.session.scalars(db.select(Proposal).where(Proposal.status == ProposalStatus.DRAFT)).one()
    login(world["moderator"])
    ids = [v.format(new=world["new"].id, draft=draft.id) for v in data["proposal"]]
    response = client.post(BULK, data={**data, "proposal": ids})
    assert response.status_code == 422
    assert "Koncept" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert world["new"].status == ProposalStatus.PUBLISHED
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


def test_administrator_bulk_changes_anywhere(client, login, world):
    w = world
    login(w["administrator"])
    assert _bulk(client, [w["p_there"].id, w["p_outside"].id], status="under_review").status_code == 303
    db.session.expire_all()
    assert w["p_there"].status == w["p_outside"].status == ProposalStatus.UNDER_REVIEW
    assert len(_audit([w["p_there"].id, w["p_outside"].id])) == 2


# --- queries ----------------------------------------------------------------------


def _grow(world, times):
    here = world["here"]
    for n in range(times):
        proposal = _proposal(f"Další návrh {n}", here, 7 + n % 5)
        ReportFactory(proposal=proposal, created_at=_ago(2))
        comment = add_comment(proposal, body=f"Komentář {n}")
        ReportFactory(comment=comment, created_at=_ago(2))
        project = ProjectFactory(status=ProjectStatus.DONE, done_at=_ago(30), municipalities=[here])
        solved = _proposal(f"Řešený návrh {n}", here, 70, status=ProposalStatus.IN_PROGRESS)
        db.session.add(ProjectProposal(project_id=project.id, proposal_id=solved.id))
    db.session.commit()


def test_query_count_does_not_grow(client, login, world, count_queries):
    login(world["moderator"])
    db.session.expire_all()
    with count_queries() as small:
        assert client.get(URL).status_code == 200
    _grow(world, 15)
    db.session.expire_all()
    with count_queries() as large:
        html = client.get(URL).get_data(as_text=True)
    assert "Řešený návrh" in html
    assert large["n"] == small["n"], large["statements"]
    # 13 for the proposals (the batch of open referrals included), 3 for connectivity (disputed
    # declarations, operators' disputes of reports, operators' overdue answers), 2 for shared
    # infrastructure (operators' access and joining requests waiting).
    assert small["n"] == 18


def test_no_bulk_form_when_only_comments_wait(client, login, world):
    login(world["moderator"])
    html = client.get(URL, query_string={"kind": "reports", "page": "1"}).get_data(as_text=True)
    assert "Změnit stav vybraných podnětů" in html  # a reported proposal can be changed
    from participation.moderation.models import Report

    for report in db.session.scalars(db.select(Report).where(Report.proposal_id == world["reported"].id)):
        report.resolved_at = utcnow()
    db.session.commit()
    html = client.get(URL, query_string={"kind": "reports"}).get_data(as_text=True)
    assert "Komentář č." in html and "Změnit stav vybraných podnětů" not in html
