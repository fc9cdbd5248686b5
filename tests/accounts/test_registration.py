"""Registration and email confirmation."""

import re

import pytest

from participation.accounts.models import User
from participation.accounts.services import confirmation_token
from participation.extensions import db
from tests.factories import PASSWORD, MunicipalityFactory, UserFactory

GOOD_PASSWORD = "long enough password"


@pytest.fixture
def home(app):
    return MunicipalityFactory(name="Kuřim", code="583251")


def _register(client, **overrides):
    data = {
        "email": "Jana.Novakova@Example.cz",
        "password": GOOD_PASSWORD,
        "display_name": "Jana N.",
        "home_municipality_id-q": "kurim",
    }
    data.update(overrides)
    return client.post("/registrace", data=data)


def _error_of(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


def test_registration_page_renders(client):
    response = client.get("/registrace")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<h1>") == 1
    assert 'name="home_municipality_id-q"' in html
    assert 'hx-get="/obce/naseptavac' in html


def test_register_creates_unconfirmed_account_and_mails_link(client, home, outbox):
    response = _register(client)
    assert response.status_code == 303 and response.headers["Location"] == "/registrace/odeslano"
    user = db.session.scalar(db.select(User))
    assert user.email == "jana.novakova@example.cz"
    assert user.home_municipality_id == home.id
    assert user.locale == "cs"
    assert not user.is_confirmed
    assert user.password_hash.startswith("scrypt:")
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail.to == "jana.novakova@example.cz"
    assert "Potvrďte" in mail.subject
    assert "http://localhost/potvrzeni/" in mail.text and "http://localhost/potvrzeni/" in mail.html
    assert "Podívejte se do schránky" in client.get("/registrace/odeslano").get_data(as_text=True)
    # Not signed in until the link is opened (an address with an account gets the same answer).
    assert client.get("/profil").status_code == 302
    # Signing in before confirming shows the notice and its resend button.
    client.post("/prihlaseni", data={"email": "jana.novakova@example.cz", "password": GOOD_PASSWORD})
    html = client.get("/").get_data(as_text=True)
    assert 'id="unconfirmed-notice"' in html
    assert 'action="/potvrzeni/znovu-odeslat"' in html


def test_register_in_english_sends_english_mail(client, home, outbox):
    client.set_cookie("lang", "en")
    _register(client)
    assert outbox[0].subject == "Confirm your email address for Spolu"
    assert db.session.scalar(db.select(User)).locale == "en"


def test_duplicate_email_creates_nothing_and_tells_the_owner_by_mail(client, home, outbox):
    owner = UserFactory(email="jana.novakova@example.cz", display_name="Jana Nováková")
    response = _register(client, email="  JANA.novakova@EXAMPLE.cz ")
    assert response.status_code == 303 and response.headers["Location"] == "/registrace/odeslano"
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    db.session.refresh(owner)
    assert owner.display_name == "Jana Nováková" and owner.check_password(PASSWORD)
    assert [mail.to for mail in outbox] == ["jana.novakova@example.cz"]
    assert "Někdo se pokusil zaregistrovat" in outbox[0].subject
    assert "http://localhost/heslo/obnova" in outbox[0].text
    assert client.get("/profil").status_code == 302  # nobody is signed in


@pytest.mark.parametrize(
    ("field", "value", "field_id", "message"),
    [
        ("email", "not-an-address", "email", "Zadejte e-mailovou adresu"),
        ("email", "", "email", "Zadejte svou e-mailovou adresu"),
        ("email", "a" * 250 + "@example.cz", "email", "nejvýše 254"),
        ("password", "short", "password", "10 až 200"),
        ("password", "x" * 201, "password", "10 až 200"),
        ("display_name", "x" * 81, "display_name", "2 až 80"),
        ("display_name", "   ", "display_name", "Zadejte jméno"),
        ("home_municipality_id-q", "Atlantida", "home_municipality_id", "neodpovídá žádná obec"),
        ("home_municipality_id-q", "", "home_municipality_id", "Vyberte svou domovskou obec"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(client, home, field, value, field_id, message):
    response = _register(client, **{field: value})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in _error_of(html, field_id)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    if field != "display_name":
        assert 'value="Jana N."' in html


def test_unknown_municipality_id_is_refused(client, home):
    response = _register(client, **{"home_municipality_id-q": "", "home_municipality_id": "987654"})
    assert response.status_code == 200
    assert "neexistuje" in _error_of(response.get_data(as_text=True), "home_municipality_id")


def test_register_with_next_keeps_a_local_page_only_for_signing_in(client, home):
    response = _register(client, next="/profil")
    assert response.headers["Location"] == "/registrace/odeslano?next=/profil"
    assert 'href="/prihlaseni?next=/profil"' in client.get(response.headers["Location"]).get_data(as_text=True)
    response = _register(client, email="other@example.cz", next="https://evil.example/")
    assert response.headers["Location"] == "/registrace/odeslano"
    page = client.get("/registrace/odeslano?next=https://evil.example/").get_data(as_text=True)
    assert '<a href="/prihlaseni">' in page and 'href="https://evil.example' not in page


# Confirmation -------------------------------------------------------------------

def _link_from(mail) -> str:
    return re.search(r"http://localhost(/potvrzeni/\S+)", mail.text).group(1)


def test_confirmation_link_confirms(client, home, outbox):
    _register(client)
    response = client.get(_link_from(outbox[0]))
    assert response.status_code == 200
    assert "je potvrzena" in response.get_data(as_text=True)
    user = db.session.scalar(db.select(User))
    assert user.is_confirmed
    # A second click says so rather than failing.
    assert "už byla potvrzena" in client.get(_link_from(outbox[0])).get_data(as_text=True)
    assert 'id="unconfirmed-notice"' not in client.get("/").get_data(as_text=True)


def test_tampered_confirmation_token_is_refused(client, home, outbox):
    _register(client)
    link = _link_from(outbox[0])
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "není platný" in response.get_data(as_text=True)
    assert not db.session.scalar(db.select(User)).is_confirmed
    assert client.get("/potvrzeni/garbage").status_code == 400


def test_expired_confirmation_token_is_refused(app, client, home, outbox, monkeypatch):
    _register(client)
    link = _link_from(outbox[0])
    monkeypatch.setitem(app.config, "CONFIRM_TOKEN_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 400
    assert "vypršela" in response.get_data(as_text=True)
    assert not db.session.scalar(db.select(User)).is_confirmed


def test_confirmation_token_for_an_old_address_is_refused(app, client, home):
    user = UserFactory(email_confirmed_at=None, email="old@example.cz")
    with app.test_request_context():
        token = confirmation_token(user)
    user.email = "new@example.cz"
    db.session.commit()
    assert client.get(f"/potvrzeni/{token}").status_code == 400


def test_resend_confirmation(client, login, outbox):
    user = UserFactory(email_confirmed_at=None)
    login(user)
    response = client.post("/potvrzeni/znovu-odeslat", data={"next": "/"})
    assert response.status_code == 303
    assert len(outbox) == 1 and outbox[0].to == user.email


def test_resend_when_confirmed_sends_nothing(client, login, outbox):
    login(UserFactory())
    client.post("/potvrzeni/znovu-odeslat")
    assert outbox == []


def test_resend_needs_sign_in(client):
    response = client.post("/potvrzeni/znovu-odeslat")
    assert response.status_code == 302
    assert "/prihlaseni" in response.headers["Location"]
