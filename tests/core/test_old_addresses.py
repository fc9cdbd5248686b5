"""Addresses are Czech words; every old English address answers with a permanent redirect to its Czech one.

czech_paths: keep (the old English addresses below are on purpose)
"""

import re

import pytest

from participation.common.old_addresses import CZECH, ENGLISH, translate

CONVERTER = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")
SAMPLE = {"int": "7", "default": "x", "path": "x"}


def _sample_path(rule: str) -> str:
    """The rule with a plain value in each argument: the first option of a word or any converter."""

    def one(match) -> str:
        if match["options"]:
            return translate(match["options"].split(",")[0].strip())
        return SAMPLE.get(match["converter"] or "default", "x")

    return CONVERTER.sub(one, rule)


def _site_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/static/")):
            continue
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        yield rule, method


def test_every_address_is_in_czech(app):
    """No word of the site's own addresses is one the table would still translate."""
    english = sorted(rule.rule for rule, _ in _site_rules(app) if translate(_sample_path(rule.rule)) != _sample_path(rule.rule))
    assert english == []


def test_every_old_english_address_redirects_to_its_czech_one(app, client):
    checked = 0
    for rule, method in _site_rules(app):
        new = _sample_path(rule.rule)
        old = translate(new, ENGLISH)
        if old == new or translate(old) != new:
            continue  # never had English words (/mapa), or agrees in Czech only (/sprava/obce/nova)
        response = client.open(old, method=method)
        assert response.status_code == (301 if method == "GET" else 308), (old, rule.endpoint)
        assert response.location == new, (old, rule.endpoint)
        checked += 1
    assert checked > 150


@pytest.mark.parametrize(("old", "new"), [
    ("/proposals/?status=answered&page=2", "/podnety/?status=answered&page=2"),
    ("/proposals", "/podnety/"),  # the missing slash in one step
    ("/proposals/12", "/podnety/12"),
    ("/agreements/new", "/dohody/nova"),
    ("/projects/3/atom.xml", "/projekty/3/atom.xml"),
    ("/consultations/4/results.csv?x=1", "/konzultace/4/vysledky.csv?x=1"),
    ("/login?next=/profile", "/prihlaseni?next=/profile"),
    ("/profile/sessions", "/profil/relace"),
    ("/dobra-praxe/new", "/dobra-praxe/nova"),
])
def test_old_address_with_query_string(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response.location == new
    assert client.head(old).status_code == 301


def test_a_form_sent_to_an_old_address_is_resent_to_the_new_one(client):
    response = client.post("/proposals/5/support?next=/podnety/5", data={"x": "1"})
    assert response.status_code == 308  # the browser sends the same POST, body and all
    assert response.location == "/podnety/5/podpora?next=/podnety/5"


def test_a_word_argument_shows_in_czech_and_keeps_working_in_english(app, client):
    with app.test_request_context():
        from flask import url_for

        assert url_for("follows.follow", subject_type="municipality", subject_id=3) == "/sledovani/obec/3"
        assert url_for("moderation.hide", kind="comment", item_id=2) == "/moderace/komentar/2/skryt"
    assert client.post("/follows/proposal/3").location == "/sledovani/podnet/3"
    assert app.url_map.bind("localhost").match("/sledovani/proposal/3", method="POST")[1]["subject_type"] == "proposal"
    assert app.url_map.bind("localhost").match("/sledovani/podnet/3", method="POST")[1]["subject_type"] == "proposal"


@pytest.mark.parametrize("path", ["/proposals/abc", "/nothing-here", "/proposals/5/no-such-thing", "/api/v1/nothing"])
def test_an_unknown_address_is_still_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.location is None


def test_an_unknown_address_gets_the_normal_error_page(client):
    response = client.get("/proposals/abc", headers={"Accept-Language": "cs"})
    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True).lower()


def test_a_newline_in_an_old_address_stays_encoded(client):
    response = client.get("/confirm/a%0d%0aSet-Cookie:x")
    assert response.status_code == 301 and response.location == "/potvrzeni/a%0D%0ASet-Cookie:x"
    assert "Set-Cookie" not in {name for name, _ in response.headers}


def test_the_wrong_method_on_an_old_address_is_not_redirected(client):
    assert client.delete("/proposals/5/support").status_code in (404, 405)


def test_the_table_is_one_way():
    """A Czech word is never an English one: translating twice changes nothing (the rewriter relies on it)."""
    assert not set(CZECH.values()) & set(CZECH)
    for english in CZECH:
        assert translate(translate(f"/{english}/1")) == translate(f"/{english}/1")
