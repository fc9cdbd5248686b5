"""Operators' pages: the list, an operator, the administrators' forms, declaring, answering, deciding, the
queue and the inbox; bad input next to its field; query counts; nobody sees who reported or answered."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.common.models import utcnow
from participation.extensions import db
from participation.localities.models import ConnectionStatus, FixedTechnology
from participation.operators import declarations
from participation.operators.declarations import DeclarationData
from participation.operators.models import Declaration, DeclarationKind, DeclarationState, Operator
from tests.localities.factories import LocalityFactory
from tests.operators.factories import OperatorFactory

FIBRE = DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, 1000, 300)


def _english(client):
    client.set_cookie("lang", "en")
    return client


# ----- operators -----

def test_the_list_and_an_operators_page_are_public(client, world, operators):
    _english(client)
    html = client.get("/operatori").get_data(as_text=True)
    assert "Orlicko Net s.r.o." in html and "Add an operator" not in html
    html = client.get(f"/operatori/{operators['net'].id}").get_data(as_text=True)
    assert "00064581" in html and world["a"].name in html and "Staff" not in html
    assert client.get("/operatori/999999").status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client, world, operators, count_queries):
    client.get("/operatori")
    with count_queries() as few:
        client.get("/operatori")
    for number in ("27082440", "60193336", "45274649"):
        OperatorFactory(company_number=number, municipalities=[world["a"], world["b"]])
    client.get("/operatori")  # the same warm session as the first count
    with count_queries() as many:
        assert client.get("/operatori").status_code == 200
    assert many["n"] == few["n"]


def test_an_operators_page_runs_a_fixed_number_of_queries(client, world, operators, login, count_queries):
    net, staff = operators["net"], operators["staff"]
    declarations.declare(staff, net, world["hamlet"], FIBRE)
    login(world["administrator"])
    url = f"/operatori/{net.id}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for _n in range(4):
        declarations.declare(staff, net, LocalityFactory(municipality=world["a"]), FIBRE)
    login(world["administrator"])  # a fresh sign-in, as before the first count (the commits expired it)
    client.get(url)  # the same warm session as the first count
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many["n"] == few["n"], "\n".join(many["statements"]) + "\n----\n" + "\n".join(few["statements"])


def test_only_administrators_add_an_operator(client, world, login):
    assert client.get("/operatori/novy").status_code == 302  # to the sign-in page
    login(world["moderator"])
    assert client.get("/operatori/novy").status_code == 403
    assert client.post("/operatori/novy", data={"name": "X", "company_number": "00064581"}).status_code == 403


def test_a_bad_company_number_is_shown_next_to_the_field_with_what_was_typed(client, world, login):
    login(_english(client) and world["administrator"])
    response = client.post("/operatori/novy", data={"name": "Síť s.r.o.", "company_number": "12345678",
                                                   "contact_email": "ne-e-mail"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="12345678"' in html and "check digit" in html and 'value="ne-e-mail"' in html
    assert "Enter an e-mail address" in html
    assert db.session.scalar(select(func.count(Operator.id))) == 0


def test_an_administrator_adds_an_operator_and_its_staff(client, world, login):
    login(_english(client) and world["administrator"])
    response = client.post("/operatori/novy", data={
        "name": "Orlicko Net s.r.o.", "company_number": "64581", "municipalities": [str(world["a"].id)]})
    assert response.status_code == 303
    operator = db.session.scalar(select(Operator))
    assert operator.company_number == "00064581" and [m.id for m in operator.municipalities] == [world["a"].id]
    response = client.post(f"/operatori/{operator.id}/pracovnici", data={"email": "nikdo@example.cz"})
    assert response.status_code == 422 and "Nobody has an account" in response.get_data(as_text=True)
    response = client.post(f"/operatori/{operator.id}/pracovnici", data={"email": world["resident"].email})
    assert response.status_code == 303
    html = client.get(f"/operatori/{operator.id}").get_data(as_text=True)
    assert world["resident"].display_name in html
    html = client.get(f"/sprava/uzivatele/{world['resident'].id}").get_data(as_text=True)
    assert "Staff of the operator Orlicko Net s.r.o." in html
    html = client.get(f"/operatori/{operator.id}/upravit").get_data(as_text=True)
    assert 'value="00064581"' in html and world["a"].name in html
    response = client.post(f"/operatori/{operator.id}/upravit", data={
        "name": "Orlicko Net a.s.", "company_number": "00064581", "municipalities": [str(world["a"].id)]})
    assert response.status_code == 303 and operator.name == "Orlicko Net a.s."


# ----- declaring -----

def test_staff_declare_at_a_locality_of_their_municipality(client, world, operators, reported, login, residents):
    login(_english(client) and operators["staff"])
    page = client.get(f"/lokality/{reported.id}").get_data(as_text=True)
    assert "Declare for Orlicko Net s.r.o." in page
    url = f"/operatori/{operators['net'].id}/lokality/{reported.id}/prohlaseni"
    html = client.get(url).get_data(as_text=True)
    # The anonymised reports, never who sent them.
    assert '<td data-label="Fixed connection">DSL over the telephone line</td>' in html
    assert all(person.display_name not in html for person in residents)
    response = client.post(url, data={"kind": "current", "technology": "fibre", "download": "1 000",
                                      "upload": "300", "explanation": "Přípojky hotové v říjnu."})
    assert response.status_code == 303
    html = client.get(f"/lokality/{reported.id}").get_data(as_text=True)
    assert "We offer this service here now" in html and "Přípojky hotové v říjnu." in html


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "current", "technology": "fibre", "download": "-1"}, "cannot be negative"),
    ({"kind": "current", "technology": "fibre", "download": "20000"}, "10 Gbit/s"),
    ({"kind": "current", "technology": "fibre", "download": "0"}, "cannot be zero"),
    ({"kind": "current", "technology": "fibre", "download": "rychle"}, "Enter a number"),
    ({"kind": "planned", "technology": "fibre", "download": "1000"}, "Enter the date"),
    ({"technology": "fibre", "download": "1000"}, "Choose what you declare"),
])
def test_a_bad_declaration_is_refused_next_to_the_field(client, world, operators, login, data, message):
    login(_english(client) and operators["staff"])
    response = client.post(f"/operatori/{operators['net'].id}/lokality/{world['hamlet'].id}/prohlaseni", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and 'class="error"' in html
    assert db.session.scalar(select(func.count(Declaration.id))) == 0


def test_declaring_outside_the_operators_municipalities_is_forbidden(client, world, operators, login):
    login(operators["staff"])
    outside = f"/operatori/{operators['net'].id}/lokality/{world['elsewhere'].id}/prohlaseni"
    other = f"/operatori/{operators['far'].id}/lokality/{world['elsewhere'].id}/prohlaseni"
    for url in (outside, other):
        assert client.post(url, data={"kind": "confirm"}).status_code == 403
    login(world["moderator"])
    assert client.get(f"/operatori/{operators['net'].id}/lokality/{world['hamlet'].id}/prohlaseni").status_code == 403
    assert db.session.scalar(select(func.count(Declaration.id))) == 0


# ----- answering and deciding -----

def test_a_resident_disputes_and_the_moderator_decides(client, world, operators, reported, login):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    login(_english(client) and world["resident"])
    url = f"/prohlaseni/{declaration.id}/odpoved"
    response = client.post(url, data={"agrees": "no", "explanation": ""})
    assert response.status_code == 422 and "Say why you dispute it" in response.get_data(as_text=True)
    assert client.post(url, data={"agrees": "no", "explanation": "Optika k nám nevede."}).status_code == 303
    assert declaration.state == DeclarationState.DISPUTED
    login(operators["staff"])
    html = client.get(f"/lokality/{reported.id}").get_data(as_text=True)
    assert "Disputed: the municipality decides" in html and world["resident"].display_name not in html

    login(world["moderator_out"])
    assert client.post(f"/prohlaseni/{declaration.id}/rozhodnuti",
                       data={"outcome": "uphold", "reason": "x"}).status_code == 403
    login(world["moderator"])
    inbox = client.get("/schranka").get_data(as_text=True)
    assert "Disputed declaration of Orlicko Net s.r.o. at Horní Houžovec" in inbox
    # Its age and its deadline (60 days from the dispute) are shown; filtering by another municipality hides it.
    assert "waiting 0 days" in inbox and "decide by" in inbox and "within 60 days" in inbox
    other = client.get(f"/schranka?municipality={world['b'].id}")
    assert other.status_code == 200
    other = other.get_data(as_text=True)
    assert "Disputed declaration of" not in other
    assert "Disputed declaration of" in client.get(f"/schranka?municipality={world['a'].id}").get_data(as_text=True)
    decide = f"/prohlaseni/{declaration.id}/rozhodnuti"
    html = client.get(decide).get_data(as_text=True)
    assert "Optika k nám nevede." in html and world["resident"].display_name not in html
    response = client.post(decide, data={"outcome": "reject", "reason": ""})
    assert response.status_code == 422 and "Give the reason" in response.get_data(as_text=True)
    assert client.post(decide, data={"outcome": "reject", "reason": "Přípojky v osadě nejsou."}).status_code == 303
    assert declaration.state == DeclarationState.REJECTED and reported.status == ConnectionStatus.UNSERVED
    html = client.get(f"/lokality/{reported.id}").get_data(as_text=True)
    assert "Rejected by the municipality" in html and "Přípojky v osadě nejsou." in html


def test_a_resident_of_another_municipality_cannot_answer(client, world, operators, login):
    declaration = declarations.declare(operators["staff"], operators["net"], world["hamlet"], FIBRE)
    login(world["resident_out"])
    assert client.post(f"/prohlaseni/{declaration.id}/odpoved", data={"agrees": "yes"}).status_code == 403
    login(operators["staff"])
    assert client.post(f"/prohlaseni/{declaration.id}/odpoved", data={"agrees": "yes"}).status_code == 403
    assert declaration.confirmations == 0


# ----- deadlines -----

def test_the_queue_and_the_inbox_show_answers_past_their_deadline(client, app, world, operators, reported, login,
                                                                   count_queries):
    app.config["CONNECTIVITY_ANSWER_DAYS"] = 0
    login(_english(client) and operators["staff"])
    url = f"/operatori/{operators['net'].id}/fronta"
    html = client.get(url).get_data(as_text=True)
    assert "Horní Houžovec" in html and "overdue" in html
    with count_queries() as few:
        client.get(url)
    LocalityFactory(municipality=world["a"])
    declarations.declare(operators["staff"], operators["net"], world["village"], FIBRE,
                         now=utcnow() - timedelta(days=1))
    login(operators["staff"])  # a fresh sign-in, as before the first count (the commits expired it)
    client.get(url)  # the same warm session as the first count
    with count_queries() as many:
        client.get(url)
    assert many["n"] == few["n"], "\n".join(many["statements"]) + "\n----\n" + "\n".join(few["statements"])
    login(world["moderator"])
    assert "Orlicko Net s.r.o. has not answered the reports at Horní Houžovec" in client.get(
        "/schranka").get_data(as_text=True)
    # Answering clears it from both.
    declarations.declare(operators["staff"], operators["net"], reported, DeclarationData(DeclarationKind.CONFIRM))
    assert "has not answered" not in client.get("/schranka").get_data(as_text=True)
    login(operators["staff"])
    assert "Nothing waits for your answer." in client.get(url).get_data(as_text=True)
    login(operators["staff_far"])
    assert client.get(url).status_code == 403


def test_an_answer_not_yet_due_is_not_overdue(client, world, operators, reported, login):
    login(_english(client) and world["moderator"])
    assert "has not answered" not in client.get("/schranka").get_data(as_text=True)


# ----- visitors and privacy -----

def test_a_visitors_locality_and_operator_pages_carry_no_session(client, app, world, operators, reported):
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: a form on the page would write a session
    declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    for url in (f"/lokality/{reported.id}", f"/operatori/{operators['net'].id}", "/operatori"):
        response = client.get(url)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, url


def test_an_operator_sees_no_single_report_below_the_minimum(client, world, operators, residents, login):
    from participation.localities import reports
    from tests.localities.factories import report_data

    reports.submit_report(residents[0], world["village"], report_data("dsl", 8, 1))
    login(_english(client) and operators["staff"])
    html = client.get(f"/operatori/{operators['net'].id}/lokality/{world['village'].id}/prohlaseni").get_data(
        as_text=True)
    assert "Too few reports to show them" in html
    assert "<td>DSL over the telephone line</td>" not in html


def test_a_status_from_a_declaration_shows_no_report_count_below_the_minimum(client, world, operators, residents):
    from participation.localities import reports
    from tests.localities.factories import report_data

    village = world["village"]
    reports.submit_report(residents[1], village, report_data("dsl", 8, 1))
    declaration = declarations.declare(operators["staff"], operators["net"], village, FIBRE)
    declarations.respond(residents[0], declaration, True)
    assert village.status == ConnectionStatus.GIGABIT
    _english(client)
    html = client.get(f"/lokality/{village.id}").get_data(as_text=True)
    assert "confirmed declaration" in html and "1 current report" not in html
    csv = client.get(f"/seskupeni/{world['grouping'].id}/pripojeni.csv").get_data(as_text=True)
    row = next(line for line in csv.splitlines() if "Knapovec" in line)
    assert row.endswith(",gigabit,,")
