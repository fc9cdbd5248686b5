"""The municipality picker: search, resolving typed text, ids checked, the htmx suggestions."""

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import DataRequired

from participation.territory.picker import (
    MultipleMunicipalityField,
    MunicipalityField,
    search_municipalities,
)
from tests.factories import MunicipalityFactory, RegionFactory


class SingleForm(FlaskForm):
    home = MunicipalityField("Home", validators=[DataRequired("Choose one.")])


class MultipleForm(FlaskForm):
    places = MultipleMunicipalityField("Places", validators=[DataRequired("Choose some.")])


@pytest.fixture
def places(app):
    region = RegionFactory(name="Kraj Vysočina")
    return {
        "trebova": MunicipalityFactory(name="Česká Třebová", code="580031", region=region),
        "lhota1": MunicipalityFactory(name="Lhota", code="532711", region=region),
        "lhota2": MunicipalityFactory(name="Lhota", code="588024"),
        "brno": MunicipalityFactory(name="Brno", code="582786"),
        "brnirov": MunicipalityFactory(name="Brnířov", code="553433"),
        "zdar": MunicipalityFactory(name="Žďár nad Sázavou", code="595209"),
    }


def _form(app, cls, data):
    with app.test_request_context(method="POST", data=MultiDict(data)):
        form = cls()
        valid = form.validate()
        field = form.home if cls is SingleForm else form.places
        html = str(field())
    return form, valid, html


# Searching -------------------------------------------------------------------

def test_search_ignores_case_and_diacritics(places):
    assert search_municipalities("ČESKÁ tře") == [places["trebova"]]
    assert search_municipalities("zdar") == [places["zdar"]]
    assert search_municipalities("sazav") == [places["zdar"]]  # contains, not only prefix


def test_search_by_exact_code(places):
    assert search_municipalities("582786") == [places["brno"]]
    assert search_municipalities("58278") == []  # five digits is neither a code nor a name


def test_search_puts_prefix_matches_first_and_escapes_wildcards(places):
    MunicipalityFactory(name="Horní Brnov")
    names = [m.name for m in search_municipalities("brn")]
    assert names[-1] == "Horní Brnov"
    assert search_municipalities("%") == []
    assert search_municipalities("_") == []
    assert search_municipalities("   ") == []


# The field without JavaScript -------------------------------------------------

def test_one_match_is_chosen(app, places):
    form, valid, _ = _form(app, SingleForm, {"home-q": "ceska trebova"})
    assert valid
    assert form.home.data == places["trebova"].id


def test_exact_name_wins_over_longer_names(app, places):
    form, valid, _ = _form(app, SingleForm, {"home-q": "Brno"})
    assert valid and form.home.data == places["brno"].id


def test_several_matches_come_back_as_radio_buttons(app, places):
    form, valid, html = _form(app, SingleForm, {"home-q": "Lhota"})
    assert not valid
    assert "Vyberte jednu" in form.home.errors[0]
    assert html.count('type="radio"') == 2
    assert 'value="Lhota"' in html  # the typed text is kept
    assert "532711" in html and "588024" in html


def test_picking_one_of_the_offered_matches(app, places):
    form, valid, _ = _form(app, SingleForm, {
        "home-q": "Lhota", "home-shown": "Lhota", "home": str(places["lhota2"].id)})
    assert valid and form.home.data == places["lhota2"].id


def test_changed_text_wins_over_an_old_radio_button(app, places):
    form, valid, _ = _form(app, SingleForm, {
        "home-q": "zdar", "home-shown": "Lhota", "home": str(places["lhota2"].id)})
    assert valid and form.home.data == places["zdar"].id


def test_no_match_is_an_error_and_keeps_the_text(app, places):
    form, valid, html = _form(app, SingleForm, {"home-q": "Atlantis"})
    assert not valid
    assert "neodpovídá žádná obec" in form.home.errors[0]
    assert 'value="Atlantis"' in html


@pytest.mark.parametrize("bad", ["999999", "abc", "-1", "1.5", "99999999999999999999"])
def test_unknown_or_malformed_id_is_a_clear_error(app, places, bad):
    form, valid, _ = _form(app, SingleForm, {"home": bad})
    assert not valid
    assert "neexistuje" in form.home.errors[0]


def test_nothing_sent_is_required_error(app, places):
    form, valid, _ = _form(app, SingleForm, {})
    assert not valid and form.home.errors == ["Choose one."]


def test_two_ids_for_a_single_field_are_refused(app, places):
    form, valid, _ = _form(app, SingleForm, MultiDict(
        [("home", str(places["brno"].id)), ("home", str(places["zdar"].id))]))
    assert not valid


def test_multiple_keeps_ticked_and_adds_typed_names(app, places):
    data = MultiDict([("places", str(places["brno"].id)), ("places-q", "zdar, česká třebová")])
    form, valid, html = _form(app, MultipleForm, data)
    assert valid
    assert set(form.places.data) == {places["brno"].id, places["zdar"].id, places["trebova"].id}
    assert html.count('type="checkbox"') == 3 and html.count("checked") == 3


def test_multiple_with_an_ambiguous_name_offers_checkboxes(app, places):
    data = MultiDict([("places", str(places["brno"].id)), ("places-q", "lhota")])
    form, valid, html = _form(app, MultipleForm, data)
    assert not valid
    assert form.places.data == [places["brno"].id]
    assert html.count('type="checkbox"') == 3 and html.count("checked") == 1


def test_multiple_rejects_unknown_id(app, places):
    form, valid, _ = _form(app, MultipleForm, MultiDict([("places", "424242")]))
    assert not valid and "neexistuje" in form.places.errors[0]


def test_preselected_data_renders_as_ticked(app, places):
    with app.test_request_context():
        form = MultipleForm(formdata=None, data={"places": [places["zdar"].id]})
        html = str(form.places())
    assert "Žďár nad Sázavou" in html and "checked" in html


# The suggestions endpoint -------------------------------------------------------

def test_suggestions_fragment_for_htmx(client, places):
    response = client.get(
        "/obce/naseptavac?field=home&id=home&home-q=brn", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["Vary"].startswith("HX-Request")
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="home-choices"')
    assert "<html" not in html
    assert html.count('type="radio"') == 2
    assert 'name="home"' in html and 'name="home-shown" value="brn"' in html


def test_suggestions_multiple_keep_ticked(client, places):
    url = (f"/obce/naseptavac?field=places&id=places&multiple=1&places-q=zdar"
           f"&places={places['brno'].id}")
    html = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert html.count('type="checkbox"') == 2
    assert html.count("checked") == 1


def test_suggestions_say_when_nothing_matches(client, places):
    html = client.get("/obce/naseptavac?field=home&home-q=xyz",
                      headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "No municipality matches" in html or "Žádná obec" in html


def test_suggestions_without_htmx_is_a_full_page(client, places):
    response = client.get("/obce/naseptavac?q=zdar")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>" in html and "Žďár nad Sázavou" in html
    assert response.headers["Vary"].startswith("HX-Request")


def test_suggestions_refuse_odd_field_names(client, places):
    assert client.get('/obce/naseptavac?field="><script>').status_code == 404


def test_suggestions_query_count(client, places, count_queries):
    with count_queries() as counter:
        client.get("/obce/naseptavac?field=p&multiple=1&p-q=l&p=1&p=2",
                   headers={"HX-Request": "true"})
    assert counter["n"] <= 2
