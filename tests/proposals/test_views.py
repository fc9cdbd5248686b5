"""Pages and forms, with and without htmx."""

import re

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.proposals.models import Proposal, ProposalStatus, Support
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory

from .factories import DraftFactory, ProposalFactory

XSS_PAYLOADS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">odkaz</a>",
    "<svg onload=alert(1)>",
    "\"><iframe src=//evil.example></iframe>",
]


def _form(chosen, **overrides):
    data = {
        "title": "Chybí cyklostezka přes hranici obcí",
        "body": "Cesta mezi obcemi je *nebezpečná*.",
        "category": "transport",
        "municipalities": [str(m.id) for m in chosen],
        "grouping": "",
        "latitude": "",
        "longitude": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def test_new_requires_sign_in(client):
    response = client.get("/podnety/novy")
    assert response.status_code in (302, 303, 403)


def test_new_form_preselects_home_municipality(client, login):
    home = MunicipalityFactory(name="Rybník")
    login(UserFactory(home_municipality=home))
    html = client.get("/podnety/novy").get_data(as_text=True)
    checked = re.findall(r'<input type="checkbox" name="municipalities"[^>]*value="(\d+)" checked>', html)
    assert checked == [str(home.id)]


def test_create_draft_then_publish(client, login):
    home = MunicipalityFactory()
    user = UserFactory(home_municipality=home)
    login(user)
    response = client.post("/podnety/novy", data=_form([home]))
    assert response.status_code == 303
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.status == ProposalStatus.DRAFT
    page = client.get(f"/podnety/{proposal.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This is a draft: only you can see it." in page or "Toto je koncept: vidíte ho jen vy." in page
    response = client.post(f"/podnety/{proposal.id}/zverejnit")
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.PUBLISHED


def test_create_and_publish_at_once(client, login):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home))
    client.post("/podnety/novy", data=_form([home], action="publish"))
    assert db.session.scalars(select(Proposal)).one().status == ProposalStatus.PUBLISHED


def test_preview_renders_sanitised_markdown_without_saving(client, login):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home))
    response = client.post("/podnety/novy", data=_form([home], action="preview",
                                                         body="**tučně** <script>alert(1)</script>"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>tučně</strong>" in html
    assert "<script>alert(1)" not in html
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0
    fragment = client.post("/podnety/nahled", data={"body": "*ok*"}, headers={"HX-Request": "true"})
    assert 'id="proposal-preview"' in fragment.get_data(as_text=True)
    assert "<em>ok</em>" in fragment.get_data(as_text=True)


def _event_handler_attributes(html: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {name}" for name, _value in attrs if name.startswith("on"))

    Parser().feed(html)
    return found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_in_title_and_body_never_runs(client, login, payload):
    home = MunicipalityFactory()
    author = UserFactory(home_municipality=home)
    proposal = ProposalFactory(title=f"Návrh {payload}"[:200], body=f"Text {payload}", municipalities=[home],
                               author=author)
    for url in (f"/podnety/{proposal.id}", "/podnety/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html
        assert not _event_handler_attributes(html)  # as a browser parses it, not as text inside an attribute
        assert not re.search(r"<a\s[^>]*href=\"?javascript", html, re.IGNORECASE)
        assert "<svg" not in html and "<iframe" not in html
        assert "<img src=x" not in html


def test_markdown_links_get_nofollow(client):
    proposal = ProposalFactory(body="[odkaz](https://example.cz)")
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert 'rel="nofollow ugc noopener"' in html or 'rel="nofollow' in html


@pytest.mark.parametrize("overrides, message_part", [
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"body": "x" * 20001}, "body"),
    ({"municipalities": []}, "municipalities"),
    ({"municipalities": ["999999"]}, "municipalities"),
    ({"municipalities": ["abc"]}, "municipalities"),
    ({"category": "space"}, "category"),
    ({"latitude": "91"}, "latitude"),
    ({"latitude": "-90.5"}, "latitude"),
    ({"longitude": "181"}, "longitude"),
    ({"latitude": "sever"}, "latitude"),
    ({"grouping": "99999"}, "grouping"),
    ({"grouping": "abc"}, "grouping"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, login, overrides, message_part):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home))
    response = client.post("/podnety/novy", data=_form([home], **overrides))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error"' in html
    assert f'id="{message_part}-error"' in html
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_form_keeps_what_was_typed(client, login):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home))
    html = client.post("/podnety/novy", data=_form([home], title="", body="Můj dlouhý text")).get_data(as_text=True)
    assert "Můj dlouhý text" in html


def test_edit_allowed_until_first_support(client, login):
    home = MunicipalityFactory()
    author = UserFactory(home_municipality=home)
    proposal = ProposalFactory(author=author, municipalities=[home])
    login(author)
    assert client.get(f"/podnety/{proposal.id}/upravit").status_code == 200
    response = client.post(f"/podnety/{proposal.id}/upravit", data=_form([home], title="Nový název návrhu"))
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.title == "Nový název návrhu"
    assert "novy nazev" in proposal.search_text
    db.session.add(Support(proposal_id=proposal.id, user_id=UserFactory().id, municipality_id=home.id))
    db.session.commit()
    assert client.get(f"/podnety/{proposal.id}/upravit").status_code == 403
    assert client.post(f"/podnety/{proposal.id}/upravit", data=_form([home])).status_code == 403


def test_other_users_draft_is_forbidden(client, login):
    draft = DraftFactory()
    login(UserFactory())
    assert client.get(f"/podnety/{draft.id}").status_code == 403
    assert client.get(f"/podnety/{draft.id}/upravit").status_code == 403
    assert client.post(f"/podnety/{draft.id}/zverejnit").status_code == 403
    assert client.post(f"/podnety/{draft.id}/smazat").status_code == 403
    assert client.post(f"/podnety/{draft.id}/upravit", data=_form(draft.municipalities)).status_code == 403


def test_drafts_are_not_listed(client):
    DraftFactory(title="Tajný koncept návrhu")
    assert "Tajný koncept" not in client.get("/podnety/").get_data(as_text=True)


def test_withdraw_by_author_only(client, login):
    proposal = ProposalFactory()
    login(UserFactory())
    assert client.post(f"/podnety/{proposal.id}/vzit-zpet").status_code == 403
    login(proposal.author)
    assert client.post(f"/podnety/{proposal.id}/vzit-zpet", data={"reason": "Už není potřeba"}).status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.WITHDRAWN
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert proposal.title in html


def test_support_without_js_redirects_back(client, login):
    home = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[home])
    login(UserFactory(home_municipality=home))
    response = client.post(f"/podnety/{proposal.id}/podpora")
    assert response.status_code == 303
    assert f"/podnety/{proposal.id}" in response.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1


def test_support_with_htmx_returns_only_the_panel(client, login):
    home = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[home])
    login(UserFactory(home_municipality=home))
    response = client.post(f"/podnety/{proposal.id}/podpora", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section id="proposal-{proposal.id}-support"')
    assert "<html" not in html
    assert "Podporujete tento podnět" in html
    response = client.post(f"/podnety/{proposal.id}/odebrat-podporu", headers={"HX-Request": "true"})
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_replayed_support_form_leaves_one_support(client, login):
    proposal = ProposalFactory()
    login(UserFactory())
    for _ in range(5):
        client.post(f"/podnety/{proposal.id}/podpora")
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1


@pytest.mark.parametrize("status", [ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.SOLVED,
                                    ProposalStatus.NOT_TAKEN_UP, ProposalStatus.MERGED])
def test_closed_proposals_cannot_be_supported(client, login, status):
    proposal = ProposalFactory(status=status)
    login(UserFactory())
    assert client.post(f"/podnety/{proposal.id}/podpora").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_unconfirmed_user_cannot_support(client, login):
    proposal = ProposalFactory()
    login(UserFactory(email_confirmed_at=None))
    assert client.post(f"/podnety/{proposal.id}/podpora").status_code == 403


def test_visitor_cannot_support(client):
    proposal = ProposalFactory()
    assert client.post(f"/podnety/{proposal.id}/podpora").status_code in (302, 303, 403)
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_detail_shows_panel_per_municipality(client):
    a = MunicipalityFactory(name="Semanín", population=580)
    b = MunicipalityFactory(name="Damníkov", population=330)
    proposal = ProposalFactory(municipalities=[a, b])
    for municipality in (a, a, b):
        user = UserFactory(home_municipality=municipality)
        db.session.add(Support(proposal_id=proposal.id, user_id=user.id, municipality_id=municipality.id))
    db.session.commit()
    client.set_cookie("lang", "en")
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert f'id="proposal-{proposal.id}-support"' in html
    assert "<meter" in html and 'style="' not in html
    assert "2 of 10 needed" in html and "1 of 10 needed" in html
    assert "enough support in 0 of 2 municipalities" in html  # two touched: never held to three


def test_hidden_proposal_shows_only_the_notice(client, login):
    from participation.common.models import utcnow

    town = MunicipalityFactory()
    proposal = ProposalFactory(title="Tajemný návrh o lese", body="Urážlivý obsah", municipalities=[town],
                               hidden_at=utcnow(), hidden_reason="Osobní útoky",
                               hidden_by_id=UserFactory(home_municipality=town).id)
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "Urážlivý obsah" not in html and "Tajemný návrh" not in html
    assert "Osobní útoky" in html
    assert "Tajemný návrh" not in client.get("/podnety/").get_data(as_text=True)
    login(proposal.author)
    assert "Urážlivý obsah" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)


def test_list_filters_and_search_ignore_diacritics(client):
    town = MunicipalityFactory(name="Česká Třebová")
    other = MunicipalityFactory(name="Lanškroun")
    grouping = GroupingFactory(members=[other])
    ProposalFactory(title="Autobus do České Třebové", municipalities=[town])
    ProposalFactory(title="Sběrný dvůr pro tři obce", municipalities=[other], category="waste")
    assert "Autobus do České Třebové" in client.get("/podnety/?q=ceske+trebove").get_data(as_text=True)
    assert "Autobus do České Třebové" in client.get("/podnety/?q=ČESKÉ").get_data(as_text=True)
    html = client.get("/podnety/?q=sberny").get_data(as_text=True)
    assert "Sběrný dvůr" in html and "Autobus" not in html
    html = client.get(f"/podnety/?municipality={town.id}").get_data(as_text=True)
    assert "Autobus" in html and "Sběrný dvůr" not in html
    html = client.get(f"/podnety/?grouping={grouping.id}").get_data(as_text=True)
    assert "Sběrný dvůr" in html and "Autobus" not in html
    html = client.get("/podnety/?category=waste").get_data(as_text=True)
    assert "Sběrný dvůr" in html and "Autobus" not in html
    assert "Sběrný dvůr" not in client.get("/podnety/?q=100%25").get_data(as_text=True)
    assert "Sběrný dvůr" not in client.get("/podnety/?q=_").get_data(as_text=True)


def test_threshold_filter(client):
    from participation.common.models import utcnow

    ProposalFactory(title="Dosažený práh podpory", threshold_reached_at=utcnow())
    ProposalFactory(title="Zatím bez prahu")
    html = client.get("/podnety/?threshold=reached").get_data(as_text=True)
    assert "Dosažený práh" in html and "Zatím bez prahu" not in html
    html = client.get("/podnety/?threshold=not_reached").get_data(as_text=True)
    assert "Dosažený práh" not in html and "Zatím bez prahu" in html


def test_sorts(client):
    town = MunicipalityFactory()
    quiet = ProposalFactory(title="Tichý návrh", municipalities=[town])
    popular = ProposalFactory(title="Oblíbený návrh", municipalities=[town])
    for _ in range(2):
        user = UserFactory(home_municipality=town)
        db.session.add(Support(proposal_id=popular.id, user_id=user.id, municipality_id=town.id))
    db.session.commit()
    html = client.get("/podnety/?sort=supported").get_data(as_text=True)
    assert html.index("Oblíbený návrh") < html.index("Tichý návrh")
    html = client.get("/podnety/?sort=municipalities").get_data(as_text=True)
    assert html.index("Oblíbený návrh") < html.index("Tichý návrh")
    html = client.get("/podnety/?sort=newest").get_data(as_text=True)
    assert html.index("Oblíbený návrh") < html.index("Tichý návrh")
    assert quiet.id


@pytest.mark.parametrize("query", [
    "page=abc", "page=-1", "page=0", "page=99999999999", "page=1e3", "municipality=abc", "municipality=-5",
    "municipality=99999999999999999999", "grouping=\u00b2", "category=<script>", "status=draft", "sort=drop+table",
    "threshold=maybe", "q=" + "x" * 5000, "q=%25%25%25", "q=%5C", "municipality=1&municipality=2",
])
def test_malformed_list_parameters_never_fail(client, query):
    ProposalFactory()
    response = client.get(f"/podnety/?{query}")
    assert response.status_code == 200


def test_list_htmx_returns_results_fragment_with_vary(client):
    ProposalFactory(title="Návrh pro htmx")
    full = client.get("/podnety/")
    assert "HX-Request" in full.headers["Vary"]
    assert "<form" in full.get_data(as_text=True)
    part = client.get("/podnety/?q=htmx", headers={"HX-Request": "true"})
    html = part.get_data(as_text=True)
    assert "HX-Request" in part.headers["Vary"]
    assert html.lstrip().startswith('<div id="proposal-results"')
    assert "Návrh pro htmx" in html and "<html" not in html
    restore = client.get("/podnety/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


def test_list_paginates(app, client):
    town = MunicipalityFactory()
    for n in range(app.config["PER_PAGE"] + 3):
        ProposalFactory(title=f"Stránkovaný návrh {n:02d}", municipalities=[town])
    client.set_cookie("lang", "en")
    first = client.get("/podnety/").get_data(as_text=True)
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/podnety/?page=2").get_data(as_text=True)
    assert second.count('class="proposal-card"') == 3
    beyond = client.get("/podnety/?page=50")
    assert beyond.status_code == 200


def test_unknown_proposal_is_404(client):
    assert client.get("/podnety/424242").status_code == 404
    assert client.post("/podnety/424242/podpora").status_code in (302, 303, 403, 404)


def test_municipality_and_grouping_sections(app):
    from flask import render_template

    town = MunicipalityFactory(name="Libchavy")
    grouping = GroupingFactory(members=[town])
    ProposalFactory(title="Návrh v Libchavech", municipalities=[town])
    DraftFactory(title="Koncept v Libchavech", municipalities=[town])
    with app.test_request_context():
        html = render_template("proposals/_municipality_section.html", municipality=town)
        assert "Návrh v Libchavech" in html and "Koncept" not in html
        assert f"municipality={town.id}" in html
        html = render_template("proposals/_grouping_section.html", grouping=grouping)
        assert "Návrh v Libchavech" in html and f"grouping={grouping.id}" in html


def test_a_merged_proposal_never_names_a_survivor_the_reader_may_not_see(client):
    from participation.common.models import utcnow

    survivor = ProposalFactory(title="Přeživší podnět o optice")
    merged = ProposalFactory(title="Sloučený podnět", status=ProposalStatus.MERGED, merged_into=survivor)
    assert "Přeživší podnět o optice" in client.get(f"/podnety/{merged.id}").get_data(as_text=True)

    survivor.hidden_at = utcnow()
    db.session.commit()
    html = client.get(f"/podnety/{merged.id}").get_data(as_text=True)
    assert "Přeživší podnět o optice" not in html
    assert "no longer shown" in html or "již nezobrazuje" in html
