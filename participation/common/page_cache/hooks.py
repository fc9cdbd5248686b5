"""The request hooks: answer a visitor from the cache before the view, store the page after it."""

import logging

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

import participation.common.page_cache.here as here
import participation.common.page_cache.keys as keys
import participation.common.page_cache.storage as storage
from participation.common import page_caching
from participation.common.page_cache.reads import Recording, note_read

log = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(current_app.config.get("PAGE_CACHE_ENABLED", True))


def init_app(app: Flask) -> None:
    """Listen to statements (once per process); the hooks themselves are added by web.init_app."""
    from participation.common.page_cache.fragments import fragment_slot, shared_fragment
    from participation.common.page_cache.shell import shell_part

    here.init_app(app)

    if (app.config.get("PAGE_CACHE_ENABLED", True) and app.config.get("ENV_NAME") == "production"
            and app.config.get("CACHE_TYPE") in ("SimpleCache", "simple")):
        log.warning("PAGE_CACHE_ENABLED without REDIS_URL: each process keeps its own pages, and a write served "
                    "by one process is not seen by the others' for up to PAGE_CACHE_SECONDS. Run one process, "
                    "set REDIS_URL, or set PAGE_CACHE_ENABLED=0 (docs/features/caching.md).")
    app.jinja_env.globals.update(shared_fragment=shared_fragment, fragment_slot=fragment_slot, shell_part=shell_part)
    if not event.contains(Engine, "before_cursor_execute", before_statement):
        event.listen(Engine, "before_cursor_execute", before_statement)


def before_statement(conn, cursor, statement, parameters, context, executemany) -> None:
    """Engine event: the request's versions before its first read; the statement's tables to each recording."""
    if not has_request_context():
        return
    if "request_versions" not in g and current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        g.request_versions = None  # set first: reading the versions runs no SQL, but be sure
        try:
            g.request_versions = keys.all_versions()  # before the request's first read (shared fragments)
        except Exception:  # noqa: BLE001
            log.warning("fragment cache unreachable", exc_info=True)
    note_read(statement, parameters)


def _eligible() -> bool:
    """A visitor's GET or HEAD that may be answered from, and stored in, the cache."""
    if request.method not in ("GET", "HEAD") or request.endpoint is None or request.endpoint == "static":
        return False
    if "Authorization" in request.headers or "HX-Request" in request.headers:
        return False
    if any(name in request.cookies for name in page_caching._spolu_cookies(current_app)):
        return False
    return not request.path.startswith(page_caching.SENSITIVE_PREFIXES)


def serve_from_cache():
    """before_request: the stored page when nothing it shows has changed; else start recording."""
    for name in ("page_recording", "page_cache_hit", "request_versions", "fragment_recordings", "clock_moments"):
        g.pop(name, None)
    if not enabled() or not _eligible():
        return None
    try:
        key = keys.page_key()
        entry = storage.valid_entry(key)
        if entry is not None:
            return storage.answer(entry)
        g.page_recording = Recording(key=key, versions=keys.all_versions())
        g.request_versions = g.page_recording.versions
        keys.declare_scopes(g.page_recording, request.endpoint, request.view_args)
    except Exception:  # noqa: BLE001  (a cache that is down: render as without one)
        log.warning("page cache unreachable: rendering %s afresh", request.path, exc_info=True)
    return None


# What is kept whole: pages, and the open-data API's JSON (the same for every caller, read by machines
# page after page). Feeds and CSVs stream or carry their own caching; files are not the cache's business.
KEPT_TYPES = frozenset({"text/html", "application/json", "application/geo+json"})


def store(response: Response) -> Response:
    """after_request (last): store a visitor's public page; ETag and 304 for every public page."""
    recording = g.pop("page_recording", None)
    if not response.cache_control.public or response.status_code != 200 or response.direct_passthrough:
        return response
    if g.get("page_cache_hit"):
        return response
    if recording is not None:
        recording.paused = True
        response.headers[storage.HIT_HEADER] = "miss"
    response.add_etag()
    if recording is not None and response.mimetype in KEPT_TYPES and page_caching.is_public(response):
        try:
            storage.keep_page(recording, response, current_app.config.get("PAGE_CACHE_SECONDS") or 600)
        except Exception:  # noqa: BLE001
            log.warning("page cache unreachable: %s not stored", request.path, exc_info=True)
    return response.make_conditional(request)
