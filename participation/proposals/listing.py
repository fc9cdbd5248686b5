"""The proposal list's filter form and results: the same for everyone asking the same filters.

Both parts are shared fragments (common/page_cache): rendered once per
normalised filters (+ page, + language) and kept until a table they read
changes. The municipality typed into the filter is resolved and the list
query runs only inside a rendering, so a kept part costs no query at all.
Nothing in them depends on the viewer: the list shows public proposals only,
whoever asks (a moderator's wider view is never part of it).
"""

import hashlib
from functools import cached_property

from flask import render_template
from markupsafe import Markup

from participation.common import page_cache
from participation.proposals import labels, places, queries

# What a card shows that may have been read earlier in the request (a cover photo, the places of a
# proposal already loaded): named, since such a read leaves no SQL in the fragment's recording.
CARD_TABLES = ("proposal_photo", "proposal_municipality")


class Listing:
    """One request's list: its filters, and its parts rendered (or taken from the cache) on demand."""

    def __init__(self, args, page: int, per_page: int):
        self.filters = queries.ListFilters.from_args(args)
        self.typed = places.typed_municipality(args.get("municipality"))
        self.page_number = page
        self.per_page = per_page

    @cached_property
    def municipality(self) -> places.MunicipalityChoice:
        """The typed municipality resolved (one query), its id put into the filters."""
        choice = places.resolve_municipality(self.typed)
        self.filters.municipality = choice.id
        return choice

    def _key(self, *extra) -> str:
        f = self.filters
        wanted = (f.q, self.typed, f.grouping, f.category, f.status, f.threshold, f.sort, *extra)
        return hashlib.sha256(repr(wanted).encode()).hexdigest()[:32]

    def _read_before(self) -> tuple:
        """The municipality, when its resolution may have run in the other part's rendering."""
        from participation.territory.models import Municipality

        return (Municipality,) if self.typed else ()

    def _context(self, **more) -> dict:
        municipality = self.municipality  # first: it sets the filters' municipality id
        return {"filters": self.filters, "municipality": municipality, "labels": labels, **more}

    def filter_form(self) -> Markup:
        def render():
            return render_template("proposals/_filters.html", **self._context(groupings=places.all_groupings()))

        return Markup(page_cache.shared("proposal-filters", self._key(), render, self._read_before()))

    def results(self) -> Markup:
        def render():
            context = self._context()
            page = queries.list_page(self.filters, self.page_number, self.per_page)
            return render_template("proposals/_results.html", page=page, **context)

        key = self._key(self.page_number, self.per_page)
        return Markup(page_cache.shared("proposal-results", key, render, (*self._read_before(), *CARD_TABLES)))
