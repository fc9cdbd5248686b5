"""The public consultation export: aggregates only, small groups' figures hidden, no free text."""

import csv
import io

from tests.api.world import SECRET_NOTE


def _rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))


def test_results_csv_has_counts_per_municipality_and_hides_small_ones(visitor, world):
    rows = _rows(visitor.get(f"/konzultace/{world.closed.id}/vysledky.csv"))
    text = "\n".join(";".join(row.values()) for row in rows)
    assert SECRET_NOTE not in text
    single = [row for row in rows if row["Typ otázky"] == "single"]
    lhota = {row["Možnost odpovědi"]: row for row in single if row["Obec"] == "Lhota"}
    assert lhota["Sever"]["Počet"] == "5" and lhota["Sever"]["Podíl"] == "1"
    ves = [row for row in single if row["Obec"] == "Ves"]
    # one respondent in Ves: the count is said, the answer is not
    assert {row["Respondenti"] for row in ves} == {"1"}
    assert {row["Počet"] for row in ves} == {""} and {row["Údaje skryty"] for row in ves} == {"1"}
    # all municipalities minus Lhota would give away Ves's answer: hidden too
    overall = [row for row in single if row["Kód obce"] == ""]
    assert {row["Počet"] for row in overall} == {""} and {row["Respondenti"] for row in overall} == {"6"}


def test_the_minimum_is_a_setting(app, visitor, world):
    app.config["API_MIN_RESPONDENTS"] = 1
    try:
        rows = _rows(visitor.get(f"/konzultace/{world.closed.id}/vysledky.csv"))
    finally:
        app.config["API_MIN_RESPONDENTS"] = 5
    ves = {row["Možnost odpovědi"]: row["Počet"] for row in rows if row["Obec"] == "Ves" and row["Typ otázky"] == "single"}
    assert ves == {"Sever": "0", "Jih": "1"}


def test_one_row_per_response_is_not_public(visitor, world):
    assert visitor.get(f"/konzultace/{world.closed.id}/odpovedi.csv").status_code == 302
