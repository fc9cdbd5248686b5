"""Agreements: editing by scope, validation, visibility, list filters, history, query counts."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.agreements.models import Agreement, AgreementStatus
from participation.audit.models import AuditEntry
from participation.comments.models import Thread
from participation.extensions import db
from tests.agreements.factories import AgreementFactory, ProposalFactory
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)


@pytest.fixture
def territory(app):
    region = RegionFactory()
    a, b, c = (MunicipalityFactory(region=region, name=name) for name in ("Horní Ves", "Dolní Ves", "Lhota"))
    far = MunicipalityFactory(name="Vzdálená")
    grouping = GroupingFactory(name="Svazek obcí Podhůří", members=[a, b])
    return {"a": a, "b": b, "c": c, "far": far, "grouping": grouping, "region": region}


def _form(**overrides):
    data = {"title": "Memorandum o páteřní optické síti", "kind": "memorandum", "status": "negotiation",
            "summary": "Obce **společně** budují páteř.", "signed_on": "", "effective_on": "", "ends_on": ""}
    data.update(overrides)
    return data


def test_moderator_creates_agreement_with_thread_and_audit(client, login, territory):
    moderator = moderator_of(territory["a"])
    login(moderator)
    response = client.post("/dohody/nova", data=_form(municipalities=[territory["a"].id, territory["b"].id]))
    assert response.status_code == 303
    agreement = db.session.scalar(select(Agreement))
    assert agreement.title == "Memorandum o páteřní optické síti"
    assert {m.name for m in agreement.municipalities} == {"Horní Ves", "Dolní Ves"}
    assert db.session.get(Thread, agreement.thread_id).subject_type == "agreement"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agreement.create"))
    assert entry.actor_id == moderator.id and entry.subject_id == agreement.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>společně</strong>" in page
    assert "Horní Ves" in page and "Dolní Ves" in page
    assert 'class="follow-button"' in page


def test_resident_cannot_create(client, login, territory):
    login(UserFactory(home_municipality=territory["a"]))
    assert client.get("/dohody/nova").status_code == 403
    assert client.post("/dohody/nova", data=_form(municipalities=[territory["a"].id])).status_code == 403
    client.get("/", follow_redirects=False)
    assert db.session.scalar(select(func.count(Agreement.id))) == 0


def test_visitor_is_sent_to_sign_in(app, client, territory):
    if "accounts.login" not in app.view_functions:
        pytest.skip("no sign-in page yet")
    response = client.get("/dohody/nova")
    assert response.status_code in (302, 401)


def test_party_outside_scope_is_refused_next_to_the_field(client, login, territory):
    login(moderator_of(territory["a"]))
    response = client.post("/dohody/nova", data=_form(municipalities=[territory["b"].id]))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="municipalities-error"' in html
    assert "Dolní Ves" in html
    assert db.session.scalar(select(func.count(Agreement.id))) == 0


def test_no_party_is_refused(client, login, territory):
    login(moderator_of(territory["a"]))
    response = client.post("/dohody/nova", data=_form())
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Agreement.id))) == 0


def test_representative_covers_grouping_and_its_members(client, login, territory):
    login(representative_of(territory["grouping"]))
    response = client.post("/dohody/nova", data=_form(
        municipalities=[territory["a"].id, territory["b"].id], groupings=[territory["grouping"].id]))
    assert response.status_code == 303
    response = client.post("/dohody/nova", data=_form(municipalities=[territory["c"].id]))
    assert response.status_code == 422


def test_end_before_start_is_refused(client, login, territory):
    login(moderator_of(territory["a"]))
    response = client.post("/dohody/nova", data=_form(
        municipalities=[territory["a"].id], status="signed",
        signed_on="2026-03-01", effective_on="2026-04-01", ends_on="2026-02-01"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="ends_on-error"' in html
    assert 'value="2026-02-01"' in html  # keeps what was typed
    assert db.session.scalar(select(func.count(Agreement.id))) == 0


def test_signed_status_needs_signing_date(client, login, territory):
    login(moderator_of(territory["a"]))
    response = client.post("/dohody/nova", data=_form(municipalities=[territory["a"].id], status="in_force"))
    assert response.status_code == 422
    assert 'id="signed_on-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [("kind", "treaty"), ("status", "lost"), ("municipalities", "abc"),
                                          ("signed_on", "31. 2. 2026"), ("title", "x" * 201)])
def test_malformed_input_is_refused_without_500(client, login, territory, field, value):
    login(moderator_of(territory["a"]))
    data = _form(municipalities=[territory["a"].id])
    data[field] = value
    response = client.post("/dohody/nova", data=data)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Agreement.id))) == 0


def test_edit_records_changes_in_history(client, login, territory):
    moderator = moderator_of(territory["a"])
    agreement = AgreementFactory(status=AgreementStatus.NEGOTIATION, municipalities=[territory["a"]])
    login(moderator)
    page = client.get(f"/dohody/{agreement.id}/upravit")
    assert page.status_code == 200
    response = client.post(f"/dohody/{agreement.id}/upravit", data=_form(
        title=agreement.title, status="signed", signed_on="2026-05-04", municipalities=[territory["a"].id]))
    assert response.status_code == 303
    db.session.refresh(agreement)
    assert agreement.status == AgreementStatus.SIGNED and agreement.signed_on == date(2026, 5, 4)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agreement.update"))
    assert entry.details["changes"]["status"] == ["negotiation", "signed"]
    html = client.get(f"/dohody/{agreement.id}").get_data(as_text=True)
    assert "stav změněn na Podepsaná" in html


def test_editor_cannot_remove_a_party_outside_scope(client, login, territory):
    agreement = AgreementFactory(municipalities=[territory["a"], territory["b"]])
    login(moderator_of(territory["a"]))
    response = client.post(f"/dohody/{agreement.id}/upravit", data=_form(
        title=agreement.title, status="negotiation", municipalities=[territory["a"].id]))
    assert response.status_code == 422
    db.session.refresh(agreement)
    assert len(agreement.municipalities) == 2


def test_editing_outside_scope_is_forbidden(client, login, territory):
    agreement = AgreementFactory(municipalities=[territory["b"]])
    login(moderator_of(territory["a"]))
    assert client.get(f"/dohody/{agreement.id}/upravit").status_code == 403


def test_drafts_only_for_editors(client, login, territory):
    draft = AgreementFactory(status=AgreementStatus.DRAFT, title="Tajný koncept", municipalities=[territory["a"]])
    public = AgreementFactory(title="Veřejná smlouva", municipalities=[territory["a"]])
    assert client.get(f"/dohody/{draft.id}").status_code == 404
    listing = client.get("/dohody").get_data(as_text=True)
    assert "Veřejná smlouva" in listing and "Tajný koncept" not in listing
    login(moderator_of(territory["b"]))
    assert client.get(f"/dohody/{draft.id}").status_code == 404
    login(moderator_of(territory["a"]))
    assert client.get(f"/dohody/{draft.id}").status_code == 200
    assert "Tajný koncept" in client.get("/dohody").get_data(as_text=True)
    login(administrator())
    assert client.get(f"/dohody/{draft.id}").status_code == 200
    assert public.id


def test_list_filters(client, territory):
    AgreementFactory(title="Odpadový dvůr", kind="public_law_contract", municipalities=[territory["a"]])
    AgreementFactory(title="Energetik", kind="shared_advisor", status="in_force", municipalities=[territory["c"]])
    AgreementFactory(title="Stanovy svazku", kind="dso_statute", groupings=[territory["grouping"]])

    def titles(query):
        html = client.get("/dohody" + query).get_data(as_text=True)
        return {t for t in ("Odpadový dvůr", "Energetik", "Stanovy svazku") if t in html}

    assert titles("") == {"Odpadový dvůr", "Energetik", "Stanovy svazku"}
    assert titles(f"?municipality={territory['a'].id}") == {"Odpadový dvůr"}
    assert titles(f"?grouping={territory['grouping'].id}") == {"Odpadový dvůr", "Stanovy svazku"}
    assert titles("?kind=shared_advisor") == {"Energetik"}
    assert titles("?status=in_force") == {"Energetik"}
    assert titles("?q=odpadovy") == {"Odpadový dvůr"}
    for bad in ("?municipality=abc", "?kind=nonsense", "?page=-4", "?page=zz", "?grouping=99999999999999"):
        assert client.get("/dohody" + bad).status_code == 200


def test_list_answers_htmx_with_the_fragment(client, territory):
    AgreementFactory(title="Odpadový dvůr", municipalities=[territory["a"]])
    response = client.get("/dohody", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<section id="agreement-results"')
    assert "<html" not in html


def test_header_links_to_agreements(client):
    assert 'href="/dohody"' in client.get("/").get_data(as_text=True)


def test_municipality_and_grouping_sections(app, territory):
    from flask import render_template_string

    AgreementFactory(title="Odpadový dvůr", municipalities=[territory["a"]])
    AgreementFactory(title="Stanovy", groupings=[territory["grouping"]])
    with app.test_request_context():
        html = render_template_string('{% include "agreements/_municipality_section.html" %}',
                                      municipality=territory["a"])
        assert "Odpadový dvůr" in html
        html = render_template_string('{% include "agreements/_grouping_section.html" %}',
                                      grouping=territory["grouping"])
        assert "Stanovy" in html


def _page_queries(client, count_queries, agreement_id):
    client.get(f"/dohody/{agreement_id}")  # warm caches
    with count_queries() as counter:
        assert client.get(f"/dohody/{agreement_id}").status_code == 200
    return counter["n"]


def test_agreement_page_query_count_is_fixed(client, login, count_queries, territory):
    small = AgreementFactory(municipalities=[territory["a"]])
    large = AgreementFactory(municipalities=[territory["a"], territory["b"], territory["c"]],
                             groupings=[territory["grouping"]])
    for agreement, count in ((small, 1), (large, 12)):
        _fill(agreement, count, territory)
    user = moderator_of(territory["a"])
    login(user)
    assert _page_queries(client, count_queries, small.id) == _page_queries(client, count_queries, large.id)
    assert _page_queries(client, count_queries, large.id) <= 16


def _fill(large, count, territory):
    from participation.agreements.models import AgreementDocument, AgreementProposal

    for n in range(count):
        db.session.add(AgreementDocument(agreement_id=large.id, title=f"Příloha {n}", url="https://example.cz/a.pdf"))
        proposal = ProposalFactory(municipalities=[territory["a"]])
        db.session.add(AgreementProposal(agreement_id=large.id, proposal_id=proposal.id, note="Patří sem."))
    db.session.commit()
