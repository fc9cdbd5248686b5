"""Signed-in list and home page: what everyone sees alike is rendered once, each person's own part stays theirs.

The proposal list's filter form and results, and the home page's section about
a municipality, are shared fragments (proposals/listing.py, core/front_door.py).
Each request must give exactly what rendering afresh gives, right after any write.
"""

import pytest

from participation.common.models import utcnow
from participation.consultations.models import Response
from participation.extensions import db
from participation.proposals import services
from tests.consultations.factories import make_consultation
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.page_checks import html_of, without_cache
from tests.proposals.factories import DraftFactory, ProposalFactory, supporters

HTMX = {"HX-Request": "true"}


@pytest.fixture
def town(app):
    return MunicipalityFactory(name="Dolní Újezd")


def assert_as_fresh(app, client, path, headers=None) -> str:
    """The page (from whatever the cache keeps) is exactly the page rendered afresh."""
    html = html_of(client.get(path, headers=headers or {}))
    assert html == without_cache(app, client, path, headers)
    return html


def results_of(html: str) -> str:
    return html[html.index('id="proposal-results"'):]


def waiting_of(html: str) -> str:
    """The home page's "waiting for you" section ("" without one)."""
    if 'id="home-waiting"' not in html:
        return ""
    start = html.index('id="home-waiting"')
    return html[start:html.index("</section>", start)]


def municipality_section_of(html: str) -> str:
    start = html.index('id="home-my-municipality"')
    return html[start:html.index("</section>", start)]


# --- The proposal list --------------------------------------------------------------------------


def test_two_residents_share_the_results_but_each_sees_only_their_own_drafts(app, signed_in, town, count_queries):
    ProposalFactory(title="Chodník ke škole", municipalities=[town])
    first, first_client = signed_in(UserFactory(home_municipality=town, display_name="Alena První"))
    second, second_client = signed_in(UserFactory(home_municipality=town, display_name="Bohumil Druhý"))
    DraftFactory(author=first, title="Alenin koncept", municipalities=[town])
    DraftFactory(author=second, title="Bohumilův koncept", municipalities=[town])
    path = "/podnety/?sort=supported"

    with count_queries() as uncached:
        as_first = html_of(first_client.get(path))
    with count_queries(keep_cache=True) as cached:
        as_second = html_of(second_client.get(path))
    assert cached["n"] < uncached["n"]  # the second person's results came from the shared rendering
    assert results_of(as_first) == results_of(as_second)
    assert "Chodník ke škole" in results_of(as_second)
    assert "Alenin koncept" in as_first and "Alenin koncept" not in as_second
    assert "Bohumilův koncept" in as_second and "Bohumilův koncept" not in as_first
    assert "Alena První" in as_first and "Alena První" not in as_second  # each their own header
    assert as_second == without_cache(app, second_client, path)


def test_htmx_results_come_from_the_same_shared_rendering(app, signed_in, town, count_queries):
    ProposalFactory(title="Osvětlení návsi", municipalities=[town])
    _first, first_client = signed_in()
    _second, second_client = signed_in()
    path = f"/podnety/?municipality={town.name}&category=transport"
    full = html_of(first_client.get(path))
    with count_queries(keep_cache=True) as cached:
        fragment = html_of(second_client.get(path, headers=HTMX))
    assert cached["n"] == 0, cached["statements"]  # no list query
    assert fragment.lstrip().startswith('<div id="proposal-results"') and fragment.strip() in full
    assert fragment == without_cache(app, second_client, path, HTMX)


def test_a_new_proposal_a_support_and_a_hiding_show_on_the_next_signed_in_request(app, signed_in, town):
    older = ProposalFactory(title="Starší podnět", municipalities=[town])
    newer = ProposalFactory(title="Novější podnět", municipalities=[town])
    reader, client = signed_in(UserFactory(home_municipality=town))
    paths = ["/podnety/", "/podnety/?sort=supported", f"/podnety/?municipality={town.id}"]
    for path in paths:
        assert_as_fresh(app, client, path)
        assert_as_fresh(app, client, path, HTMX)

    ProposalFactory(title="Úplně nový podnět", municipalities=[town])
    for path in paths:
        assert "Úplně nový podnět" in assert_as_fresh(app, client, path)
        assert "Úplně nový podnět" in assert_as_fresh(app, client, path, HTMX)

    before = results_of(html_of(client.get("/podnety/?sort=supported")))
    assert before.index("Novější podnět") < before.index("Starší podnět")
    services.support(reader, older)  # the older one now leads the most supported
    after = results_of(assert_as_fresh(app, client, "/podnety/?sort=supported"))
    assert after.index("Starší podnět") < after.index("Novější podnět")
    assert "1 podpora" in after or "1 supporter" in after

    newer.hidden_at = utcnow()
    db.session.commit()
    for path in paths:
        assert "Novější podnět" not in assert_as_fresh(app, client, path)
        assert "Novější podnět" not in assert_as_fresh(app, client, path, HTMX)


def test_a_moderator_never_fills_the_shared_results_with_what_only_moderators_see(app, signed_in, town):
    ProposalFactory(title="Veřejný podnět", municipalities=[town])
    ProposalFactory(title="Skrytý podnět", municipalities=[town], hidden_at=utcnow())
    DraftFactory(title="Cizí koncept", municipalities=[town])
    _moderator, moderator_client = signed_in(moderator_of(town))
    _resident, resident_client = signed_in(UserFactory(home_municipality=town))
    for path in ("/podnety/", f"/podnety/?municipality={town.id}&q=podnet"):
        as_moderator = html_of(moderator_client.get(path))  # fills the shared fragments first
        as_resident = assert_as_fresh(app, resident_client, path)
        assert "Veřejný podnět" in as_resident
        for hidden in ("Skrytý podnět", "Cizí koncept"):
            assert hidden not in as_resident and hidden not in results_of(as_moderator)
        assert results_of(as_moderator) == results_of(as_resident)


def test_a_municipality_typed_wrong_shows_its_error_from_the_cache_too(app, signed_in):
    _first, first_client = signed_in()
    _second, second_client = signed_in()
    path = "/podnety/?municipality=Neexistujici+obec"
    first = html_of(first_client.get(path))
    second = assert_as_fresh(app, second_client, path)
    assert 'id="proposal-municipality-error"' in first and 'id="proposal-municipality-error"' in second


def test_the_signed_in_list_costs_no_query_once_kept(app, signed_in, town, count_queries):
    for n in range(8):
        ProposalFactory(title=f"Podnět {n}", municipalities=[town])
    _first, first_client = signed_in()
    _second, second_client = signed_in()
    path = "/podnety/?q=podnet&sort=supported"
    html_of(first_client.get(path))
    html_of(second_client.get("/podnety/?sort=active"))  # the second person's remembered roles
    with count_queries(keep_cache=True) as page:
        html_of(second_client.get(path))
    with count_queries(keep_cache=True) as results:
        html_of(second_client.get(path, headers=HTMX))
    # Drafts are remembered; the tests' sign-in session is already loaded (a server adds that one query).
    assert page["n"] == 0, page["statements"]
    assert results["n"] == 0, results["statements"]


# --- The home page --------------------------------------------------------------------------------


def test_neighbours_share_their_municipalitys_section_but_not_what_awaits_each(app, signed_in, town, count_queries):
    ProposalFactory(title="Cyklostezka k nádraží", municipalities=[town])
    consultation = make_consultation(municipalities=[town], title="Kam s kontejnery")
    first, first_client = signed_in(UserFactory(home_municipality=town))
    second, second_client = signed_in(UserFactory(home_municipality=town))
    DraftFactory(author=first, title="Můj nedopsaný podnět", municipalities=[town])
    db.session.add(Response(consultation_id=consultation.id, user_id=second.id, municipality_id=town.id))
    db.session.commit()

    with count_queries() as uncached:
        as_first = html_of(first_client.get("/"))
    with count_queries(keep_cache=True) as cached:
        as_second = html_of(second_client.get("/"))
    assert cached["n"] < uncached["n"]
    assert municipality_section_of(as_first) == municipality_section_of(as_second)
    assert "Cyklostezka k nádraží" in municipality_section_of(as_second)
    assert "Můj nedopsaný podnět" in as_first and "Můj nedopsaný podnět" not in as_second
    waiting = 'id="home-waiting"'
    assert "Kam s kontejnery" in as_first.split(waiting)[1].split("</section>")[0]
    assert waiting not in as_second  # answered already, and no draft: nothing waits
    assert as_second == without_cache(app, second_client, "/")


def test_residents_of_another_municipality_get_its_own_section(app, signed_in, town):
    other = MunicipalityFactory(name="Horní Újezd")
    ProposalFactory(title="Most přes řeku", municipalities=[town])
    ProposalFactory(title="Nová zastávka", municipalities=[other])
    _here, here_client = signed_in(UserFactory(home_municipality=town))
    _there, there_client = signed_in(UserFactory(home_municipality=other))
    here = municipality_section_of(html_of(here_client.get("/")))
    there = municipality_section_of(assert_as_fresh(app, there_client, "/"))
    assert "Most přes řeku" in here and "Nová zastávka" not in here
    assert "Nová zastávka" in there and "Most přes řeku" not in there and "Horní Újezd" in there


def test_the_home_section_follows_new_proposals_supports_and_hiding(app, signed_in, town):
    kept = ProposalFactory(title="Oprava mostku", municipalities=[town])
    resident, client = signed_in(UserFactory(home_municipality=town))
    _moderator, moderator_client = signed_in(moderator_of(town))
    html_of(moderator_client.get("/"))  # a moderator fills the section first
    assert "Oprava mostku" in assert_as_fresh(app, client, "/")

    fresh = ProposalFactory(title="Lavičky v parku", municipalities=[town])
    assert "Lavičky v parku" in municipality_section_of(assert_as_fresh(app, client, "/"))

    supporters(kept, town, 2)
    assert "2 podpory" in municipality_section_of(assert_as_fresh(app, client, "/"))

    fresh.hidden_at = utcnow()
    db.session.commit()
    assert "Lavičky v parku" not in assert_as_fresh(app, client, "/")
    assert "Lavičky v parku" not in html_of(moderator_client.get("/"))
    DraftFactory(author=resident, title="Koncept o parku", municipalities=[town])
    assert "Koncept o parku" in assert_as_fresh(app, client, "/")
    assert "Koncept o parku" not in html_of(moderator_client.get("/"))


def test_the_signed_in_home_costs_no_query_once_kept(app, signed_in, town, count_queries):
    for n in range(6):
        ProposalFactory(title=f"Podnět {n}", municipalities=[town])
        make_consultation(municipalities=[town], title=f"Anketa {n}")
    _first, first_client = signed_in(UserFactory(home_municipality=town))
    _second, second_client = signed_in(UserFactory(home_municipality=town))
    html_of(first_client.get("/"))
    html_of(second_client.get("/podnety/?sort=active"))  # the second person's remembered roles
    with count_queries(keep_cache=True) as first_visit:
        html_of(second_client.get("/"))
    with count_queries(keep_cache=True) as next_visit:
        html_of(second_client.get("/"))
    assert first_visit["n"] <= 3, first_visit["statements"]  # the consultations awaiting me, their clock, my drafts
    assert next_visit["n"] == 0, next_visit["statements"]  # and remembered


def test_what_awaits_me_follows_my_answers_my_drafts_and_my_move(app, signed_in, town):
    first = make_consultation(municipalities=[town], title="Anketa o hřišti")
    resident, client = signed_in(UserFactory(home_municipality=town))
    _neighbour, neighbour_client = signed_in(UserFactory(home_municipality=town))
    assert "Anketa o hřišti" in waiting_of(assert_as_fresh(app, client, "/"))

    db.session.add(Response(consultation_id=first.id, user_id=resident.id, municipality_id=town.id))
    db.session.commit()
    assert "Anketa o hřišti" not in waiting_of(assert_as_fresh(app, client, "/"))
    assert "Anketa o hřišti" in waiting_of(assert_as_fresh(app, neighbour_client, "/"))  # not answered
    make_consultation(municipalities=[town], title="Anketa o parku")
    assert "Anketa o parku" in waiting_of(assert_as_fresh(app, client, "/"))

    draft = DraftFactory(author=resident, title="Koncept o lávce", municipalities=[town])
    assert "Koncept o lávce" in assert_as_fresh(app, client, "/podnety/")
    draft.title = "Koncept o mostě"
    db.session.commit()
    assert "Koncept o mostě" in waiting_of(assert_as_fresh(app, client, "/"))
    services.publish(resident, draft)
    html = assert_as_fresh(app, client, "/podnety/")
    assert 'id="drafts-heading"' not in html and "Koncept o mostě" in results_of(html)

    resident.home_municipality = MunicipalityFactory(name="Jinde")
    db.session.commit()
    html = assert_as_fresh(app, client, "/")
    assert "Anketa o parku" not in waiting_of(html) and "Jinde" in municipality_section_of(html)
