"""Good practice pages: list filters and htmx, the page and its chain, the form's errors,
links from proposals and projects, drafts hidden, query counts that do not grow."""

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.good_practice.models import GoodPractice, GoodPracticeStatus
from participation.projects.models import ProjectProposal, ProjectStatus
from participation.proposals.models import ProposalStatus, Support
from tests.agreements.factories import AgreementFactory, ProposalFactory
from tests.factories import MunicipalityFactory, UserFactory
from tests.good_practice.factories import GoodPracticeFactory
from tests.projects.factories import ProjectFactory

EN = {"Accept-Language": "en"}


def _form(world, **overrides):
    data = {"title": "Sdílený sběrný dvůr", "summary": "Čtyři obce, jeden dvůr.", "category": "waste",
            "body": "**Tučně**", "contact": "Odbor životního prostředí", "proposals": [str(world["solved"].id)],
            "project_id": "0", "agreement_id": "0"}
    data.update(overrides)
    return data


def _count():
    return db.session.scalar(select(func.count(GoodPractice.id)))


# ----- the list -----

def test_list_filters_by_category_municipality_grouping_and_text(client, world):
    GoodPracticeFactory(title="Sběrný dvůr Lanškroun", municipalities=[world["a"]])
    GoodPracticeFactory(title="Dětská skupina", category="social", summary="Školka", body="",
                        municipalities=[world["c"]])
    GoodPracticeFactory(title="Rozpracovaný koncept", status=GoodPracticeStatus.DRAFT, municipalities=[world["a"]])

    def titles(query):
        html = client.get(f"/dobra-praxe{query}").get_data(as_text=True)
        return {t for t in ("Sběrný dvůr Lanškroun", "Dětská skupina", "Rozpracovaný koncept") if t in html}

    assert titles("") == {"Sběrný dvůr Lanškroun", "Dětská skupina"}
    assert titles("?category=social") == {"Dětská skupina"}
    assert titles(f"?municipality={world['a'].id}") == {"Sběrný dvůr Lanškroun"}
    assert titles(f"?grouping={world['other'].id}") == {"Dětská skupina"}
    assert titles("?q=SBERNY") == {"Sběrný dvůr Lanškroun"}
    assert titles("?q=skolka") == {"Dětská skupina"}


@pytest.mark.parametrize("query", ["?category=nonsense", "?municipality=abc", "?grouping=-1",
                                   "?municipality=99999999999", "?page=zzz&q=%25_"])
def test_unknown_filter_values_give_an_empty_result_never_an_error(client, world, query):
    GoodPracticeFactory(title="Sběrný dvůr Lanškroun", municipalities=[world["a"]])
    response = client.get(f"/dobra-praxe{query}", headers=EN)
    assert response.status_code == 200
    if "page=" not in query:
        assert "Sběrný dvůr Lanškroun" not in response.get_data(as_text=True)


def test_htmx_gets_only_the_results_fragment(client, world):
    GoodPracticeFactory(title="Sběrný dvůr Lanškroun", municipalities=[world["a"]])
    full = client.get("/dobra-praxe")
    fragment = client.get("/dobra-praxe?q=dvur", headers={"HX-Request": "true"})
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    assert full.get_data(as_text=True).count("<h1") == 1 and "<form" in full.get_data(as_text=True)
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="good-practice-results"') and "<h1" not in html
    assert "Sběrný dvůr Lanškroun" in html


def test_writers_see_their_drafts_in_the_list_others_do_not(client, login, world):
    GoodPracticeFactory(title="Rozpracovaný koncept", status=GoodPracticeStatus.DRAFT, municipalities=[world["a"]])
    login(world["moderator_out"])
    assert "Rozpracovaný koncept" not in client.get("/dobra-praxe").get_data(as_text=True)
    login(world["moderator"])
    assert "Rozpracovaný koncept" in client.get("/dobra-praxe").get_data(as_text=True)


def _many(world, n):
    for _ in range(n):
        proposal = ProposalFactory(status=ProposalStatus.SOLVED, municipalities=[world["a"], world["b"]])
        GoodPracticeFactory(municipalities=[world["a"], world["b"], MunicipalityFactory()], proposals=[proposal])


def test_list_query_count_does_not_grow(client, login, world, count_queries):
    login(world["moderator"])
    _many(world, 2)
    client.get("/dobra-praxe")
    db.session.expunge_all()  # measure the request alone, not what the test's session already holds
    with count_queries() as small:
        assert client.get("/dobra-praxe").status_code == 200
    _many(world, 18)
    db.session.expunge_all()
    with count_queries() as large:
        assert client.get("/dobra-praxe").status_code == 200
    assert large["n"] == small["n"], "\n\n".join(s[:90] for s in large["statements"] + ["----"] + small["statements"])
    assert large["n"] == 8  # user, roles, count, page, municipalities, two filter lists, notification badge


# ----- the page -----

def test_detail_shows_the_chain_with_dates_support_and_contact(client, world):
    agreement = AgreementFactory(municipalities=[world["a"]], title="Smlouva o sběrném dvoře")
    project = ProjectFactory(municipalities=[world["a"]], status=ProjectStatus.DONE, title="Sběrný dvůr stavba")
    for user in (UserFactory(home_municipality=world["a"]), UserFactory(home_municipality=world["a"]),
                 UserFactory(home_municipality=world["b"])):
        db.session.add(Support(proposal_id=world["solved"].id, user_id=user.id, municipality_id=user.home_municipality_id))
    db.session.commit()
    practice = GoodPracticeFactory(title="Sdílený dvůr", contact="MěÚ Lanškroun, odbor ŽP", project=project,
                                   agreement=agreement, municipalities=[world["a"]], proposals=[world["solved"]])
    html = client.get(f"/dobra-praxe/{practice.id}", headers=EN).get_data(as_text=True)
    assert html.count("<h1") == 1
    for text in ("Sběrný dvůr pro malé obce", "Smlouva o sběrném dvoře", "Sběrný dvůr stavba",
                 "MěÚ Lanškroun, odbor ŽP", "3 supporters", "Lanškroun: 2", "Tatenice: 1", "published on"):
        assert text in html, text


def test_xss_in_the_body_is_inert(client, world):
    practice = GoodPracticeFactory(body='<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>',
                                   municipalities=[world["a"]])
    html = client.get(f"/dobra-praxe/{practice.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html and 'href="javascript' not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_draft_is_404_for_everyone_but_its_writers(client, login, world):
    draft = GoodPracticeFactory(status=GoodPracticeStatus.DRAFT, municipalities=[world["a"]])
    assert client.get(f"/dobra-praxe/{draft.id}").status_code == 404
    login(world["resident"])
    assert client.get(f"/dobra-praxe/{draft.id}").status_code == 404
    login(world["moderator_out"])
    assert client.get(f"/dobra-praxe/{draft.id}").status_code == 404
    assert client.post(f"/dobra-praxe/{draft.id}/zverejnit").status_code == 404
    login(world["representative"])
    assert client.get(f"/dobra-praxe/{draft.id}").status_code == 200
    assert client.get("/dobra-praxe/999999").status_code == 404


def test_detail_query_count_does_not_grow(client, world, count_queries):
    def build(n):
        proposals = [ProposalFactory(status=ProposalStatus.SOLVED, municipalities=[world["a"], world["b"]])
                     for _ in range(n)]
        for proposal in proposals:
            for _ in range(n):
                user = UserFactory(home_municipality=world["a"])
                db.session.add(Support(proposal_id=proposal.id, user_id=user.id, municipality_id=world["a"].id))
        db.session.commit()
        project = ProjectFactory(municipalities=[world["a"], world["b"]], status=ProjectStatus.DONE)
        agreement = AgreementFactory(municipalities=[world["a"], world["b"]], groupings=[world["grouping"]])
        return GoodPracticeFactory(municipalities=[world["a"], world["b"]], proposals=proposals,
                                   project=project, agreement=agreement)

    small, large = build(1).id, build(8).id
    client.get(f"/dobra-praxe/{small}")
    db.session.expunge_all()
    with count_queries() as few:
        assert client.get(f"/dobra-praxe/{small}").status_code == 200
    db.session.expunge_all()
    with count_queries() as many:
        assert client.get(f"/dobra-praxe/{large}").status_code == 200
    assert many["n"] == few["n"], "\n\n".join(s[:90] for s in many["statements"] + ["----"] + few["statements"])
    # The write-up, its proposals, municipalities, project, agreement, their municipalities and
    # groupings, supports per proposal and municipality, solved dates (visitor: no user queries);
    # advisors' opinions on it and the guides that apply.
    assert many["n"] == 13


# ----- writing -----

def test_visitor_and_resident_cannot_write(client, login, world):
    assert client.get("/dobra-praxe/nova").status_code in (302, 401)
    login(world["resident"])
    assert client.get("/dobra-praxe/nova").status_code == 403
    assert client.post("/dobra-praxe/nova", data=_form(world)).status_code == 403


def test_moderator_writes_a_draft_then_publishes_it(client, login, world):
    login(world["moderator"])
    response = client.post("/dobra-praxe/nova", data=_form(world))
    assert response.status_code == 303, response.get_data(as_text=True)
    practice = db.session.scalar(select(GoodPractice))
    assert practice.status == GoodPracticeStatus.DRAFT and practice.author_id == world["moderator"].id
    assert client.post(f"/dobra-praxe/{practice.id}/zverejnit").status_code == 303
    db.session.refresh(practice)
    assert practice.is_published
    html = client.get(f"/podnety/{world['solved'].id}", headers=EN).get_data(as_text=True)
    assert "Written up as good practice" in html and f"/dobra-praxe/{practice.id}" in html
    assert client.post(f"/dobra-praxe/{practice.id}/zrusit-zverejneni").status_code == 303
    db.session.refresh(practice)
    assert not practice.is_published


@pytest.mark.parametrize("overrides, field_id, message", [
    ({"title": ""}, "title", "Enter the title."),
    ({"summary": ""}, "summary", "Write a one-paragraph summary."),
    ({"title": "x" * 201}, "title", "At most 200 characters."),
    ({"summary": "y" * 1001}, "summary", "At most 1000 characters."),
    ({"contact": "z" * 301}, "contact", "At most 300 characters."),
    ({"proposals": ["{open}"]}, "proposals", "Only solved proposals can be written up"),
    ({"proposals": ["{elsewhere}"]}, "proposals", "outside the municipalities you act for"),
    ({"proposals": ["abc"]}, "proposals", ""),
    ({"project_id": "abc"}, "project_id", ""),
])
def test_bad_input_is_shown_next_to_the_field_and_kept(client, login, world, overrides, field_id, message):
    login(world["moderator"])
    overrides = {k: [v.format(open=world["open"].id, elsewhere=world["elsewhere"].id) for v in value]
                 if isinstance(value, list) else value for k, value in overrides.items()}
    data = _form(world, body="Náš <b>text</b> zůstane", **overrides)
    response = client.post("/dobra-praxe/nova", data=data, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field_id}-error"' in html and message in html
    assert "Náš &lt;b&gt;text&lt;/b&gt; zůstane" in html
    assert _count() == 0 and db.session.scalar(select(func.count(AuditEntry.id))) == 0


def test_xss_typed_into_the_form_is_kept_inert(client, login, world):
    login(world["moderator"])
    response = client.post("/dobra-praxe/nova", data=_form(world, title='<script>alert(1)</script>',
                                                        body="<script>alert(2)</script>"))
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_nul_characters_are_refused_with_a_clear_message_not_an_error(client, login, world):
    login(world["moderator"])
    response = client.post("/dobra-praxe/nova", data=_form(world, title="Dvůr\x00", body="a\x00b", contact="\x00"))
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
    assert db.session.scalar(select(GoodPractice)) is None


def test_write_up_starts_from_a_solved_proposal(client, login, world):
    project = ProjectFactory(municipalities=[world["a"]], status=ProjectStatus.DONE, title="Dvůr hotový")
    db.session.add(ProjectProposal(project_id=project.id, proposal_id=world["solved"].id))
    db.session.commit()
    login(world["moderator"])
    html = client.get(f"/podnety/{world['solved'].id}", headers=EN).get_data(as_text=True)
    assert f"/dobra-praxe/nova?proposal={world['solved'].id}" in html
    html = client.get(f"/dobra-praxe/nova?proposal={world['solved'].id}", headers=EN).get_data(as_text=True)
    assert 'value="Sběrný dvůr pro malé obce"' in html
    assert f'<option selected value="{world["solved"].id}">' in html
    assert f'<option selected value="{project.id}">Dvůr hotový' in html
    assert f'<option selected value="{world["b"].id}">' in html
    # Not offered on a proposal that is not solved, nor to someone out of scope.
    assert "/dobra-praxe/nova" not in client.get(f"/podnety/{world['open'].id}").get_data(as_text=True)
    login(world["moderator_out"])
    assert "/dobra-praxe/nova" not in client.get(f"/podnety/{world['solved'].id}").get_data(as_text=True)


def test_write_up_starts_from_a_done_project_and_shows_on_it(client, login, world):
    project = ProjectFactory(municipalities=[world["a"], world["b"]], status=ProjectStatus.DONE,
                             kind="waste", title="Dvůr hotový")
    db.session.add(ProjectProposal(project_id=project.id, proposal_id=world["solved"].id))
    db.session.commit()
    login(world["representative"])
    html = client.get(f"/projekty/{project.id}", headers=EN).get_data(as_text=True)
    assert f"/dobra-praxe/nova?project={project.id}" in html
    html = client.get(f"/dobra-praxe/nova?project={project.id}").get_data(as_text=True)
    assert '<option selected value="waste">' in html
    assert f'<option selected value="{world["solved"].id}">' in html
    practice = GoodPracticeFactory(project=project, municipalities=[world["a"]], title="Zápis o dvoře")
    html = client.get(f"/projekty/{project.id}", headers=EN).get_data(as_text=True)
    assert "Written up as good practice" in html and f"/dobra-praxe/{practice.id}" in html


def test_a_published_write_up_shows_on_its_proposal_for_every_reader(client, login, world):
    """The proposal page asks which link sections have rows; a write-up's link must count as one."""
    proposal_url = f"/podnety/{world['solved'].id}"
    assert "Written up as good practice" not in client.get(proposal_url, headers=EN).get_data(as_text=True)
    practice = GoodPracticeFactory(proposals=[world["solved"]], municipalities=[world["a"]], title="Dvůr pro tři obce")
    for reader in (None, world["resident"]):
        if reader is not None:
            login(reader)
        html = client.get(proposal_url, headers=EN).get_data(as_text=True)
        assert "Written up as good practice" in html and f"/dobra-praxe/{practice.id}" in html


def test_edit_keeps_links_and_audits(client, login, world):
    practice = GoodPracticeFactory(municipalities=[world["a"]], proposals=[world["solved"]])
    login(world["moderator"])
    html = client.get(f"/dobra-praxe/{practice.id}/upravit").get_data(as_text=True)
    assert f'<option selected value="{world["solved"].id}">' in html
    response = client.post(f"/dobra-praxe/{practice.id}/upravit",
                           data=_form(world, title="Opravený název", municipalities=[str(world["a"].id)]))
    assert response.status_code == 303
    assert db.session.scalar(select(AuditEntry.action)) == "good_practice.update"
    login(world["moderator_out"])
    assert client.get(f"/dobra-praxe/{practice.id}/upravit").status_code == 403


def test_forms_need_csrf(app, client, login, world):
    app.config["WTF_CSRF_ENABLED"] = True
    login(world["moderator"])
    practice = GoodPracticeFactory(status=GoodPracticeStatus.DRAFT, municipalities=[world["a"]])
    assert client.post(f"/dobra-praxe/{practice.id}/zverejnit").status_code == 400
    assert client.post("/dobra-praxe/nova", data=_form(world)).status_code in (400, 422)
    assert _count() == 1
