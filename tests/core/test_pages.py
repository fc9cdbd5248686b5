"""Home page, language switch, error pages."""

from tests.factories import UserFactory


def test_home_page_in_czech_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="cs">' in html
    assert "Společně přes hranice obcí" in html
    assert 'href="#main"' in html  # skip link


def test_language_switch_sets_cookie_for_visitors(client):
    response = client.post("/jazyk", data={"language": "en", "next": "/"})
    assert response.status_code == 303
    assert "lang=en" in response.headers["Set-Cookie"]
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Together across municipal borders" in html


def test_language_switch_is_stored_on_the_account(app, client, login):
    user = UserFactory(locale="cs")
    login(user)
    client.post("/jazyk", data={"language": "en", "next": "/"})
    from participation.extensions import db

    db.session.refresh(user)
    assert user.locale == "en"
    fresh = app.test_client()
    login(user, fresh)
    assert '<html lang="en">' in fresh.get("/").get_data(as_text=True)


def test_language_switch_ignores_unknown_language_and_foreign_next(client):
    response = client.post("/jazyk", data={"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "http://localhost/")
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_not_found_page_is_friendly_in_both_languages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Stránka nenalezena" in response.get_data(as_text=True)
    client.set_cookie("lang", "en")
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)


def test_csrf_failure_gives_a_friendly_400_with_a_way_back(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = app.test_client().post("/jazyk", data={"language": "en"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Platnost formuláře vypršela" in html
    assert "Úvodní stránka" in html


def test_unhandled_error_gives_friendly_500(app, monkeypatch):
    def boom():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "core.healthz", boom)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = app.test_client().get("/healthz")
    assert response.status_code == 500
    assert "Něco se pokazilo" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_health_check(client):
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_language_switch_refuses_backslash_and_control_character_redirects(client):
    for target in ("/\\evil.example/", "/\\\\evil.example", "/\tevil", "//evil.example"):
        response = client.post("/jazyk", data={"language": "en", "next": target})
        assert response.status_code == 303
        assert "evil" not in response.headers["Location"], target


def test_sign_in_link_returns_to_the_page_without_a_stray_question_mark(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/prihlaseni?next=/"' in home or 'href="/prihlaseni?next=%2F"' in home
    listing = client.get("/podnety/?q=most").get_data(as_text=True)
    assert "next=/podnety/?q%3Dmost" in listing or "next=%2Fproposals%2F%3Fq%3Dmost" in listing
