"""Password reset by an emailed link that expires and works once."""

import re

from participation.accounts.models import User
from participation.extensions import db
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a brand new password"


def _reset_link(mail) -> str:
    return re.search(r"http://localhost(/heslo/obnova/\S+)", mail.text).group(1)


def test_reset_request_page(client):
    response = client.get("/heslo/obnova")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<h1>") == 1


def test_reset_mail_is_sent_in_the_users_language(client, outbox):
    UserFactory(email="eva@example.cz", locale="en")
    response = client.post("/heslo/obnova", data={"email": "Eva@Example.cz"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/heslo/obnova/odeslano"
    assert len(outbox) == 1
    assert outbox[0].subject == "Reset your Spolu password"
    assert "http://localhost/heslo/obnova/" in outbox[0].html


def test_unknown_email_gets_the_same_response(client, outbox):
    UserFactory(email="eva@example.cz")
    known = client.post("/heslo/obnova", data={"email": "eva@example.cz"})
    unknown = client.post("/heslo/obnova", data={"email": "nobody@example.cz"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert len(outbox) == 1
    page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert "Pokud adresa patří k účtu" in page


def test_bad_email_on_reset_form(client, outbox):
    response = client.post("/heslo/obnova", data={"email": "nonsense"})
    assert response.status_code == 200
    assert 'value="nonsense"' in response.get_data(as_text=True)
    assert outbox == []


def test_reset_sets_new_password_and_link_works_once(client, outbox):
    user = UserFactory(email="eva@example.cz", email_confirmed_at=None)
    client.post("/heslo/obnova", data={"email": "eva@example.cz"})
    link = _reset_link(outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/prihlaseni"
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert user.is_confirmed  # the link proved the address
    # Used once: now refused.
    reused = client.post(link, data={"password": "yet another password", "confirm": "yet another password"})
    assert reused.status_code == 400
    assert "už byl použit" in reused.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_reset_mismatch_and_short_password(client, outbox):
    UserFactory(email="eva@example.cz")
    client.post("/heslo/obnova", data={"email": "eva@example.cz"})
    link = _reset_link(outbox[0])
    html = client.post(link, data={"password": "short", "confirm": "short"}).get_data(as_text=True)
    assert "10 až 200" in html
    html = client.post(link, data={"password": NEW_PASSWORD, "confirm": "different one"}).get_data(as_text=True)
    assert "se liší" in html


def test_expired_reset_link(app, client, outbox, monkeypatch):
    user = UserFactory(email="eva@example.cz")
    client.post("/heslo/obnova", data={"email": "eva@example.cz"})
    link = _reset_link(outbox[0])
    monkeypatch.setitem(app.config, "RESET_TOKEN_MAX_AGE", -1)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "vypršela" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_tampered_reset_link(client, outbox):
    UserFactory(email="eva@example.cz")
    client.post("/heslo/obnova", data={"email": "eva@example.cz"})
    link = _reset_link(outbox[0])
    assert client.get(link + "x").status_code == 400
    assert client.get("/heslo/obnova/nonsense").status_code == 400


def test_confirmation_token_is_not_a_reset_token(app, client):
    from participation.accounts.services import confirmation_token

    user = UserFactory()
    with app.test_request_context():
        token = confirmation_token(user)
    assert client.get(f"/heslo/obnova/{token}").status_code == 400


def test_deleted_account_gets_no_reset_mail(client, outbox):
    from participation.accounts.services import delete_account

    user = UserFactory(email="eva@example.cz")
    delete_account(user)
    client.post("/heslo/obnova", data={"email": "eva@example.cz"})
    assert outbox == []
    assert db.session.get(User, user.id).email is None
