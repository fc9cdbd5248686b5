"""One page of a list: the domain's own query, cut at the cursor, and the links to the next page.

A page is at most `limit` rows plus one more read to know whether a next page
exists: no COUNT, nothing unbounded, and the same queries whatever the limit.
"""

from flask import request, url_for

from participation.api.params import ListQuery, make_cursor
from participation.extensions import db


def page_rows(statement, query: ListQuery) -> tuple[list, bool]:
    """The page's rows (as the statement selects them) and whether more follow."""
    rows = db.session.execute(statement.limit(query.limit + 1).offset(query.offset)).all()
    return rows[:query.limit], len(rows) > query.limit


def envelope(query: ListQuery, data: list, more: bool) -> dict:
    """The list body: the items, and where this page and the next one are."""
    endpoint = request.endpoint
    next_cursor = make_cursor(endpoint, query.values, query.offset + query.limit) if more else None
    this_page = {**query.values, "limit": query.limit}
    if query.offset:
        this_page["cursor"] = make_cursor(endpoint, query.values, query.offset)
    return {
        "data": data,
        "links": {
            "self": url_for(endpoint, _external=True, **this_page),
            "next": url_for(endpoint, _external=True, **query.values, limit=query.limit, cursor=next_cursor)
            if next_cursor else None,
        },
        "meta": {"limit": query.limit, "next_cursor": next_cursor},
    }
