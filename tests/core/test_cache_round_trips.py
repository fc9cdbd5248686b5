"""A request reads each version from the shared cache once; a process reads each kept part from it once.

On two cores a round trip to Redis costs more than the check it serves: a
signed-in proposal page asked Redis twenty-five times. Each request now reads
a version at most once (and sees its own writes), and each process keeps a
copy of the entries it read, checked against those versions.
"""

import pickle

import pytest

from participation.common import page_cache
from participation.common.page_cache import here
from participation.extensions import cache, db
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory


@pytest.fixture
def reads(monkeypatch):
    """Every key the app asks the shared cache for, by request: {"get": [...], "versions": [[...], ...]}."""
    asked = {"get": [], "versions": []}
    real_get, real_many = cache.get, cache.get_many

    def get(key):
        asked["get"].append(key)
        return real_get(key)

    def get_many(*keys):
        asked["versions"].append(list(keys))
        return real_many(*keys)

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    return asked


def _discussed_page(signed_in):
    town = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[town])
    for text in ("Souhlasím.", "Také u nás.", "Kdy se začne?"):
        add_comment(proposal, body=text)
    db.session.commit()
    _, browser = signed_in(UserFactory(home_municipality=town))
    return browser, f"/podnety/{proposal.id}"


def _get(browser, address):
    db.session.expunge_all()  # each request in production starts with an empty ORM session
    response = browser.get(address)
    assert response.status_code == 200
    return response


def test_a_signed_in_page_reads_each_version_once_and_its_kept_parts_from_this_process(app, signed_in, reads):
    browser, address = _discussed_page(signed_in)
    _get(browser, address), _get(browser, address)  # renders and keeps the parts; the session's kept from the second
    reads["get"].clear(), reads["versions"].clear()
    page = _get(browser, address)
    asked = [key for keys in reads["versions"] for key in keys]
    assert asked and len(asked) == len(set(asked))  # no version read twice in one request
    kept_parts = [key for key in reads["get"] if key.startswith(("shared:", "remember:"))]
    assert kept_parts == []  # every kept part came from this process's copy
    assert "Kdy se začne?" in page.get_data(as_text=True)


@pytest.mark.parametrize("address", ["/", "/podnety/", None])
def test_a_signed_in_request_reads_its_versions_in_one_round_trip(app, signed_in, reads, address):
    """Every table's, the session's and the person's own (unread count, drafts): read before anything."""
    browser, proposal_page = _discussed_page(signed_in)
    address = address or proposal_page
    for _ in range(3):  # the first requests note the session's account and keep the parts
        _get(browser, address)
    reads["get"].clear(), reads["versions"].clear()
    _get(browser, address)
    assert len(reads["versions"]) == 1
    assert reads["get"] == []  # the session's account is recalled here too


def test_without_copies_each_kept_part_is_read_from_the_shared_cache(app, signed_in, reads):
    app.config["PAGE_CACHE_PROCESS_BYTES"] = 0
    here.init_app(app)
    try:
        browser, address = _discussed_page(signed_in)
        _get(browser, address)
        reads["get"].clear()
        _get(browser, address)
        assert any(key.startswith("shared:") and ":discussion:" in key for key in reads["get"])
    finally:
        app.config["PAGE_CACHE_PROCESS_BYTES"] = 16 * 1024 * 1024
        here.init_app(app)


def test_a_comment_written_elsewhere_shows_although_this_process_holds_a_copy(app, signed_in):
    browser, address = _discussed_page(signed_in)
    _get(browser, address)
    proposal_id = int(address.rsplit("/", 1)[1])
    from participation.proposals.models import Proposal

    add_comment(db.session.get(Proposal, proposal_id), body="Napsáno jinde.")
    db.session.commit()  # another process's write: the versions move, the copy is outdated
    assert "Napsáno jinde." in _get(browser, address).get_data(as_text=True)


def test_a_request_sees_the_versions_its_own_write_gave(app, signed_in):
    """Supporting reads the panel's versions before its commit and renders the panel after it: one request."""
    town = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[town])
    db.session.commit()
    _, browser = signed_in(UserFactory(home_municipality=town))
    address = f"/podnety/{proposal.id}"
    assert _total(_get(browser, address)) == "0"  # the panel is kept, and copied here
    db.session.expunge_all()
    panel = browser.post(f"{address}/podpora", headers={"HX-Request": "true"})
    assert panel.status_code == 200 and _total(panel) == "1"
    assert _total(_get(browser, address)) == "1"


def _total(response) -> str:
    return response.get_data(as_text=True).split('class="support-total"><strong>', 1)[1].split("<", 1)[0]


def test_copies_are_least_recently_used_first_out_within_their_budget():
    entry = {"deps": ["version:proposal"], "versions": ["a"], "expires_at": None, "html": "x" * 1000}
    size = len(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    copies = here.EntriesHere(budget=size * 8 + size // 2)  # room for eight
    for number in range(8):
        copies.put(f"entry-{number}", entry)
    assert copies.get("entry-0") is not None  # now the most recently used
    copies.put("entry-8", entry)
    assert copies.get("entry-1") is None and copies.get("entry-0") is not None
    copies.put("huge", {**entry, "html": "x" * size * 2})
    assert copies.get("huge") is None  # more than an eighth of the budget: never kept here


def test_each_hit_gets_its_own_value(app):
    """A remembered list changed by one request is not what the next request gets."""
    calls = []

    def compute():
        calls.append(1)
        return ["first"]

    with app.test_request_context("/"):
        value = page_cache.remember("own-value", 1, compute)
        value.append("changed by this request")
    with app.test_request_context("/"):
        assert page_cache.remember("own-value", 1, compute) == ["first"]
    assert len(calls) == 1
