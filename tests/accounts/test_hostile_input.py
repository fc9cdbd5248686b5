"""No input of any kind gives a 500: control characters, huge values, odd types."""

import pytest

from tests.factories import UserFactory

WEIRD = ["\x00", "a\x00b", "x" * 5000, "😀" * 100, "' OR 1=1 --", "%_%", "\u202e", "<script>"]


@pytest.mark.parametrize("value", WEIRD)
def test_public_forms_survive_weird_values(client, value):
    UserFactory(email="eva@example.cz")
    posts = {
        "/registrace": {"email": value, "password": value, "display_name": value,
                      "home_municipality_id-q": value, "home_municipality_id": value,
                      "home_municipality_id-shown": value, "next": value},
        "/prihlaseni": {"email": value, "password": value, "remember": value, "next": value},
        "/heslo/obnova": {"email": value},
        f"/heslo/obnova/{value[:200].replace('/', '')}": {"password": value, "confirm": value},
    }
    for url, data in posts.items():
        response = client.post(url, data=data)
        assert response.status_code < 500, (url, response.status_code)
    for url in ("/obce/naseptavac?field=home&home-q=" + value, "/prihlaseni?next=" + value,
                "/potvrzeni/" + value[:200].replace("/", "")):
        assert client.get(url).status_code < 500, url


@pytest.mark.parametrize("value", WEIRD)
def test_signed_in_forms_survive_weird_values(client, login, value):
    login(UserFactory())
    for url, data in {
        "/profil": {"display_name": value, "home_municipality_id-q": value, "locale": value},
        "/profil/heslo": {"current_password": value, "password": value},
        "/profil/smazat": {"current_password": value},
        "/potvrzeni/znovu-odeslat": {"next": value},
    }.items():
        response = client.post(url, data=data)
        assert response.status_code < 500, (url, response.status_code)
