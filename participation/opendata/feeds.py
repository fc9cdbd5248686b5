"""Atom feeds: what is new about a municipality, a grouping, a project, and in good practice.

Entries are built from the API's JSON items (api.datasets, api.items), so a
feed shows exactly what the API and the pages show a visitor, and nothing
private: hidden, draft and withdrawn items never reach a dataset's rows.
"""

from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from participation.api.datasets import DATASETS
from participation.common.models import utcnow
from participation.extensions import db

FEED_ENTRIES = 20
# When each kind's item last changed, as far as a reader of the feed is concerned.
CHANGED = {"proposals": "published_at", "agreements": "updated_at", "projects": "updated_at",
           "good_practice": "published_at", "consultations": "published_at"}
SUMMARY = {"proposals": "body", "agreements": "summary", "projects": "description",
           "good_practice": "summary", "consultations": "introduction"}


def _when(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else utcnow()


def latest_items(kinds, values: dict, limit: int = FEED_ENTRIES) -> list[tuple[str, dict]]:
    """The newest public items of each kind matching `values`, merged newest first: one batch per kind."""
    found = []
    for kind in kinds:
        dataset = DATASETS[kind]
        rows = db.session.execute(dataset.statement(values).limit(limit)).all()
        found.extend((kind, item) for item in dataset.shape(rows))
    found.sort(key=lambda pair: _when(pair[1].get(CHANGED[pair[0]])), reverse=True)
    return found[:limit]


def _entry_title(kind: str, title: str) -> str:
    titles = {"proposals": _("Proposal: %(title)s", title=title), "agreements": _("Agreement: %(title)s", title=title),
              "projects": _("Project: %(title)s", title=title),
              "good_practice": _("Good practice: %(title)s", title=title),
              "consultations": _("Consultation: %(title)s", title=title)}
    return titles[kind]


def _summary(text: str | None, length: int = 500) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def new_feed(feed_id: str, title: str, page_url: str, self_url: str, subtitle: str = "") -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(subtitle or title)
    feed.author({"name": "Spolu"})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.language(str(get_locale() or "cs"))
    return feed


def add_items(feed: FeedGenerator, found) -> None:
    """One entry per item, oldest added first so that the feed reads newest first."""
    for kind, item in reversed(found):
        entry = feed.add_entry()
        entry.id(item["url"])
        entry.title(_entry_title(kind, item["title"]))
        entry.link(href=item["url"], rel="alternate", type="text/html")
        entry.updated(_when(item.get(CHANGED[kind])))
        entry.summary(_summary(item.get(SUMMARY[kind])))
        for municipality in item.get("municipalities") or []:
            entry.category(term=municipality["code"], label=municipality["name"])
    feed.updated(_when(found[0][1].get(CHANGED[found[0][0]])) if found else utcnow())


def add_project_updates(feed: FeedGenerator, project: dict, updates, page_url: str) -> None:
    """A project's updates (and its completed milestones), newest first."""
    entries = [(datetime.combine(u.posted_on, time(12), UTC), f"update-{u.id}", _("Update: %(text)s"), u.body)
               for u in updates]
    entries += [(datetime.combine(date.fromisoformat(m["done_on"]), time(12), UTC),
                 f"milestone-{index}", _("Milestone reached: %(text)s"), m["title"])
                for index, m in enumerate(project["milestones"]) if m["done_on"]]
    entries.sort(key=lambda entry: entry[0])
    for when, key, label, text in entries:
        entry = feed.add_entry()
        entry.id(f"{page_url}#{key}")
        entry.title(label % {"text": _summary(text, 120)})
        entry.link(href=page_url, rel="alternate", type="text/html")
        entry.updated(when)
        entry.summary(_summary(text))
    feed.updated(max((e[0] for e in entries), default=_when(project.get("updated_at"))))


def feed_response_body(feed: FeedGenerator) -> bytes:
    return feed.atom_str(pretty=True)


def feed_url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)
