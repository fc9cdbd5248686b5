"""The privacy notice, the terms of use and the accessibility statement: reachable, in both languages, naming the operator."""

import pytest

PAGES = {
    "/ochrana-osobnich-udaju": ("Ochrana osobních údajů", "Privacy notice"),
    "/podminky-uziti": ("Podmínky užití", "Terms of use"),
    "/prohlaseni-o-pristupnosti": ("Prohlášení o přístupnosti", "Accessibility statement"),
}


@pytest.fixture
def operator(app):
    app.config.update(OPERATOR_NAME="Mikroregion Podlipansko", OPERATOR_ADDRESS="Náměstí 1, 281 63 Kostelec",
                      OPERATOR_ID="12345678", OPERATOR_EMAIL="spolu@podlipansko.cz",
                      PRIVACY_OFFICER_EMAIL="poverenec@podlipansko.cz", ACCESSIBILITY_STATEMENT_DATE="2026-11-20")


@pytest.mark.parametrize("address", PAGES)
def test_each_page_names_the_operator_in_czech_and_english(client, operator, address):
    czech, english = PAGES[address]
    html = client.get(address).get_data(as_text=True)
    assert f"<h1>{czech}</h1>" in html
    assert "Mikroregion Podlipansko" in html and "12345678" in html and "mailto:spolu@podlipansko.cz" in html
    client.get("/jazyk/en")
    html = client.get(address).get_data(as_text=True)
    assert f"<h1>{english}</h1>" in html and '<html lang="en">' in html
    assert "Mikroregion Podlipansko" in html


def test_visitors_reach_every_page_from_the_footer(client):
    html = client.get("/").get_data(as_text=True)
    for address in PAGES:
        assert f'href="{address}"' in html


def test_registration_links_the_terms_and_the_privacy_notice(client):
    html = client.get("/registrace").get_data(as_text=True)
    assert 'href="/podminky-uziti"' in html and 'href="/ochrana-osobnich-udaju"' in html
    assert "Vytvořením účtu souhlasíte" in html


def test_privacy_notice_says_how_to_use_each_right(client, operator):
    html = client.get("/ochrana-osobnich-udaju").get_data(as_text=True)
    for address in ("/profil/data", "/profil", "/profil/smazat"):
        assert f'href="{address}"' in html
    assert "mailto:poverenec@podlipansko.cz" in html
    assert "Úřadu pro ochranu osobních údajů" in html


def test_privacy_notice_states_the_retention_the_settings_give(app, client):
    app.config.update(SIGN_IN_IDLE_HOURS=12)
    html = client.get("/ochrana-osobnich-udaju").get_data(as_text=True)
    assert "jinak 12 hodin nečinnosti" in html


def test_accessibility_statement_dates_the_assessment_and_names_what_is_not_accessible(client, operator):
    html = client.get("/prohlaseni-o-pristupnosti").get_data(as_text=True)
    assert "20. listopadu 2026" in html
    assert "zákonem č. 99/2019 Sb." in html and "Mapa." in html


def test_a_malformed_statement_date_is_shown_as_set_not_a_500(app, client):
    app.config.update(ACCESSIBILITY_STATEMENT_DATE="listopad 2026")
    response = client.get("/prohlaseni-o-pristupnosti")
    assert response.status_code == 200 and "listopad 2026" in response.get_data(as_text=True)


def test_the_pages_are_shared_by_visitors(client):
    response = client.get("/podminky-uziti")
    assert response.headers["Cache-Control"].startswith("public") and "Set-Cookie" not in response.headers
