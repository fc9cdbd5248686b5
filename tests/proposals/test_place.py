"""A proposal's place: typed (with a decimal comma too), checked against Czechia, with a map to pick it."""

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.proposals.models import Proposal
from tests.factories import MunicipalityFactory, UserFactory

from .test_views import _form


@pytest.fixture
def author(client, login):
    home = MunicipalityFactory()
    user = UserFactory(home_municipality=home, locale="en")
    login(user)
    return home


def test_a_place_typed_the_czech_way_is_saved(client, author):
    response = client.post("/podnety/novy", data=_form([author], latitude="49,9443", longitude=" 16,352 "))
    assert response.status_code == 303
    proposal = db.session.scalars(select(Proposal)).one()
    assert (proposal.latitude, proposal.longitude) == (49.9443, 16.352)
    # Editing shows it back in the fields.
    html = client.get(f"/podnety/{proposal.id}/upravit").get_data(as_text=True)
    assert 'value="49.9443"' in html and 'value="16.352"' in html


@pytest.mark.parametrize("latitude, longitude, field, message", [
    ("48.2", "16.37", "latitude", "Pick a place in the Czech Republic: the latitude is between 48.55 and 51.06."),
    ("49.9", "22.5", "longitude", "Pick a place in the Czech Republic: the longitude is between 12.09 and 18.86."),
    ("16.35", "49.94", "latitude", "latitude is between 48.55 and 51.06"),  # swapped
    ("49.9", "", "longitude", "Enter the longitude too, or leave both empty."),
    ("", "16.3", "latitude", "Enter the latitude too, or leave both empty."),
    ("sever", "16.3", "latitude", "Enter a number of degrees, e.g. 49.9443 or 49,9443."),
])
def test_a_place_outside_czechia_is_refused_next_to_the_field_keeping_what_was_typed(
        client, author, latitude, longitude, field, message):
    response = client.post("/podnety/novy", data=_form([author], latitude=latitude, longitude=longitude))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">{message}' in html or message in html.split(f'id="{field}-error"')[1][:200]
    assert f'value="{latitude}"' in html and f'value="{longitude}"' in html
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_the_message_is_in_czech_for_czech_readers(client, login):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home, locale="cs"))
    html = client.post("/podnety/novy", data=_form([home], latitude="48.2", longitude="16.37")).get_data(as_text=True)
    assert "Vyberte místo v České republice: zeměpisná šířka je mezi 48,55 a 51,06." in html


def test_the_form_has_the_map_picker_for_javascript_and_plain_fields_without(client, author):
    html = client.get("/podnety/novy").get_data(as_text=True)
    assert 'data-map-picker' in html and 'data-latitude="latitude"' in html and 'data-longitude="longitude"' in html
    assert '<div class="map-box map-picker" hidden' in html
    assert 'name="latitude"' in html and 'inputmode="decimal"' in html
