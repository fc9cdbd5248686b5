"""Every list and item of the API: public data in the documented shape, never a hidden, draft or withdrawn item."""

import pytest

from tests.api.world import SECRET_EMAIL, SECRET_NOTE


def _ids(body) -> list[int]:
    return [item["id"] for item in body["data"]]


def _no_secrets(response) -> None:
    text = response.get_data(as_text=True)
    assert SECRET_EMAIL not in text and "example.cz" not in text.replace("obec.example.cz", "")
    assert SECRET_NOTE not in text


def test_the_index_names_every_list(api, conforms, world):
    body, response = api("/")
    conforms(body, "Index")
    assert body["lists"]["proposals"].endswith("/api/v1/proposals")


def test_municipalities_and_groupings(api, conforms, world):
    body, response = api("/municipalities?q=lhot")
    conforms(body, "MunicipalityPage")
    assert [m["name"] for m in body["data"]] == ["Lhota"]
    body, _ = api(f"/municipalities/{world.home.code}")
    conforms(body, "MunicipalityDetail")
    assert body["groupings"][0]["name"] == "Svazek Lhota" and body["region"]["code"] == "CZ-063"
    body, _ = api("/groupings")
    conforms(body, "GroupingPage")
    assert body["data"][0]["member_count"] == 2
    body, _ = api(f"/groupings/{world.grouping.id}")
    conforms(body, "GroupingDetail")
    assert sorted(m["name"] for m in body["members"]) == ["Lhota", "Ves"]


def test_proposals_list_only_public_ones_with_supports_per_municipality(api, conforms, world):
    body, response = api("/proposals")
    conforms(body, "ProposalPage")
    assert _ids(body) == [world.proposal.id]
    supports = body["data"][0]["supports"]
    assert supports["total"] == 5
    assert [(line["municipality"]["name"], line["supporters"]) for line in supports["by_municipality"]] == [
        ("Lhota", 3), ("Ves", 2)]
    _no_secrets(response)


def test_a_proposal_with_its_history_answers_and_chain(api, conforms, world):
    body, response = api(f"/proposals/{world.proposal.id}")
    conforms(body, "ProposalDetail")
    assert body["official_answers"][0]["body"] == "Řešíme to."
    assert [a["id"] for a in body["agreements"]] == [world.agreement.id]
    assert [p["id"] for p in body["projects"]] == [world.project.id]
    assert [p["id"] for p in body["good_practice"]] == [world.practice.id]
    assert "author" not in body
    _no_secrets(response)


@pytest.mark.parametrize("name", ["draft", "hidden", "withdrawn"])
def test_draft_hidden_and_withdrawn_proposals_are_not_found(api, world, name):
    body, response = api(f"/proposals/{getattr(world, name).id}")
    assert response.status_code == 404 and body["error"]["code"] == "not_found"
    body, _ = api("/proposals?status=withdrawn")
    assert body["error"]["code"] == "invalid_parameter"


def test_agreements_leave_out_drafts_and_hidden_proposals(api, conforms, world):
    body, response = api("/agreements")
    conforms(body, "AgreementPage")
    assert _ids(body) == [world.agreement.id]
    body, response = api(f"/agreements/{world.agreement.id}")
    conforms(body, "AgreementDetail")
    assert [p["id"] for p in body["proposals"]] == [world.proposal.id]
    assert body["documents"][0]["url"] == "https://obec.example.cz/m.pdf"
    assert body["projects"] == []  # the project belongs to the draft agreement
    _, response = api(f"/agreements/{world.draft_agreement.id}")
    assert response.status_code == 404


def test_projects_leave_out_a_draft_agreement_and_hidden_proposals(api, conforms, world):
    body, _ = api("/projects")
    conforms(body, "ProjectPage")
    assert _ids(body) == [world.project.id]
    body, response = api(f"/projects/{world.project.id}")
    conforms(body, "ProjectDetail")
    assert body["agreement"] is None
    assert [p["id"] for p in body["proposals"]] == [world.proposal.id]
    _no_secrets(response)


def test_good_practice_only_published_with_public_proposals(api, conforms, world):
    body, _ = api("/good-practice")
    conforms(body, "GoodPracticePage")
    assert _ids(body) == [world.practice.id]
    body, response = api(f"/good-practice/{world.practice.id}")
    conforms(body, "GoodPracticeDetail")
    assert [p["id"] for p in body["proposals"]] == [world.proposal.id]
    assert body["agreement"] is None
    _, response = api(f"/good-practice/{world.draft_practice.id}")
    assert response.status_code == 404


def test_consultations_published_only_results_once_closed(api, conforms, world):
    body, _ = api("/consultations")
    conforms(body, "ConsultationPage")
    assert sorted(_ids(body)) == sorted([world.closed.id, world.open_consultation.id])
    body, _ = api("/consultations?state=open")
    assert _ids(body) == [world.open_consultation.id]
    body, _ = api(f"/consultations/{world.open_consultation.id}")
    conforms(body, "ConsultationDetail")
    assert body["results"] is None and body["results_available"] is False
    _, response = api(f"/consultations/{world.draft_consultation.id}")
    assert response.status_code == 404


def test_consultation_results_are_aggregates_and_small_tallies_stay_blank(api, conforms, world):
    body, response = api(f"/consultations/{world.closed.id}")
    conforms(body, "ConsultationDetail")
    results = body["results"]
    assert results["respondents"] == 6 and results["minimum_respondents"] == 5
    single, text = results["questions"]
    # Overall minus Lhota would tell Ves's one answer: the overall figures are hidden too.
    assert single["respondents"] == 6 and single["answers"] is None
    by_municipality = {line["municipality_id"]: line for line in single["by_municipality"]}
    assert by_municipality[world.home.id]["answers"][0]["count"] == 5
    # One respondent in Ves: their answer could be told, so only the count is given.
    assert by_municipality[world.neighbour.id] == {"municipality_id": world.neighbour.id, "respondents": 1,
                                                   "answers": None, "scale_average": None}
    assert text["answers"] is None and text["respondents"] == 6
    _no_secrets(response)


def test_localities_show_figures_only_with_enough_reports(api, conforms, world):
    body, response = api(f"/localities?municipality={world.home.id}")
    conforms(body, "LocalityPage")
    _no_secrets(response)  # never the office's note on a paper report
    by_name = {item["name"]: item for item in body["data"]}
    assert by_name["Horní Lhota"]["status"] == "served" and by_name["Horní Lhota"]["current_reports"] == 4
    assert by_name["Dolní Lhota"]["status"] == "unknown"
    assert by_name["Dolní Lhota"]["current_reports"] is None and by_name["Dolní Lhota"]["newest_report_at"] is None
    body, _ = api(f"/localities/{world.unknown.id}")
    conforms(body, "Locality")
    assert body["current_reports"] is None


def test_unknown_items_are_json_404s(api, world):
    for path in ("/podnety/999999", "/dohody/999999", "/projekty/999999", "/good-practice/999999",
                 "/konzultace/999999", "/localities/999999", "/groupings/999999", "/obce/999999"):
        body, response = api(path)
        assert response.status_code == 404, path
        assert response.mimetype == "application/json" and body["error"]["code"] == "not_found"
