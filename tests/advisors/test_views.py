"""Advisors' pages: the directory, an advisor, asking and answering through the forms, the opinion on the
item, internal answers kept from outsiders, residents' requests, the work log and report, guides; bad input
next to its field; query counts."""

from datetime import date, timedelta

from sqlalchemy import select

from participation.advisors import guides, questions, worklog
from participation.advisors.models import Advisor, AdvisorField, AdvisorQuestion, OpinionRequest, WorkKind
from participation.extensions import db
from tests.advisors.factories import AdvisorFactory
from tests.factories import UserFactory


def _english(client):
    client.set_cookie("lang", "en")
    return client


def _answered(world, advisors, internal=False, text="Výměna za LED ušetří asi 60 % energie."):
    question = questions.ask(world["moderator"], questions.QuestionData(
        title="Vyplatí se LED osvětlení?", body="", advisor=advisors["energy"], municipality_id=world["a"].id,
        item_kind="proposal", item_id=advisors["proposal"].id, internal=internal))
    questions.answer(advisors["energy"].user, question, text)
    return question


# ----- the directory -----

def test_the_directory_filters_by_municipality_grouping_and_field_with_answer_times(client, world, advisors):
    _english(client)
    _answered(world, advisors)
    html = client.get("/poradci").get_data(as_text=True)
    assert "Eva Energetická" in html and "Ivan Síťový" in html and "Answers on average in 0 days" in html
    html = client.get(f"/poradci?municipality={world['b'].id}").get_data(as_text=True)  # served through the grouping
    assert "Eva Energetická" in html and "Ivan Síťový" not in html
    html = client.get(f"/poradci?grouping={world['other'].id}").get_data(as_text=True)
    assert "No advisor serves" in html
    html = client.get("/poradci?field=ict").get_data(as_text=True)
    assert "Ivan Síťový" in html and "Eva Energetická" not in html
    assert client.get("/poradci?municipality=abc&field=nonsense").status_code == 200


def test_the_directory_runs_a_fixed_number_of_queries(client, world, advisors, count_queries):
    _answered(world, advisors)
    client.get("/poradci")
    with count_queries() as few:
        client.get("/poradci")
    for _n in range(3):
        AdvisorFactory(municipalities=[world["a"], world["c"]], groupings=[world["other"]])
    client.get("/poradci")
    with count_queries() as many:
        assert client.get("/poradci").status_code == 200
    assert many["n"] == few["n"]


def test_an_advisors_page_runs_a_fixed_number_of_queries(client, world, advisors, count_queries):
    _answered(world, advisors)
    url = f"/poradci/{advisors['energy'].id}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for _n in range(3):
        _answered(world, advisors)
    client.get(url)
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert many["n"] == few["n"] and html.count("Vyplatí se LED osvětlení?") == 4


# ----- administrators -----

def test_only_administrators_add_an_advisor_and_bad_input_stays_next_to_its_field(client, world, login):
    _english(client)
    login(world["moderator"])
    assert client.get("/poradci/novy").status_code == 403
    login(world["administrator"])
    response = client.post("/poradci/novy", data={"email": "nikdo@example.cz", "field": "energy",
                                                 "organisation": "EKIS Pardubice",
                                                 "municipalities": [str(world["a"].id)]})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nobody has an account" in html and 'value="EKIS Pardubice"' in html
    person = UserFactory(email="energie@example.cz")
    response = client.post("/poradci/novy", data={"email": "energie@example.cz", "field": "energy",
                                                 "contact_hours": "Po 8–12",
                                                 "municipalities": [str(world["a"].id)]})
    assert response.status_code == 303
    advisor = db.session.scalar(select(Advisor).where(Advisor.user_id == person.id))
    assert advisor.active and advisor.contact_hours == "Po 8–12"


# ----- asking and answering -----

def test_a_moderator_asks_the_advisor_answers_and_the_opinion_shows_on_the_proposal(client, world, advisors, login):
    _english(client)
    proposal = advisors["proposal"]
    login(world["moderator"])
    form = client.get(f"/poradci/dotazy/novy?item_kind=proposal&item_id={proposal.id}").get_data(as_text=True)
    assert "Eva Energetická" in form and "Ivan Síťový" not in form  # only advisors serving the proposal's places
    response = client.post("/poradci/dotazy/novy", data={
        "place": f"m-{world['a'].id}", "advisor": str(advisors["energy"].id), "title": "Kolik ušetří LED?",
        "body": "", "item_kind": "proposal", "item_id": str(proposal.id)})
    assert response.status_code == 303
    question = db.session.scalar(select(AdvisorQuestion))
    login(advisors["energy"].user)
    queue = client.get(f"/poradci/{advisors['energy'].id}/fronta").get_data(as_text=True)
    assert "Kolik ušetří LED?" in queue and "0 days" in queue
    assert "Kolik ušetří LED?" in client.get("/muj-spolu").get_data(as_text=True)
    response = client.post(f"/poradci/dotazy/{question.id}/odpoved", data={"answer": "Zhruba 60 % energie."})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/podnety/{proposal.id}")
    login(world["resident_out"])
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "Expert opinions" in html and "Eva Energetická, Energy" in html and "Zhruba 60 % energie." in html


def test_an_empty_question_is_refused_next_to_its_field_with_the_text_kept(client, world, advisors, login):
    _english(client)
    login(world["moderator"])
    response = client.post("/poradci/dotazy/novy", data={"place": f"m-{world['a'].id}",
                                                        "advisor": str(advisors["ict"].id),
                                                        "title": "Optika do osad", "body": "Podrobnosti"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "does not serve" in html and 'value="Optika do osad"' in html
    assert db.session.scalar(select(AdvisorQuestion.id)) is None


def test_an_internal_answer_is_shown_only_to_the_municipalitys_staff(client, world, advisors, login):
    _english(client)
    question = _answered(world, advisors, internal=True, text="Rozpočet obce na to nestačí.")
    proposal_url = f"/podnety/{advisors['proposal'].id}"
    assert "Rozpočet obce" not in client.get(proposal_url).get_data(as_text=True)
    assert client.get(f"/poradci/dotazy/{question.id}").status_code == 404
    for outsider in (world["resident"], world["moderator_out"], world["representative_out"]):
        login(outsider)
        assert "Rozpočet obce" not in client.get(proposal_url).get_data(as_text=True)
        assert client.get(f"/poradci/dotazy/{question.id}").status_code == 404
    login(world["moderator"])
    assert "Rozpočet obce" in client.get(proposal_url).get_data(as_text=True)
    assert "Rozpočet obce" in client.get(f"/poradci/dotazy/{question.id}").get_data(as_text=True)


def test_an_answer_shows_on_the_page_that_had_none_on_the_next_request(client, world, advisors, login):
    """Whether an item has opinions is kept between requests; an answer must end that at once."""
    _english(client)
    login(world["resident"])
    proposal_url = f"/podnety/{advisors['proposal'].id}"
    assert "Lepší je optika" not in client.get(proposal_url).get_data(as_text=True)
    _answered(world, advisors, text="Lepší je optika po trase vodovodu.")
    assert "Lepší je optika" in client.get(proposal_url).get_data(as_text=True)


def test_the_question_page_runs_a_fixed_number_of_queries(client, world, advisors, count_queries):
    first = _answered(world, advisors)
    client.get(f"/poradci/dotazy/{first.id}")
    with count_queries() as few:
        client.get(f"/poradci/dotazy/{first.id}")
    second = _answered(world, advisors, text="Jiná odpověď " * 50)
    client.get(f"/poradci/dotazy/{second.id}")
    with count_queries() as many:
        assert client.get(f"/poradci/dotazy/{second.id}").status_code == 200
    assert many["n"] == few["n"]


def test_the_coordinator_assigns_a_question_asked_of_the_field(client, world, advisors, login):
    _english(client)
    question = questions.ask(world["moderator"], questions.QuestionData(
        title="Dotace na fotovoltaiku", body="", field=AdvisorField.ENERGY, municipality_id=world["a"].id))
    login(advisors["coordinator"])
    html = client.get("/poradci/koordinace").get_data(as_text=True)
    assert "Assign: Dotace na fotovoltaiku" in html and "Eva Energetická" in html
    response = client.post(f"/poradci/dotazy/{question.id}/prirazeni", data={"advisor": str(advisors["energy"].id)})
    assert response.status_code == 303
    db.session.refresh(question)
    assert question.advisor_id == advisors["energy"].id
    login(world["moderator"])
    assert client.get("/poradci/koordinace").status_code == 403


# ----- residents' requests -----

def test_a_resident_requests_an_opinion_once_and_the_moderator_passes_it_on(client, world, advisors, login):
    _english(client)
    proposal = advisors["proposal"]
    login(world["resident"])
    assert "Ask for an advisor" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    data = {"advisor": str(advisors["energy"].id), "reason": "Posuďte prosím úspory."}
    assert client.post(f"/poradci/podnety/{proposal.id}/nazor", data=data).status_code == 303
    response = client.post(f"/poradci/podnety/{proposal.id}/nazor", data=data)
    assert response.status_code == 422 and "already asked this advisor" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(OpinionRequest.id))) == 1
    request = db.session.scalar(select(OpinionRequest))
    assert client.get(f"/poradci/zadosti/{request.id}/rozhodnuti").status_code == 403
    login(world["moderator"])
    assert "Veřejné osvětlení LED" in client.get("/poradci/zadosti").get_data(as_text=True)
    response = client.post(f"/poradci/zadosti/{request.id}/rozhodnuti", data={"outcome": "decline", "reason": ""})
    assert response.status_code == 422 and "Give the reason" in response.get_data(as_text=True)
    assert client.post(f"/poradci/zadosti/{request.id}/rozhodnuti",
                       data={"outcome": "pass", "reason": ""}).status_code == 303
    db.session.refresh(request)
    assert request.question_id is not None


# ----- work log and report -----

def test_the_advisor_logs_work_and_the_report_is_on_screen_and_in_csv(client, world, advisors, login):
    _english(client)
    login(advisors["energy"].user)
    response = client.post("/poradci/prace/novy", data={
        "worked_on": date.today().isoformat(), "kind": "visit", "topic": "Energetický audit školy",
        "hours": "2,5", "municipalities": [str(world["c"].id)]})
    assert response.status_code == 422 and "You do not serve these municipalities: Králíky" in response.get_data(
        as_text=True)
    assert client.post("/poradci/prace/novy", data={
        "worked_on": date.today().isoformat(), "kind": "visit", "topic": "Energetický audit školy",
        "hours": "2,5", "municipalities": [str(world["a"].id)]}).status_code == 303
    assert "Energetický audit školy" in client.get("/poradci/prace").get_data(as_text=True)
    html = client.get(f"/poradci/vykaz?year={date.today().year}").get_data(as_text=True)
    assert "Mikroregion Orlicko-Třebovsko" in html and "2.5" in html
    response = client.get(f"/poradci/vykaz.csv?year={date.today().year}")
    assert response.mimetype == "text/csv" and response.data.startswith("\ufeff".encode())
    assert "Eva Energetická (Energy);1;1;2,50;1" in response.get_data(as_text=True)
    login(world["resident"])
    assert client.get("/poradci/vykaz").status_code == 403


def test_the_report_runs_a_fixed_number_of_queries(client, world, advisors, login, count_queries):
    worklog.log_work(advisors["energy"], worklog.WorkData(date.today(), WorkKind.VISIT, "A", 1, [world["a"]]))
    login(world["administrator"])
    client.get("/poradci/vykaz")
    with count_queries() as few:
        client.get("/poradci/vykaz")
    for _n in range(4):
        worklog.log_work(advisors["ict"], worklog.WorkData(date.today(), WorkKind.VISIT, "B", 1, [world["c"]]))
    login(world["administrator"])
    client.get("/poradci/vykaz")
    with count_queries() as many:
        assert client.get("/poradci/vykaz").status_code == 200
    assert many["n"] == few["n"], "\n".join(many["statements"]) + "\n----\n" + "\n".join(few["statements"])


# ----- guides -----

def test_guides_are_searchable_versioned_and_shown_on_good_practice(client, world, advisors, login):
    from tests.good_practice.factories import GoodPracticeFactory

    _english(client)
    practice = GoodPracticeFactory(title="Společný energetik pro pět obcí", municipalities=[world["a"]])
    login(advisors["energy"].user)
    response = client.post("/poradci/navody/novy", data={
        "field": "energy", "title": "Energetický management obce", "body": "### Krok 1\nZmapujte spotřebu.",
        "project_kinds": ["energy"], "good_practices": [str(practice.id)]})
    assert response.status_code == 303
    guide_url = response.headers["Location"]
    response = client.post(f"{guide_url}/upravit", data={
        "field": "energy", "title": "Energetický management obce", "body": "### Krok 1\nZmapujte spotřebu.\nNově.",
        "review_by": (date.today() - timedelta(days=1)).isoformat()})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Say what changed" in html and "review date must be in the future" in html
    assert client.post(f"{guide_url}/upravit", data={
        "field": "energy", "title": "Energetický management obce", "body": "### Krok 1\nZmapujte spotřebu.\nNově.",
        "change_note": "Doplněna věta", "good_practices": [str(practice.id)]}).status_code == 303
    history = client.get(f"{guide_url}/historie").get_data(as_text=True)
    assert "Version 2" in history and "Doplněna věta" in history and "First version" in history
    version = client.get(f"{guide_url}/verze/2").get_data(as_text=True)
    assert "Nově." in version and "added:" in version
    assert "Zmapujte spotřebu." in client.get(f"{guide_url}/verze/1").get_data(as_text=True)
    assert client.get(f"{guide_url}/verze/9").status_code == 404
    assert "Energetický management" in client.get("/poradci/navody?q=spotrebu").get_data(as_text=True)
    assert "No guides found" in client.get("/poradci/navody?q=kanalizace").get_data(as_text=True)
    html = client.get(f"/dobra-praxe/{practice.id}").get_data(as_text=True)
    assert "Guides that apply" in html and "Energetický management obce" in html
    login(world["resident"])
    assert client.get("/poradci/navody/novy").status_code == 403


def test_the_guides_list_runs_a_fixed_number_of_queries(client, world, advisors, count_queries):
    author = advisors["energy"].user
    guides.create_guide(author, guides.GuideData(AdvisorField.ENERGY, "Návod 1", "Text"))
    client.get("/poradci/navody")
    with count_queries() as few:
        client.get("/poradci/navody")
    for n in range(4):
        guides.create_guide(author, guides.GuideData(AdvisorField.GRANTS, f"Návod {n + 2}", "Text"))
    client.get("/poradci/navody")
    with count_queries() as many:
        assert client.get("/poradci/navody").status_code == 200
    assert many["n"] == few["n"]


def test_my_spolu_lists_the_advisors_open_questions(client, world, advisors, login):
    _english(client)
    questions.ask(world["moderator"], questions.QuestionData(
        title="Kotelna na štěpku?", body="", advisor=advisors["energy"], municipality_id=world["a"].id))
    login(advisors["energy"].user)
    html = client.get("/muj-spolu").get_data(as_text=True)
    assert "Questions for me as an advisor" in html and "Kotelna na štěpku?" in html
    login(world["resident"])
    assert "Questions for me as an advisor" not in client.get("/muj-spolu").get_data(as_text=True)


def test_the_pages_read_in_czech(client, world, advisors, login):
    question = questions.ask(world["moderator"], questions.QuestionData(
        title="Kotelna na štěpku?", body="", advisor=advisors["energy"], municipality_id=world["a"].id))
    client.set_cookie("lang", "cs")
    assert "Poradci" in client.get("/poradci").get_data(as_text=True)
    assert "Metodické návody" in client.get("/poradci/navody").get_data(as_text=True)
    advisors["energy"].user.locale = world["administrator"].locale = "cs"  # a signed-in person's language wins
    db.session.commit()
    login(advisors["energy"].user)
    client.set_cookie("lang", "cs")
    for url, text in ((f"/poradci/dotazy/{question.id}/odpoved", "Odpovědět na dotaz"),
                      ("/poradci/prace/novy", "Zaznamenat návštěvu nebo konzultaci"),
                      (f"/poradci/{advisors['energy'].id}/fronta", "Dotazy čekající na odpověď"),
                      ("/poradci/navody/novy", "Napsat návod")):
        response = client.get(url)
        assert response.status_code == 200 and text in response.get_data(as_text=True), url
    login(world["administrator"])
    client.set_cookie("lang", "cs")
    for url, text in (("/poradci/koordinatori", "Přidat koordinátora"), ("/poradci/novy", "Přidat poradce"),
                      (f"/poradci/{advisors['ict'].id}/upravit", "Upravit poradce"),
                      (f"/poradci/vykaz?year={date.today().year}", "Práce poradců")):
        response = client.get(url)
        assert response.status_code == 200 and text in response.get_data(as_text=True), url


def test_an_administrator_names_and_removes_a_coordinator(client, world, advisors, login):
    _english(client)
    login(world["administrator"])
    response = client.post("/poradci/koordinatori", data={"email": world["resident"].email, "field": "grants",
                                                          "region": str(world["region"].id)})
    assert response.status_code == 303
    html = client.get("/poradci/koordinatori").get_data(as_text=True)
    assert "Tomáš Občan" in html and "Grants and funding" in html
    response = client.post("/poradci/koordinatori", data={"email": world["resident"].email, "field": "grants",
                                                          "region": str(world["region"].id)})
    assert response.status_code == 422 and "already coordinates" in response.get_data(as_text=True)
    from participation.advisors.models import Coordinator

    coordinator = db.session.scalar(select(Coordinator).where(Coordinator.user_id == world["resident"].id))
    assert client.post(f"/poradci/koordinatori/{coordinator.id}/odebrat").status_code == 303
    assert db.session.get(Coordinator, coordinator.id) is None
