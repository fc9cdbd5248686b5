"""Atom feeds per municipality, grouping and project, and of good practice: valid Atom, public items only."""

from datetime import date

from defusedxml import ElementTree

from participation.extensions import db
from participation.projects.models import Milestone, ProjectUpdate
from tests.opendata.test_exports import HIDDEN_TITLES

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text and root.find(f"{ATOM}updated").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    return root, [entry.find(f"{ATOM}title").text for entry in entries]


def test_municipality_feed_lists_its_public_items(visitor, world):
    response = visitor.get(f"/obce/{world.home.code}/atom.xml")
    root, titles = _feed(response)
    assert "Lhota" in root.find(f"{ATOM}title").text
    assert "Podnět: Optika do Lhoty" in titles
    assert "Dohoda: Memorandum o optice" in titles and "Projekt: Páteř Lhota" in titles
    assert "Dobrá praxe: Sdílený výkop" in titles
    text = response.get_data(as_text=True)
    assert not any(title in text for title in HIDDEN_TITLES)
    assert "@" not in text


def test_grouping_feed_has_its_consultations(visitor, world):
    response = visitor.get(f"/seskupeni/{world.grouping.id}/atom.xml")
    _, titles = _feed(response)
    assert "Konzultace: Uzavřená konzultace" in titles and "Konzultace: Otevřená konzultace" in titles
    assert not any(title in response.get_data(as_text=True) for title in HIDDEN_TITLES)


def test_project_feed_has_its_updates_and_milestones(visitor, world):
    db.session.add_all([
        ProjectUpdate(project_id=world.project.id, posted_on=date(2026, 5, 1), body="Výkop hotov až ke škole."),
        Milestone(project_id=world.project.id, title="Projektová dokumentace", done_on=date(2026, 3, 1)),
    ])
    db.session.commit()
    _, titles = _feed(visitor.get(f"/projekty/{world.project.id}/atom.xml"))
    assert titles == ["Novinka: Výkop hotov až ke škole.", "Splněný milník: Projektová dokumentace"]


def test_good_practice_feed_has_only_published_ones(visitor, world):
    _, titles = _feed(visitor.get("/dobra-praxe/atom.xml"))
    assert titles == ["Dobrá praxe: Sdílený výkop"]


def test_feeds_are_announced_on_their_pages(client, world):
    page = client.get(f"/obce/{world.home.code}").get_data(as_text=True)
    assert f'type="application/atom+xml" title="Atom" href="/obce/{world.home.code}/atom.xml"' in page
    assert f"/seskupeni/{world.grouping.id}/atom.xml" in client.get(f"/seskupeni/{world.grouping.id}").get_data(
        as_text=True)
    assert f"/projekty/{world.project.id}/atom.xml" in client.get(f"/projekty/{world.project.id}").get_data(
        as_text=True)
    assert "/dobra-praxe/atom.xml" in client.get("/dobra-praxe").get_data(as_text=True)


def test_unknown_places_have_no_feed(visitor, world):
    assert visitor.get("/obce/999999/atom.xml").status_code == 404
    assert visitor.get("/obce/abc/atom.xml").status_code == 404
    assert visitor.get("/seskupeni/999999/atom.xml").status_code == 404
    assert visitor.get("/projekty/999999/atom.xml").status_code == 404
