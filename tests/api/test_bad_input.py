"""Bad input gets a 400 (or a 404) with a JSON error, never a 500: a battery of malformed values on every list."""

import pytest

from participation.api.lists import FILTERS
from participation.api.params import make_cursor

LISTS = {"municipalities": "municipalities", "groupings": "groupings", "proposals": "proposals",
         "agreements": "agreements", "projects": "projects", "good-practice": "good_practice",
         "consultations": "consultations", "localities": "localities"}
MALFORMED = ["abc", "-1", "0", "1.5", "1e3", "9999999999", "١٢", "²", " 1", "%00", "1;DROP TABLE proposal",
             "<script>", "../../etc", "x" * 300]
MALFORMED_LIMITS = ["0", "-5", "101", "1000000000000", "abc", "1.0", "ten", "²"]
MALFORMED_CURSORS = ["abc", "x" * 500, "eyJhIjoxfQ", "W10.abc", "null", "%ff%fe", "[1,\"0000\"]"]


def _assert_json_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) >= {"code", "message"} and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("path", LISTS)
def test_unknown_parameters_are_refused(client, conforms, path):
    response = client.get(f"/api/v1/{path}?sortby=newest")
    error = _assert_json_error(response, 400, "unknown_parameter")
    assert error["parameter"] == "sortby"
    conforms(response.get_json(), "Error")


@pytest.mark.parametrize("path,name", [(path, spec.name) for path, key in LISTS.items() for spec in FILTERS[key]
                                       if spec.kind != "text"])
def test_malformed_filter_values_are_refused(client, path, name):
    for value in MALFORMED:
        response = client.get(f"/api/v1/{path}", query_string={name: value})
        _assert_json_error(response, 400, "invalid_parameter" if name not in ("municipality", "grouping")
                           else "invalid_id")


@pytest.mark.parametrize("path", LISTS)
def test_page_sizes_over_the_limit_and_malformed_cursors_are_refused(client, path):
    for value in MALFORMED_LIMITS:
        _assert_json_error(client.get(f"/api/v1/{path}", query_string={"limit": value}), 400, "invalid_limit")
    for value in MALFORMED_CURSORS:
        _assert_json_error(client.get(f"/api/v1/{path}", query_string={"cursor": value}), 400, "invalid_cursor")


def test_a_parameter_given_twice_and_overlong_text_are_refused(client):
    _assert_json_error(client.get("/api/v1/proposals?municipality=1&municipality=2"), 400, "invalid_parameter")
    _assert_json_error(client.get("/api/v1/proposals", query_string={"q": "x" * 201}), 400, "invalid_parameter")
    _assert_json_error(client.get("/api/v1/proposals", query_string={"q": "a\x00b"}), 400, "invalid_parameter")


def test_odd_but_valid_text_finds_nothing_rather_than_failing(client, world):
    for value in ("%", "_", "\\", "'; --", "Ř" * 200, "🙂"):
        response = client.get("/api/v1/proposals", query_string={"q": value})
        assert response.status_code == 200 and response.get_json()["data"] == []


def test_a_cursor_only_works_for_its_own_list_and_filters(app, client, world):
    with app.test_request_context():
        other_filters = make_cursor("api.proposals", {"category": "water"}, 1)
        other_list = make_cursor("api.agreements", {}, 1)
        genuine = make_cursor("api.proposals", {}, 1)
        forged = genuine[:-5] + ("A" if genuine[-5] != "A" else "B") + genuine[-4:]
    assert client.get("/api/v1/proposals", query_string={"cursor": genuine}).status_code == 200
    for cursor in (other_filters, other_list, forged):
        _assert_json_error(client.get("/api/v1/proposals", query_string={"cursor": cursor}), 400, "invalid_cursor")


@pytest.mark.parametrize("path", [*LISTS, "municipalities"])
def test_malformed_item_identifiers_are_400_and_unknown_ones_404(client, path):
    for value in ("abc", "-1", "0", "1.5", "9999999999", "²", "%20", "1e3"):
        response = client.get(f"/api/v1/{path}/{value}")
        assert response.status_code == 400, (path, value)
        _assert_json_error(response, 400, "invalid_id")
    response = client.get(f"/api/v1/{path}/{'123456' if path == 'municipalities' else '123'}")
    _assert_json_error(response, 404, "not_found")
    _assert_json_error(client.get(f"/api/v1/{path}/1?x=1"), 400, "unknown_parameter")
