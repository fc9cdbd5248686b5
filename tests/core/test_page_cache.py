"""Visitors' pages kept whole until a write changes them: never stale, never shared with a signed-in person."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from participation.common import page_cache
from participation.common.models import utcnow
from participation.common.page_cache import storage
from participation.extensions import cache, db
from participation.proposals.models import ProposalStatus
from tests.agreements.factories import AgreementFactory
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.consultations.factories import form_for, make_consultation, resident_of
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of
from tests.page_checks import html_of
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import ProposalFactory, SupportFactory

HIT = page_cache.HIT_HEADER


def visit(app, path, **headers):
    """A visitor without cookies (a fresh client each time, as another browser would be)."""
    return app.test_client().get(path, headers=headers)


def stored(app, path):
    """A visitor's page, stored: the second request is answered from the cache."""
    first, second = visit(app, path), visit(app, path)
    assert second.headers[HIT] == "hit", path
    assert first.get_data() == second.get_data()
    return second


def assert_fresh(app, *paths):
    """Each page a visitor gets now is exactly what rendering it afresh, without any cache, gives."""
    for path in paths:
        served = visit(app, path)
        app.config.update(PAGE_CACHE_ENABLED=False, FRAGMENT_CACHE_ENABLED=False)
        try:
            truth = visit(app, path)
        finally:
            app.config.update(PAGE_CACHE_ENABLED=True, FRAGMENT_CACHE_ENABLED=True)
        assert served.status_code == truth.status_code, path
        assert served.get_data(as_text=True) == truth.get_data(as_text=True), path


# --- Served from the cache --------------------------------------------------------


def test_a_second_visitor_gets_the_stored_page_without_a_query(app, count_queries):
    proposal = ProposalFactory(title="Chodník k nádraží")
    stored(app, f"/podnety/{proposal.id}")
    with count_queries(keep_cache=True) as counter:
        response = visit(app, f"/podnety/{proposal.id}")
    assert response.headers[HIT] == "hit" and "Chodník k nádraží" in html_of(response)
    assert counter["n"] == 0
    assert response.cache_control.public and "Set-Cookie" not in response.headers
    assert "cookie" not in response.headers.get("Vary", "").lower()


def test_query_order_does_not_matter_but_language_does(app):
    ProposalFactory(title="Cyklostezka")
    visit(app, "/podnety/?status=published&q=cyklo")
    assert visit(app, "/podnety/?q=cyklo&status=published").headers[HIT] == "hit"
    english = visit(app, "/podnety/?q=cyklo&status=published", **{"Accept-Language": "en"})
    assert english.headers[HIT] == "miss" and 'lang="en"' in html_of(english)
    assert 'lang="cs"' in html_of(visit(app, "/podnety/?status=published&q=cyklo"))


def test_htmx_requests_and_visitors_with_a_language_cookie_are_never_stored(app):
    ProposalFactory()
    stored(app, "/podnety/")
    fragment = visit(app, "/podnety/", **{"HX-Request": "true"})
    assert HIT not in fragment.headers and "<html" not in html_of(fragment)
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert HIT not in client.get("/podnety/").headers


# --- Never served to a signed-in person -------------------------------------------


def test_a_signed_in_person_never_gets_the_visitors_page(app, signed_in):
    proposal = ProposalFactory()
    stored(app, f"/podnety/{proposal.id}")
    user, client = signed_in()
    response = client.get(f"/podnety/{proposal.id}")
    assert HIT not in response.headers
    html = html_of(response)
    assert user.display_name in html and "Sign out" in html or "Odhlásit" in html
    assert response.cache_control.private
    # ... and what they were shown is never stored for visitors.
    assert "Odhlásit" not in html_of(visit(app, f"/podnety/{proposal.id}"))


# --- Every kind of write shows on the next request ------------------------------------


def test_support_and_unsupport_change_every_page_that_counts_them(app, signed_in):
    town = MunicipalityFactory(name="Lhota u Chocně")
    proposal = ProposalFactory(title="Lavka přes řeku", municipalities=[town])
    pages = [f"/podnety/{proposal.id}", f"/obce/{town.code}", "/podnety/", "/"]
    before = {path: stored(app, path).get_data() for path in pages}
    user, client = signed_in(UserFactory(home_municipality=town))

    assert client.post(f"/podnety/{proposal.id}/podpora").status_code in (302, 303)
    after = {path: visit(app, path) for path in pages}
    for path, response in after.items():
        assert response.headers[HIT] == "miss", path
    assert after[pages[0]].get_data() != before[pages[0]]
    assert 'data-count="1"' in html_of(after[pages[0]]) or ">1<" in html_of(after[pages[0]])

    assert_fresh(app, *pages)
    for path in pages:
        stored(app, path)
    assert client.post(f"/podnety/{proposal.id}/odebrat-podporu").status_code in (302, 303)
    assert visit(app, pages[0]).headers[HIT] == "miss"
    assert_fresh(app, *pages)


def test_the_open_data_api_is_kept_whole_and_follows_a_support(app, signed_in):
    """Machines read the API page after page: its JSON is kept like a page and changes on the next request."""
    town = MunicipalityFactory(name="Horní Lhota")
    proposal = ProposalFactory(title="Optika do osady", municipalities=[town])
    paths = [f"/api/v1/proposals/{proposal.id}", "/api/v1/proposals?sort=supported&limit=5"]
    for path in paths:
        response = stored(app, path)
        assert response.mimetype == "application/json" and response.json
    _, client = signed_in(UserFactory(home_municipality=town))
    assert client.post(f"/podnety/{proposal.id}/podpora").status_code in (302, 303)
    after = visit(app, paths[0])
    assert after.headers[HIT] == "miss" and after.json["supports"]["total"] == 1
    assert visit(app, paths[1]).headers[HIT] == "miss"
    assert_fresh(app, *paths)
    # The caller who sends a session cookie is answered afresh, as for pages.
    assert client.get(paths[0]).headers.get(HIT) != "hit"


def test_a_support_anywhere_renders_proposal_pages_afresh_because_a_trigger_keeps_the_count(app):
    """No statement names the tables the counters' triggers write; counters.CounterSet.writes declares them."""
    proposal, other = ProposalFactory(), ProposalFactory()
    first = UserFactory(home_municipality=other.municipalities[0])
    stored(app, f"/podnety/{other.id}")
    SupportFactory(proposal=other, user=first, municipality_id=other.municipalities[0].id)
    after = visit(app, f"/podnety/{other.id}")
    assert after.headers[HIT] == "miss"
    assert_fresh(app, f"/podnety/{other.id}", f"/podnety/{proposal.id}")


def test_a_support_removed_in_bulk_renders_every_proposal_page_afresh(app):
    proposal = ProposalFactory()
    SupportFactory(proposal=proposal)
    stored(app, f"/podnety/{proposal.id}")
    from sqlalchemy import delete

    from participation.proposals.models import Support

    db.session.execute(delete(Support))  # rows unknown to the cache: the table's epoch moves
    db.session.commit()
    assert visit(app, f"/podnety/{proposal.id}").headers[HIT] == "miss"


def test_a_new_comment_and_an_edit_show_on_the_next_request(app, signed_in):
    proposal = DiscussedProposalFactory()
    path = f"/podnety/{proposal.id}"
    stored(app, path)
    _user, client = signed_in()
    client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "Zastávka u školy by pomohla.", f"t{proposal.thread_id}-return_to": path})
    assert "Zastávka u školy by pomohla." in html_of(visit(app, path))
    assert_fresh(app, path)


def test_official_answer_status_change_and_edit_show_on_the_next_request(app):
    from participation.proposals import moderation, services

    town = MunicipalityFactory()
    proposal = ProposalFactory(title="Osvětlení přechodu", municipalities=[town])
    path = f"/podnety/{proposal.id}"
    moderator = moderator_of(town)

    stored(app, path)
    moderation.add_official_answer(moderator, proposal, "Obec přechod nasvítí v březnu.", municipality_id=town.id)
    assert "Obec přechod nasvítí v březnu." in html_of(visit(app, path))
    assert_fresh(app, path)

    stored(app, path)
    moderation.change_status(moderator, proposal, ProposalStatus.SOLVED, "Hotovo")
    assert visit(app, path).headers[HIT] == "miss"
    listing = html_of(visit(app, "/podnety/?status=solved"))
    assert "Osvětlení přechodu" in listing
    assert_fresh(app, path, "/podnety/")

    stored(app, path)
    stored(app, "/podnety/")
    data = services.ProposalData(title="Osvětlení obou přechodů", body=proposal.body, category=proposal.category,
                                 municipality_ids=[town.id], grouping_id=None, latitude=None, longitude=None)
    services.update_proposal(proposal.author, proposal, data)
    assert "Osvětlení obou přechodů" in html_of(visit(app, path))
    assert "Osvětlení obou přechodů" in html_of(visit(app, "/podnety/"))
    assert_fresh(app, path, "/podnety/", "/")


def test_hidden_by_a_moderator_leaves_no_cached_page_showing_it(app):
    from participation.moderation import items, services
    from participation.moderation.models import ReportReason

    town = MunicipalityFactory()
    proposal = ProposalFactory(title="Urážlivý podnět", municipalities=[town])
    comment_proposal = DiscussedProposalFactory()
    comment = add_comment(comment_proposal, body="Sprostá poznámka")
    pages = [f"/podnety/{proposal.id}", "/podnety/", f"/obce/{town.code}", "/"]
    for path in pages:
        stored(app, path)
    stored(app, f"/podnety/{comment_proposal.id}")

    moderator = moderator_of(town)
    services.hide(moderator, items.proposal_item(proposal), ReportReason.SPAM)
    assert visit(app, pages[0]).status_code in (403, 404) or "Urážlivý podnět" not in html_of(visit(app, pages[0]))
    for path in pages[1:]:
        assert "Urážlivý podnět" not in html_of(visit(app, path)), path
    assert_fresh(app, *pages)

    services.hide(administrator(), items.comment_item(comment), ReportReason.SPAM)
    assert "Sprostá poznámka" not in html_of(visit(app, f"/podnety/{comment_proposal.id}"))
    assert_fresh(app, f"/podnety/{comment_proposal.id}")


def test_a_consultation_response_changes_the_live_results(app):
    from participation.consultations.answering import submit_response
    from participation.consultations.models import ResultsVisibility

    town = MunicipalityFactory(population=100)
    consultation = make_consultation(municipalities=[town], results_visibility=ResultsVisibility.LIVE)
    path = f"/konzultace/{consultation.id}/vysledky"
    before = html_of(stored(app, path))
    submit_response(resident_of(town), consultation, MultiDict(form_for(consultation, single="Sever", scale=4)))
    after = visit(app, path)
    assert after.headers[HIT] == "miss" and html_of(after) != before
    assert_fresh(app, path, f"/konzultace/{consultation.id}")


def test_a_page_showing_a_consultation_is_kept_only_until_it_opens(app, monkeypatch):
    consultation = make_consultation(phase="upcoming")
    consultation.opens_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    path = f"/konzultace/{consultation.id}"
    stored(app, path)
    with app.test_request_context(path):
        entry = cache.get(page_cache.page_key())
    assert entry["expires_at"] <= consultation.opens_at.timestamp()
    assert visit(app, path).headers[HIT] == "hit"  # before the moment, from this process's copy
    later = consultation.opens_at.timestamp() + 1  # the moment has come: the shared entry and the copy are out
    monkeypatch.setattr(storage, "time", SimpleNamespace(time=lambda: later))
    assert visit(app, path).headers[HIT] == "miss"


def test_project_and_agreement_edits_show_on_the_next_request(app):
    project = ProjectFactory(title="Optika do Lhoty", municipalities=[MunicipalityFactory()])
    agreement = AgreementFactory(title="Memorandum o optice", municipalities=[MunicipalityFactory()])
    for path in (f"/projekty/{project.id}", f"/dohody/{agreement.id}", "/projekty", "/dohody"):
        stored(app, path)
    project.title = "Optika do Lhoty a Vsi"
    agreement.title = "Smlouva o optice"
    db.session.commit()
    assert "Optika do Lhoty a Vsi" in html_of(visit(app, f"/projekty/{project.id}"))
    assert "Optika do Lhoty a Vsi" in html_of(visit(app, "/projekty"))
    assert "Smlouva o optice" in html_of(visit(app, f"/dohody/{agreement.id}"))
    assert "Smlouva o optice" in html_of(visit(app, "/dohody"))
    assert_fresh(app, f"/projekty/{project.id}", f"/dohody/{agreement.id}", "/projekty", "/dohody")


# --- ETag and 304 -------------------------------------------------------------------


def test_an_unchanged_page_answers_304_and_a_changed_one_200(app):
    proposal = ProposalFactory()
    path = f"/podnety/{proposal.id}"
    first = visit(app, path)
    etag = first.headers["ETag"]
    assert visit(app, path, **{"If-None-Match": etag}).status_code == 304  # from the cache
    SupportFactory(proposal=proposal)
    changed = visit(app, path, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    app.config["PAGE_CACHE_ENABLED"] = False
    uncached = visit(app, path, **{"If-None-Match": changed.headers["ETag"]})
    assert uncached.status_code == 304 and HIT not in uncached.headers


# --- The off switch and a cache that is down ------------------------------------------


@pytest.mark.parametrize("path", ["/", "/podnety/", "proposal", "/obce"])
def test_switched_off_the_pages_are_the_same_and_nothing_is_stored(app, path):
    proposal = ProposalFactory(title="Stejná stránka")
    path = f"/podnety/{proposal.id}" if path == "proposal" else path
    on = html_of(visit(app, path))
    app.config["PAGE_CACHE_ENABLED"] = False
    off = [visit(app, path), visit(app, path)]
    assert all(HIT not in response.headers for response in off)
    assert html_of(off[0]) == html_of(off[1]) == on
    assert off[0].cache_control.public


def test_a_cache_that_is_down_renders_the_page(app, monkeypatch):
    proposal = ProposalFactory(title="Bez cache")

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "get_many", down)
    response = visit(app, f"/podnety/{proposal.id}")
    assert "Bez cache" in html_of(response)


# --- Signed-in people: shared fragments, their own parts stitched in ----------------------


def test_signed_in_people_share_a_municipalitys_sections_but_never_each_others_parts(app, signed_in, count_queries):
    from participation.accounts.models import RoleKind
    from tests.factories import RoleFactory

    town = MunicipalityFactory(name="Horní Ves")
    ProposalFactory(title="Hřiště u školy", municipalities=[town])
    resident, resident_client = signed_in(UserFactory(home_municipality=town))
    admin, admin_client = signed_in(UserFactory())
    RoleFactory(user=admin, kind=RoleKind.ADMINISTRATOR)
    path = f"/obce/{town.code}"

    with count_queries() as uncached:
        first = html_of(resident_client.get(path))
    with count_queries(keep_cache=True) as cached:
        second = html_of(admin_client.get(path))
    assert cached["n"] < uncached["n"]  # the sections came from the cache
    assert "Hřiště u školy" in first and "Hřiště u školy" in second
    assert resident.display_name in first and resident.display_name not in second
    assert admin.display_name in second and admin.display_name not in first
    edit = f"/sprava/obce/{town.code}"
    assert (edit in second or "Administration" in second or "Správa" in second) and "Správa" not in first

    ProposalFactory(title="Nová lávka", municipalities=[town])
    assert "Nová lávka" in html_of(resident_client.get(path))
    assert "Nová lávka" in html_of(admin_client.get(path))


def test_the_proposal_text_fragment_follows_an_edit(app, signed_in):
    proposal = ProposalFactory(body="Původní **text**")
    _user, client = signed_in()
    assert "<strong>text</strong>" in html_of(client.get(f"/podnety/{proposal.id}"))
    proposal.body = "Nový **popis**"
    db.session.commit()
    html = html_of(client.get(f"/podnety/{proposal.id}"))
    assert "<strong>popis</strong>" in html and "Původní" not in html


def test_the_unread_count_is_each_persons_own_and_follows_every_change(app, signed_in):
    from participation.notifications import services as notifications
    from participation.notifications.models import Notification
    from tests.notifications.helpers import fire

    town = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[town])
    follower, follower_client = signed_in(UserFactory(home_municipality=town))
    _other, other_client = signed_in(UserFactory(home_municipality=town))
    from participation.follows import services as follows

    follows.follow(follower, proposal)
    db.session.commit()

    def badge(client):
        html = html_of(client.get("/podnety/"))
        start = html.index('id="notifications-link"')
        return html[start:html.index("</li>", start)]

    assert 'class="badge"' not in badge(follower_client)
    assert 'class="badge"' not in badge(other_client)
    fire("proposal.status_changed", "proposal", proposal.id, proposal.author, to_status="under_review")
    assert 'class="badge">1' in badge(follower_client)
    assert 'class="badge"' not in badge(other_client)  # never another person's count
    notification = db.session.query(Notification).filter_by(user_id=follower.id).one()
    notifications.mark_read(follower, notification)
    assert 'class="badge"' not in badge(follower_client)


def test_a_role_given_shows_on_the_next_page(app, signed_in):
    town = MunicipalityFactory()
    user, client = signed_in(UserFactory(home_municipality=town))
    assert "/moderace" not in html_of(client.get("/podnety/"))
    from participation.accounts.models import RoleKind
    from tests.factories import RoleFactory

    RoleFactory(user=user, kind=RoleKind.MODERATOR, municipality=town)
    assert "/moderace" in html_of(client.get("/podnety/"))
