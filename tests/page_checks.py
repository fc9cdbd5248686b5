"""Pages served from shared fragments compared with pages rendered afresh (common/page_cache)."""

import re

# CSRF tokens are signed with the second: two renderings a second apart differ there and nowhere else.
_CSRF_TOKEN = re.compile(r'(name="csrf_token" value="|"X-CSRFToken": "|name="csrf-token" content=")[^"]*')


def masked(html: str) -> str:
    """The HTML with its CSRF tokens masked."""
    return _CSRF_TOKEN.sub(r"\1-", html)


def html_of(response) -> str:
    """A 200 page's HTML with its CSRF tokens masked."""
    assert response.status_code == 200
    return masked(response.get_data(as_text=True))


def without_cache(app, client, path, headers=None) -> str:
    """What rendering the page afresh, with no shared fragment or remembered value, gives this client."""
    app.config.update(FRAGMENT_CACHE_ENABLED=False)
    try:
        return html_of(client.get(path, headers=headers or {}))
    finally:
        app.config.update(FRAGMENT_CACHE_ENABLED=True)
