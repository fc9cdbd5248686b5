"""HTTP manners: ETag and 304, public caching, CORS for reading, no cookies, rate limits, read-only."""

from participation.extensions import db
from tests.factories import MunicipalityFactory


def test_etag_and_if_none_match_give_a_304(api, world):
    body, response = api("/proposals")
    etag = response.headers["ETag"]
    _, again = api("/proposals", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["Cache-Control"] == "public, max-age=60"
    world.proposal.title = "Nový název"
    db.session.commit()
    _, changed = api("/proposals", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_public_short_caching_and_no_session_cookie(api, world):
    _, response = api(f"/proposals/{world.proposal.id}")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_errors_are_not_cached(api, world):
    _, response = api("/proposals?bogus=1")
    assert response.status_code == 400 and response.headers["Cache-Control"] == "no-store"


def test_cors_allows_reading_from_anywhere_without_credentials(client, world):
    response = client.get("/api/v1/proposals", headers={"Origin": "https://obec-lhota.cz"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options("/api/v1/proposals", headers={
        "Origin": "https://obec-lhota.cz", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_head_answers_like_get_without_a_body(client, world):
    response = client.head("/api/v1/proposals")
    assert response.status_code == 200 and response.get_data() == b"" and "ETag" in response.headers


def test_the_api_is_read_only(client, world):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"/api/v1/proposals/{world.proposal.id}")
        assert response.status_code == 405, method
        assert response.get_json()["error"]["code"] == "method_not_allowed"
        assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    response = client.post("/api/v1/nothing-here")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_a_signed_in_visitor_sees_the_same_public_answer(client, login, api, world):
    _, anonymous = api("/proposals")
    from participation.accounts.models import User

    login(db.session.get(User, world.proposal.author_id))
    _, signed_in = api("/proposals")
    assert signed_in.get_data() == anonymous.get_data()
    assert signed_in.headers["ETag"] == anonymous.headers["ETag"]
    assert signed_in.headers["Cache-Control"] == "public, max-age=60"


def test_requests_are_rate_limited_per_address_with_a_json_429(limited_app):
    MunicipalityFactory()
    client = limited_app(API_RATELIMIT="3 per minute").test_client()
    codes = [client.get("/api/v1/municipalities").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/municipalities/500000")
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert refused.headers["Access-Control-Allow-Origin"] == "*" and int(refused.headers["Retry-After"]) > 0
    other = client.get("/api/v1/municipalities", environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_an_unexpected_failure_is_still_a_json_error_without_details(api, monkeypatch, world):
    from participation.api import items

    def broken(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(items, "municipality", broken)
    body, response = api("/municipalities")
    assert response.status_code == 500 and response.mimetype == "application/json"
    assert body["error"]["code"] == "server_error" and "hunter2" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
