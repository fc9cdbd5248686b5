"""New passwords are checked against common passwords and patterns and against the person's own details."""

import re

import pytest

from participation.accounts import passwords, services
from participation.accounts.models import User
from participation.accounts.tokens import Purpose, make_token
from participation.extensions import db
from tests.factories import PASSWORD, MunicipalityFactory, UserFactory

GUESSABLE_CS = "Toto heslo se dá snadno uhodnout"
PERSONAL_CS = "Heslo nesmí být složené z vaší e-mailové adresy, jména ani obce."


def _error_of(html: str, field_id: str = "password") -> str:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize("password", ["password123", "1234567890", "qwertzuiop", "heslo12345",
                                      "Heslo123456", "aaaaaaaaaaaa", "abcdefghij1", "spolu2026!"])
def test_common_and_patterned_passwords_are_refused(app, password):
    assert passwords.weakness(password, []) is not None, password


@pytest.mark.parametrize("password", ["modrá louka nad řekou", "correct horse battery", "kocour sedí na plotě",
                                      "Vlak 7 jede přes most"])
def test_unrelated_words_pass(app, password):
    assert passwords.weakness(password, passwords.personal_words("eva.novakova@example.cz", "Eva Nováková")) is None


@pytest.mark.parametrize("password", ["eva.novakova@example.cz", "EvaNovakova77", "novakova.eva", "Kuřim Nováková"])
def test_passwords_made_of_ones_own_details_are_refused(app, password):
    personal = passwords.personal_words("eva.novakova@example.cz", "Eva Nováková", "Kuřim")
    assert passwords.weakness(password, personal) is passwords.TOO_PERSONAL


def test_the_minimum_strength_is_a_setting(app):
    app.config["PASSWORD_MIN_SCORE"] = 0
    assert passwords.weakness("password123", []) is None


def test_a_password_longer_than_the_checked_part_is_judged_by_its_start(app):
    assert passwords.weakness("modrá louka nad řekou " * 8, []) is None


@pytest.fixture
def home(app):
    return MunicipalityFactory(name="Kuřim", code="583251")


def test_registration_refuses_a_common_password_next_to_the_field(client, home):
    response = client.post("/registrace", data={"email": "jana@example.cz", "password": "password123",
                                              "display_name": "Jana", "home_municipality_id-q": "kurim"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert GUESSABLE_CS in _error_of(html)
    assert 'value="jana@example.cz"' in html  # what was typed stays
    assert db.session.scalar(db.select(User)) is None


def test_registration_refuses_the_email_as_password(client, home):
    response = client.post("/registrace", data={"email": "jana.dvorakova@example.cz",
                                              "password": "jana.dvorakova@example.cz",
                                              "display_name": "Jana", "home_municipality_id-q": "kurim"})
    assert PERSONAL_CS in _error_of(response.get_data(as_text=True))


def test_registration_message_in_english(client, home):
    client.set_cookie("lang", "en")
    response = client.post("/registrace", data={"email": "jana@example.cz", "password": "password123",
                                              "display_name": "Jana", "home_municipality_id-q": "kurim"})
    assert "This password is too easy to guess" in _error_of(response.get_data(as_text=True))


def test_password_change_refuses_a_guessable_password(client, login):
    user = UserFactory(email="eva@example.cz")
    login(user)
    response = client.post("/profil/heslo", data={"current_password": PASSWORD, "password": "Heslo123456"})
    assert GUESSABLE_CS in _error_of(response.get_data(as_text=True))
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_password_change_refuses_ones_own_name_and_municipality(client, login):
    user = UserFactory(email="eva@example.cz", display_name="Eva Nováková",
                       home_municipality=MunicipalityFactory(name="Velké Bílovice"))
    login(user)
    response = client.post("/profil/heslo", data={"current_password": PASSWORD,
                                                      "password": "velké bílovice nováková"})
    assert PERSONAL_CS in _error_of(response.get_data(as_text=True))


def test_reset_refuses_a_guessable_password(client):
    user = UserFactory(email="eva@example.cz")
    token = make_token(Purpose.RESET_PASSWORD, {"user": user.id, "pw": services.password_fingerprint(user.password_hash)})
    response = client.post(f"/heslo/obnova/{token}", data={"password": "1234567890", "confirm": "1234567890"})
    assert response.status_code == 200
    assert GUESSABLE_CS in _error_of(response.get_data(as_text=True))
    db.session.refresh(user)
    assert user.check_password(PASSWORD)
