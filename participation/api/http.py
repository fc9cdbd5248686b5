"""The API's HTTP manners: JSON bodies, ETags and 304s, shared caching, CORS for reading, JSON errors."""

import json

from flask import current_app, request

from participation.api.errors import ApiError

READ_METHODS = "GET, HEAD, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": READ_METHODS,
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset",
    "Access-Control-Max-Age": "86400",
}


def json_response(data, status: int = 200):
    """A JSON response; a 200 gets an ETag and answers 304 to a matching If-None-Match."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = current_app.response_class(body, status=status, mimetype="application/json")
    if status == 200:
        response.add_etag()
        response.make_conditional(request)
    return response


def error_response(error: ApiError):
    return json_response(error.body(), error.status)


def finish(response):
    """after_request for every API response: CORS, no cookies' Vary, public caching of successes."""
    for name, value in CORS_HEADERS.items():
        response.headers[name] = value
    response.headers.pop("Access-Control-Allow-Credentials", None)
    response.vary.discard("cookie")
    if response.status_code in (200, 304) and request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['API_CACHE_MAX_AGE']}"
    else:
        response.headers["Cache-Control"] = "no-store"
    return response
