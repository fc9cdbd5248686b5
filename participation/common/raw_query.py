"""Query strings with raw bytes that are not ASCII, percent-encoded before Flask reads them.

Browsers percent-encode what they send, but a crawler or a hand-typed request
may put a raw byte such as 0xFF in the query. The WSGI server passes it on,
and Werkzeug's `request.args` then fails to decode it, so any page reading
its query would answer 500. Percent-encoding those bytes (and nothing else)
turns them into text Werkzeug keeps as it is ("%FF"): the page is answered
as if the parameter held that text.
"""

from urllib.parse import quote

# Everything a query string may already carry, left as it is.
_KEPT = "&=+%;/:,?@!$'()*[]~"


def ascii_query_strings(wsgi_app):
    def middleware(environ, start_response):
        query = environ.get("QUERY_STRING", "")
        if not query.isascii():
            environ["QUERY_STRING"] = quote(query.encode("latin-1", "replace"), safe=_KEPT)
        return wsgi_app(environ, start_response)

    return middleware
