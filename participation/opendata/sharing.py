"""Being found and shared: the sitemap, robots.txt, and each public page's description and Open Graph tags.

The sitemap lists only what a visitor may open: the rows of the API's
datasets (no draft, hidden or withdrawn item ever is one). A sitemap index
names one file per dataset and page of SITEMAP_PAGE addresses; each file is
written out batch by batch.
"""

import math
from collections.abc import Iterator
from xml.sax.saxutils import escape

from flask import current_app, url_for
from flask_babel import gettext as _
from jinja2 import pass_context
from sqlalchemy import func, select

from participation.api.datasets import DATASETS
from participation.extensions import db
from participation.opendata.catalogue import BY_SLUG, OPEN_DATASETS
from participation.permissions import api as rules

SITEMAP_PAGE = 10_000  # addresses per sitemap file (the protocol allows 50,000)
SITEMAP_BATCH = 1_000
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Which of an item's times says when its page last changed.
LAST_CHANGED = {"proposals": "last_activity_at", "agreements": "updated_at", "projects": "updated_at",
                "good_practice": "published_at", "consultations": "published_at"}
DESCRIPTION_LENGTH = 200
# What a page may describe in its head: what the API would show (the other kinds are always public).
PUBLIC = {"proposal": rules.shows_proposal, "agreement": rules.shows_agreement,
          "practice": rules.shows_good_practice, "consultation": rules.shows_consultation}
# Areas only for signed-in people (and the widget, which lives on other sites): not for search engines.
PRIVATE_PATHS = ("/accounts/", "/admin/", "/audit", "/oznameni", "/moderace", "/workspace", "/prehled",
                 "/vlozeni/", "/overeni-bydliste", "/obce/*/overeni-bydliste", "/obce/*/vlozeni", "/*/novy",
                 "/*/nova", "/*/upravit", "/konzultace/*/vysledky.csv", "/konzultace/*/odpovedi.csv")


def dataset_pages() -> list[tuple[str, int]]:
    """(slug, page) of every sitemap file: one COUNT per dataset."""
    pages = []
    for dataset in OPEN_DATASETS:
        statement = DATASETS[dataset.name].statement({}).order_by(None)
        count = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        pages.extend((dataset.slug, page) for page in range(1, max(1, math.ceil(count / SITEMAP_PAGE)) + 1))
    return pages


def sitemap_index(pages) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n'
    yield _sitemap_entry(url_for("opendata.sitemap_pages", _external=True))
    for slug, page in pages:
        yield _sitemap_entry(url_for("opendata.sitemap_part", slug=slug, page=page, _external=True))
    yield "</sitemapindex>\n"


def _sitemap_entry(location: str) -> str:
    return f"  <sitemap><loc>{escape(location)}</loc></sitemap>\n"


def _url(location: str, changed: str | None = None) -> str:
    lastmod = f"<lastmod>{escape(changed)}</lastmod>" if changed else ""
    return f"  <url><loc>{escape(location)}</loc>{lastmod}</url>\n"


def static_pages() -> Iterator[str]:
    """The lists and other pages everyone may read."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n'
    for endpoint in ("core.home", "proposals.list", "agreements.list", "projects.list", "consultations.list",
                     "good_practice.list", "territory.municipalities", "territory.groupings", "map.index",
                     "opendata.index", "advisors.index", "advisors.guides_index", "infrastructure.assets",
                     "infrastructure.works", "core.privacy", "core.terms", "core.accessibility"):
        if endpoint in current_app.view_functions:
            yield _url(url_for(endpoint, _external=True))
    yield "</urlset>\n"


def sitemap_part(slug: str, page: int) -> Iterator[str]:
    """One dataset's page of addresses, streamed in batches; None-safe for a page past the end (empty set)."""
    name = BY_SLUG[slug].name
    dataset = DATASETS[name]
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n'
    start = (page - 1) * SITEMAP_PAGE
    offset = 0
    while offset < SITEMAP_PAGE:
        size = min(SITEMAP_BATCH, SITEMAP_PAGE - offset)
        rows = db.session.execute(dataset.statement({}).limit(size).offset(start + offset)).all()
        if rows:
            yield "".join(_url(item["url"], item.get(LAST_CHANGED.get(name, ""))) for item in dataset.shape(rows))
        if len(rows) < size:
            break
        offset += size
    yield "</urlset>\n"


def robots_txt() -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS), "",
             f"Sitemap: {url_for('opendata.sitemap', _external=True)}", ""]
    return "\n".join(lines)


# ----- the description and Open Graph tags of a page -----

# endpoint -> (the template variable holding the item, the attribute with its summary)
PAGE_ITEMS = {
    "proposals.detail": ("proposal", "body"),
    "projects.detail": ("project", "description"),
    "consultations.detail": ("consultation", "introduction"),
    "good_practice.detail": ("practice", "summary"),
    "agreements.detail": ("agreement", "summary"),
    "territory.municipality": ("municipality", None),
    "territory.grouping": ("grouping", "description"),
}


def shorten(text: str | None, length: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(str(text or "").replace("#", " ").replace("*", " ").split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _municipality_summary(municipality) -> str:
    return _("%(name)s: residents' proposals, shared projects, agreements and consultations on Spolu.",
             name=municipality.name)


@pass_context
def page_meta(context) -> dict:
    """The page's title, description and kind for search engines and shared links; a sensible default."""
    from flask import request

    default = _("Spolu: residents of neighbouring municipalities solve shared problems together: proposals, "
                "agreements, projects and consultations.")
    meta = {"title": "", "description": default, "type": "website"}
    known = PAGE_ITEMS.get(request.endpoint or "")
    item = context.get(known[0]) if known else None
    if item is not None and not PUBLIC.get(known[0], lambda _item: True)(item):
        item = None  # a draft or hidden item is described to nobody, whoever is looking at it
    if item is not None:
        title = getattr(item, "title", None) or getattr(item, "name", "")
        summary = getattr(item, known[1], "") if known[1] else _municipality_summary(item)
        meta.update(title=title, description=shorten(summary) or default, type="article" if known[1] else "website")
    meta["feed"] = _feed_of(request.endpoint or "", item)
    return meta


def _feed_of(endpoint: str, item) -> str | None:
    """The Atom feed a page offers (<link rel="alternate">), if any."""
    if item is not None and endpoint == "territory.municipality":
        return url_for("opendata.municipality_feed", code=item.code)
    if item is not None and endpoint == "territory.grouping":
        return url_for("opendata.grouping_feed", grouping_id=item.id)
    if item is not None and endpoint == "projects.detail":
        return url_for("opendata.project_feed", project_id=item.id)
    if endpoint in ("good_practice.list", "good_practice.detail"):
        return url_for("opendata.good_practice_feed")
    return None
