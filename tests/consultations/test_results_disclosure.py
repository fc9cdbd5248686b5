"""The results pages hide small groups' figures as the exports do, and draw them as charts that need no JavaScript."""

import pytest
from lxml import html as lxml_html
from werkzeug.datastructures import MultiDict

from participation.consultations.answering import submit_response
from participation.consultations.models import QuestionKind, ResultsVisibility
from participation.extensions import db
from tests.chart_reading import read_chart
from tests.consultations.factories import form_for, make_consultation, resident_of
from tests.consultations.test_views import _user
from tests.factories import MunicipalityFactory, moderator_of

FULL_FIGURES = {"representative", "administrator"}


def _answer(consultation, municipality, count, single):
    for number in range(count):
        submit_response(resident_of(municipality), consultation, MultiDict(form_for(
            consultation, single=single, multiple=["Cena"], scale=3, ranking=["Hora", "Ves", "Lhota"],
            text=f"{municipality.name} {number}")))


@pytest.fixture
def small_village(app):
    """Velká Ves: 6 respondents; Malá Lhota: 2 (below the minimum of 5); Prázdná: none. Live results."""
    big, small, empty = (MunicipalityFactory(name=name, population=population) for name, population in
                         (("Velká Ves", 300), ("Malá Lhota", 40), ("Prázdná", 20)))
    consultation = make_consultation(municipalities=[big, small, empty], results_visibility=ResultsVisibility.LIVE)
    _answer(consultation, big, 6, "Sever")
    _answer(consultation, small, 2, "Jih")
    return consultation


def _page(client, consultation, view="overall", **headers):
    response = client.get(f"/konzultace/{consultation.id}/vysledky?view={view}", headers=headers)
    assert response.status_code == 200
    return lxml_html.fromstring(response.get_data(as_text=True))


def _chart(page, chart_id):
    return read_chart(lxml_html.tostring(page, encoding="unicode"), chart_id)


def _named(consultation, name):
    return next(m for m in consultation.municipalities if m.name == name)


def _question(consultation, kind):
    return next(q for q in consultation.questions if q.kind == kind)


@pytest.mark.parametrize("role", ["visitor", "resident", "moderator", "other_representative",
                                  "representative", "administrator"])
def test_small_village_figures_only_for_those_who_may_download_every_response(small_village, client, login, role):
    user = _user(role, small_village)
    if role == "moderator":  # the small village's own moderator sees no more than the exports give
        user = moderator_of(_named(small_village, "Malá Lhota"))
    if user is not None:
        user.locale = "en"
        db.session.commit()
        login(user)
    else:
        client.set_cookie("lang", "en")
    single = _question(small_village, QuestionKind.SINGLE)
    south = next(o for o in single.options if o.text == "Jih")
    page = _page(client, small_village, "municipalities")
    rows = dict((label, (figure, width)) for label, figure, width in
                _chart(page, f"chart-municipal-{single.id}-{south.id}"))
    assert rows["Velká Ves"] == ("0%", 0.0)
    assert rows["Prázdná"] == ("nobody answered", None)
    overall = _page(client, small_village)
    if role in FULL_FIGURES:
        assert rows["Malá Lhota"] == ("100%", 100.0)
        assert _chart(overall, f"chart-overall-{single.id}")
    else:
        assert rows["Malá Lhota"] == ("hidden: fewer than 5 respondents", None)
        # 8 overall minus Velká Ves's 6 would be Malá Lhota's 2: the overall figures are hidden too.
        assert overall.find_class("figures-hidden") and not overall.xpath(f"//*[@id='chart-overall-{single.id}']")
        text = overall.text_content()
        assert "Malá Lhota 0" in text and "Municipality not shown: too few respondents there" in text


def test_overall_figures_stay_when_the_hidden_municipalities_together_reach_the_minimum(small_village, client):
    _answer(small_village, _named(small_village, "Prázdná"), 3, "Jih")  # Prázdná: 3, hidden; 2 + 3 = 5
    client.set_cookie("lang", "en")
    single = _question(small_village, QuestionKind.SINGLE)
    rows = _chart(_page(client, small_village), f"chart-overall-{single.id}")
    assert [(label, figure) for label, figure, _width in rows] == [("Sever", "54.5%"), ("Jih", "45.5%")]
    assert rows[0][2] == pytest.approx(100 * 6 / 11, abs=0.01)
    equal = _page(client, small_village, "equal").text_content()
    assert "Based on 1 of 3 participating municipalities" in equal  # only Velká Ves is counted equally


def test_print_view_and_htmx_request_hide_the_same_figures(small_village, client):
    client.set_cookie("lang", "en")
    single = _question(small_village, QuestionKind.SINGLE)
    south = next(o for o in single.options if o.text == "Jih")
    printed = client.get(f"/konzultace/{small_village.id}/vysledky/tisk").get_data(as_text=True)
    page = lxml_html.fromstring(printed)
    assert ("Malá Lhota", "hidden: fewer than 5 respondents", None) in _chart(
        page, f"chart-municipal-{single.id}-{south.id}")
    with_htmx = _page(client, small_village, "municipalities", **{"HX-Request": "true"})
    assert _chart(with_htmx, f"chart-municipal-{single.id}-{south.id}") == _chart(
        _page(client, small_village, "municipalities"), f"chart-municipal-{single.id}-{south.id}")


def test_charts_in_czech_with_turnout_by_municipality(small_village, client):
    rows = _chart(_page(client, small_village, "turnout"), "chart-turnout")
    assert {label for label, _figure, _width in rows} == {"Velká Ves", "Malá Lhota", "Prázdná"}
    assert all(figure.endswith("\xa0%") for _label, figure, _width in rows)
    assert max(width for _label, _figure, width in rows) == 100.0


def test_every_text_answer_page_names_no_small_village(small_village, client, login):
    text = _question(small_village, QuestionKind.TEXT)
    address = f"/konzultace/{small_village.id}/vysledky/texty/{text.id}"
    client.set_cookie("lang", "en")
    page = client.get(address).get_data(as_text=True)
    assert page.count("Municipality not shown: too few respondents there") == 2 and page.count("Velká Ves") == 12
    login(_user("representative", small_village))
    assert client.get(address).get_data(as_text=True).count("Malá Lhota") == 4  # each answer and its municipality


def test_kept_figures_are_never_shared_with_those_who_see_more_and_follow_each_answer(small_village, client, login):
    """The figures are rendered once per disclosure: a resident's kept page is not a representative's."""
    single = _question(small_village, QuestionKind.SINGLE)
    south = next(o for o in single.options if o.text == "Jih")
    chart = f"chart-municipal-{single.id}-{south.id}"
    resident, representative = _user("resident", small_village), _user("representative", small_village)
    for user in (resident, representative):
        user.locale = "en"
    db.session.commit()

    login(resident)
    assert dict((label, figure) for label, figure, _w in _chart(_page(client, small_village, "municipalities"), chart))[
        "Malá Lhota"] == "hidden: fewer than 5 respondents"
    login(representative)
    assert dict((label, figure) for label, figure, _w in _chart(_page(client, small_village, "municipalities"), chart))[
        "Malá Lhota"] == "100%"

    _answer(small_village, _named(small_village, "Malá Lhota"), 3, "Sever")  # now 5 respondents: shown to all
    login(resident)
    rows = dict((label, figure) for label, figure, _w in _chart(_page(client, small_village, "municipalities"), chart))
    assert rows["Malá Lhota"] == "40%"
