"""Writing a comment at the office on a resident's behalf: a paper participant or an account with consent."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.comments.models import Comment
from participation.extensions import db
from participation.verification import assisted_comments
from participation.verification.filing import OnBehalfOf
from participation.verification.models import AssistedComment, PaperParticipant
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory, moderator_of, representative_of


@pytest.fixture
def world(app):
    here, there = MunicipalityFactory(name="Libchavy", code="580376"), MunicipalityFactory(name="Kunvald")
    proposal = DiscussedProposalFactory(municipalities=[here])
    return {"here": here, "there": there, "proposal": proposal, "grouping": GroupingFactory(members=[here]),
            "moderator": moderator_of(here), "url": f"/podnety/{proposal.id}/komentar-za-obcana",
            "resident": UserFactory(home_municipality=here, email="jana@example.cz", display_name="Jana Malá")}


def _form(world, **change):
    data = {"municipality": str(world["here"].id), "name": "Josef Novák", "address": "Libchavy 7",
            "born_on": "14.3.1950", "form_code": "K-5", "body": "Lavička u zastávky by seniorům moc pomohla."}
    return {**data, **change}


def _comments() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def test_a_comment_for_a_paper_participant_is_published_without_their_name(client, login, world):
    login(world["moderator"])
    sent = client.post(world["url"], data=_form(world))
    assert sent.status_code in (302, 303)
    comment = db.session.scalars(select(Comment)).one()
    assert comment.author_id is None and comment.thread_id == world["proposal"].thread_id
    filing = db.session.scalars(select(AssistedComment)).one()
    assert filing.kind == "paper" and filing.form_code == "K-5" and filing.recorded_by_id == world["moderator"].id
    assert filing.paper_participant.name == "Josef Novák" and filing.proposal_id == world["proposal"].id
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.assisted_filing"))
    assert audit.actor_id == world["moderator"].id and audit.subject_id == comment.id
    client.post("/odhlaseni")
    page = client.get(f"/podnety/{world['proposal'].id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Lavička u zastávky" in page
    assert "A resident of Libchavy" in page and "filed at the office" in page
    assert "Novák" not in page and "Libchavy 7" not in page and "Former user" not in page
    czech = client.get(f"/podnety/{world['proposal'].id}", headers={"Accept-Language": "cs"}).get_data(as_text=True)
    assert "Obyvatel obce Libchavy" in czech and "podáno na úřadě" in czech
    shown = client.get(f"/komentare/{comment.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Novák" not in shown and "A resident of Libchavy" in shown


def test_a_comment_for_an_account_needs_consent_and_is_theirs(client, login, world):
    login(world["moderator"])
    person = {"name": "", "address": "", "born_on": "", "email": "JANA@example.cz"}
    refused = client.post(world["url"], data=_form(world, **person))
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="consent-error"' in body
    assert "Lavička u zastávky by seniorům moc pomohla." in body  # what was typed is kept
    assert _comments() == 0
    sent = client.post(world["url"], data=_form(world, **person, consent="y"))
    assert sent.status_code in (302, 303)
    comment = db.session.scalars(select(Comment)).one()
    assert comment.author_id == world["resident"].id
    filing = db.session.scalars(select(AssistedComment)).one()
    assert filing.kind == "account" and filing.consent and filing.user_id == world["resident"].id
    client.post("/odhlaseni")
    page = client.get(f"/podnety/{world['proposal'].id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Jana Malá" in page and "assisted: filed at the office" in page


def test_an_unknown_or_foreign_account_is_refused_next_to_the_email(client, login, world):
    UserFactory(home_municipality=world["there"], email="jinde@example.cz")
    login(world["moderator"])
    for email in ("jinde@example.cz", "nikdo@example.cz"):
        sent = client.post(world["url"], data=_form(world, email=email, consent="y"))
        body = sent.get_data(as_text=True)
        assert sent.status_code == 422 and 'id="email-error"' in body and f'value="{email}"' in body
    assert _comments() == 0 and db.session.scalar(select(func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize("change, field", [
    ({"body": "   "}, "body"),
    ({"body": "x" * 5001}, "body"),
    ({"name": ""}, "name"),
    ({"address": ""}, "address"),
    ({"born_on": "zítra"}, "born_on"),
    ({"email": "not-an-email"}, "email"),
])
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, login, world, change, field):
    login(world["moderator"])
    response = client.post(world["url"], data=_form(world, **change))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in body
    assert 'value="Libchavy 7"' in body or field == "address"  # what was typed is kept
    assert _comments() == 0 and db.session.scalar(select(func.count(PaperParticipant.id))) == 0


def test_the_service_refuses_a_person_without_name_and_keeps_nothing(app, world):
    with app.test_request_context("/"), pytest.raises(assisted_comments.VerificationError):
        assisted_comments.file_comment(world["moderator"], world["proposal"], world["here"], "Text.", OnBehalfOf())
    assert _comments() == 0 and db.session.scalar(select(func.count(AssistedComment.id))) == 0


ROLES = {
    "office": lambda w: w["moderator"],
    "moderator elsewhere": lambda w: moderator_of(w["there"]),
    "representative": lambda w: representative_of(w["grouping"]),
    "resident": lambda w: w["resident"],
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_only_the_proposals_office_files_a_comment(client, login, world, role):
    login(ROLES[role](world))
    page = client.get(world["url"])
    sent = client.post(world["url"], data=_form(world))
    if role == "office":
        assert page.status_code == 200 and sent.status_code in (302, 303) and _comments() == 1
    else:
        assert page.status_code == 403 and sent.status_code == 403 and _comments() == 0


def test_a_visitor_is_sent_to_sign_in(client, world):
    sent = client.post(world["url"], data=_form(world))
    assert sent.status_code in (302, 303) and "/prihlaseni" in sent.headers["Location"]
    assert _comments() == 0


def test_the_moderate_page_links_the_form(client, login, world):
    login(world["moderator"])
    page = client.get(f"/podnety/{world['proposal'].id}/moderovat").get_data(as_text=True)
    assert f'href="{world["url"]}"' in page


def test_assisted_comments_cost_one_query_per_page_not_one_per_comment(app, client, world, count_queries):
    proposal = world["proposal"]
    for n in range(3):
        add_comment(proposal, body=f"Online {n}.")
    url, counts = f"/podnety/{proposal.id}", []
    for first, last in ((0, 2), (2, 6)):
        with app.test_request_context("/"):
            for n in range(first, last):
                assisted_comments.file_comment(
                    world["moderator"], proposal, world["here"], f"Z úřadu {n}.",
                    OnBehalfOf(name=f"Občan {n}", address="Libchavy", born_on=date(1950, 1, n + 1)))
        client.get(url)
        with count_queries() as counter:
            page = client.get(url, headers={"Accept-Language": "en"})
        counts.append(counter["n"])
        assert page.get_data(as_text=True).count("A resident of Libchavy") == last
        assert len([s for s in counter["statements"] if "assisted_comment" in s]) == 1
    assert counts[1] <= counts[0]  # four more comments filed at the office: no more queries
