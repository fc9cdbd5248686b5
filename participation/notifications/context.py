"""A request context for building absolute links outside a request (jobs, CLI)."""

from contextlib import contextmanager, nullcontext

from flask import current_app, has_request_context


def public_url_context():
    """Inside a request: nothing to do. In a job: a request on PUBLIC_BASE_URL, so url_for works."""
    if has_request_context():
        return nullcontext()
    return _public_request()


@contextmanager
def _public_request():
    base_url = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context("/", base_url=base_url):
        yield


def absolute(url: str | None) -> str | None:
    """An absolute link on PUBLIC_BASE_URL for a site path."""
    if not url:
        return None
    if url.startswith(("http://", "https://")):
        return url
    return current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + url
