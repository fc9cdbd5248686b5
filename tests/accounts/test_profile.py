"""Profile, language, password change and account deletion."""

import pytest

from participation.accounts.models import Role, User
from participation.extensions import db
from participation.follows.models import Follow
from participation.proposals.models import Proposal, Support
from tests.factories import PASSWORD, MunicipalityFactory, RoleFactory, UserFactory


def test_profile_needs_sign_in(client):
    response = client.get("/profil")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/prihlaseni?next=")


def test_profile_shows_current_values(client, login):
    user = UserFactory(display_name="Eva K.")
    login(user)
    html = client.get("/profil").get_data(as_text=True)
    assert 'value="Eva K."' in html
    assert user.home_municipality.name in html
    assert f'value="{user.home_municipality_id}" checked' in html


def test_profile_edit_saves_name_home_and_language(client, login):
    user = UserFactory(locale="cs")
    new_home = MunicipalityFactory(name="Tišnov", code="584177")
    login(user)
    response = client.post("/profil", data={
        "display_name": "  Eva  ", "home_municipality_id-q": "tisnov", "locale": "en"})
    assert response.status_code == 303
    assert "lang=en" in response.headers["Set-Cookie"]
    db.session.refresh(user)
    assert (user.display_name, user.home_municipality_id, user.locale) == ("Eva", new_home.id, "en")
    assert '<html lang="en">' in client.get("/profil").get_data(as_text=True)


def test_profile_keeps_home_when_radio_is_sent(client, login):
    user = UserFactory()
    login(user)
    response = client.post("/profil", data={
        "display_name": "Eva", "home_municipality_id": str(user.home_municipality_id),
        "home_municipality_id-shown": "", "locale": "cs"})
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "x" * 81}, "2 až 80"),
        ({"locale": "de"}, "Neplatná volba"),
        ({"home_municipality_id": "77777777", "home_municipality_id-shown": ""}, "neexistuje"),
    ],
)
def test_profile_bad_input(client, login, data, message):
    user = UserFactory(display_name="Eva")
    login(user)
    form = {"display_name": "Eva", "home_municipality_id": str(user.home_municipality_id), "locale": "cs"}
    form.update(data)
    response = client.post("/profil", data=form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.display_name == "Eva"


def test_change_password(client, login):
    user = UserFactory()
    login(user)
    bad = client.post("/profil/heslo", data={"current_password": "nope nope", "password": "new password here"})
    assert "není vaše současné heslo" in bad.get_data(as_text=True)
    ok = client.post("/profil/heslo", data={"current_password": PASSWORD, "password": "new password here"})
    assert ok.status_code == 303
    db.session.refresh(user)
    assert user.check_password("new password here")


# Deletion ------------------------------------------------------------------------

def test_delete_asks_for_the_password(client, login):
    user = UserFactory()
    login(user)
    assert client.get("/profil/smazat").status_code == 200
    response = client.post("/profil/smazat", data={"current_password": "wrong one"})
    assert response.status_code == 200
    assert "není vaše současné heslo" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.is_deleted


def test_delete_removes_personal_data_but_keeps_counts(client, login):
    user = UserFactory(email="eva@example.cz", display_name="Eva Kovářová")
    RoleFactory(user=user, municipality=user.home_municipality)
    proposal = Proposal(title="Chodník", category="transport", author_id=user.id)
    db.session.add(proposal)
    db.session.flush()
    db.session.add(Support(proposal_id=proposal.id, user_id=user.id,
                           municipality_id=user.home_municipality_id))
    db.session.add(Follow(user_id=user.id, proposal_id=proposal.id))
    db.session.commit()
    login(user)

    response = client.post("/profil/smazat", data={"current_password": PASSWORD})
    assert response.status_code == 303
    db.session.expire_all()
    deleted = db.session.get(User, user.id)
    assert deleted.email is None
    assert deleted.password_hash is None
    assert deleted.display_name == "Deleted user"
    assert deleted.deleted_at is not None
    assert deleted.last_login_at is None
    assert db.session.scalar(db.select(db.func.count(Role.id)).where(Role.user_id == user.id)) == 0
    assert db.session.scalar(db.select(db.func.count(Follow.id))) == 0
    # The support and the proposal still count, now by the anonymised account.
    support = db.session.scalar(db.select(Support))
    assert support.user_id == user.id and support.municipality_id == user.home_municipality_id
    assert db.session.get(Proposal, proposal.id).author_id == user.id
    # Signed out, cannot sign in again; the address can register anew.
    assert client.get("/profil").status_code == 302
    with client.application.test_request_context():
        from flask_babel import force_locale

        with force_locale("cs"):
            assert deleted.public_name == "Smazaný uživatel"
    relog = client.post("/prihlaseni", data={"email": "eva@example.cz", "password": PASSWORD})
    assert relog.status_code == 200
    home = MunicipalityFactory(name="Kuřim")
    again = client.post("/registrace", data={
        "email": "eva@example.cz", "password": "another long password",
        "display_name": "Eva", "home_municipality_id-q": "kurim"})
    assert again.status_code == 303
    assert db.session.scalar(db.select(User).where(User.email == "eva@example.cz")).home_municipality_id == home.id


def test_delete_needs_sign_in(client):
    assert client.post("/profil/smazat", data={"current_password": "x"}).status_code == 302


def test_profile_page_query_count(client, login, count_queries):
    user = UserFactory()
    RoleFactory(user=user, municipality=user.home_municipality)
    login(user)
    client.get("/profil")
    with count_queries() as counter:
        assert client.get("/profil").status_code == 200
    assert counter["n"] <= 3, counter["statements"]  # the user; home municipality with region


def test_registration_with_typed_municipality_query_count(client, count_queries):
    MunicipalityFactory(name="Kuřim")
    with count_queries() as counter:
        response = client.post("/registrace", data={
            "email": "x@example.cz", "password": "short", "display_name": "X",
            "home_municipality_id-q": "kurim"})
    assert response.status_code == 200
    assert counter["n"] <= 2, counter["statements"]
