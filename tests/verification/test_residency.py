"""Residency verification: letter codes, in person at the office, the register; who may, and bad input."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.accounts import services as account_services
from participation.accounts.models import RoleKind
from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.verification import residency
from participation.verification.models import (
    DocumentKind,
    LetterBatch,
    LetterCode,
    RegisterEntry,
    ResidencyVerification,
    VerificationMethod,
)
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RoleFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
    sign_in_token,
)


@pytest.fixture
def world(app):
    here, there = MunicipalityFactory(name="Libchavy", code="580376"), MunicipalityFactory(name="Kunvald")
    return {"here": here, "there": there, "grouping": GroupingFactory(members=[here]),
            "moderator": moderator_of(here), "resident": UserFactory(home_municipality=here)}


@pytest.fixture
def ctx(app):
    """Services speak the resident's language: they run inside a request."""
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


ROLES = {
    "resident": lambda w: w["resident"],
    "moderator in scope": lambda w: w["moderator"],
    "moderator elsewhere": lambda w: moderator_of(w["there"]),
    "representative of its grouping": lambda w: representative_of(w["grouping"]),
    "administrator": lambda w: administrator(),
    "administrator of its region": lambda w: RoleFactory(kind=RoleKind.ADMINISTRATOR, region=w["here"].region).user,
}
OFFICE = {"moderator in scope", "administrator", "administrator of its region"}


def _codes(world, size=2, **kwargs):
    return residency.make_letter_batch(world["moderator"], world["here"], size, **kwargs)


# --- Letter codes ---------------------------------------------------------------------------------


def test_a_letter_code_verifies_once_and_is_stored_only_hashed(ctx, world):
    batch, codes = _codes(world)
    assert len(codes) == 2 and all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", c) for c in codes)
    stored = db.session.scalars(select(LetterCode.code_hash)).all()
    assert not any(c.replace("-", "") in h.upper() for c in codes for h in stored)
    resident = world["resident"]
    verification = residency.redeem_code(resident, codes[0].lower().replace("-", " "))
    assert resident.residency_verified_at is not None and verification.method == VerificationMethod.LETTER
    assert verification.verified_by_id == world["moderator"].id and verification.letter_batch_id == batch.id
    other = UserFactory(home_municipality=world["here"])
    with pytest.raises(residency.VerificationError, match="already been used"):
        residency.redeem_code(other, codes[0])
    assert other.residency_verified_at is None
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["residency.letters", "residency.letter"]


@pytest.mark.parametrize("typed, message", [
    ("ABCD", "12 letters"),
    ("ABCD-EFGH-JKMN", "not valid"),
])
def test_a_wrong_code_changes_nothing(ctx, world, typed, message):
    _codes(world)
    with pytest.raises(residency.VerificationError, match=message):
        residency.redeem_code(world["resident"], typed)
    assert world["resident"].residency_verified_at is None


def test_an_expired_code_is_refused(ctx, world):
    batch, codes = _codes(world, 1)
    batch.expires_at = batch.created_at - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(residency.VerificationError, match="expired"):
        residency.redeem_code(world["resident"], codes[0])
    assert db.session.scalar(select(LetterCode.used_at)) is None


def test_a_code_for_another_municipality_is_refused(ctx, world):
    _batch, codes = _codes(world, 1)
    stranger = UserFactory(home_municipality=world["there"])
    with pytest.raises(residency.VerificationError, match="Libchavy"):
        residency.redeem_code(stranger, codes[0])


def test_codes_expire_after_the_configured_days(ctx, app, world):
    app.config["VERIFICATION_CODE_DAYS"] = 10
    batch, _codes_ = _codes(world, 1)
    assert (batch.expires_at - batch.created_at).days in (9, 10)


def test_a_batch_for_a_locality_of_another_municipality_is_refused(ctx, world):
    from participation.localities.models import Locality

    elsewhere = Locality(municipality_id=world["there"].id, name="Lhota", search_name="lhota")
    db.session.add(elsewhere)
    db.session.commit()
    with pytest.raises(residency.VerificationError):
        _codes(world, 1, locality=elsewhere)
    assert db.session.scalar(select(func.count(LetterBatch.id))) == 0


def test_moving_home_removes_the_verification(ctx, world):
    _batch, codes = _codes(world, 1)
    resident = world["resident"]
    residency.redeem_code(resident, codes[0])
    account_services.update_profile(resident, resident.display_name, world["here"].id, "cs")
    assert resident.residency_verified_at is not None
    account_services.update_profile(resident, resident.display_name, world["there"].id, "cs")
    assert resident.residency_verified_at is None
    assert residency.latest_verification(resident) is None


# --- The resident's page -----------------------------------------------------------------------------


def test_the_resident_page_explains_the_three_ways(client, login, world):
    login(world["resident"])
    page = client.get("/overeni-bydliste").get_data(as_text=True)
    assert "not verified yet" in page or "ještě není ověřeno" in page
    for anchor in ('id="letter-heading"', 'id="office-heading"', 'id="register-heading"'):
        assert anchor in page


def test_a_visitor_is_sent_to_sign_in(client, world):
    assert client.get("/overeni-bydliste").status_code in (302, 401)
    assert client.post("/overeni-bydliste/kod", data={"letter-code": "X"}).status_code in (302, 401)


def test_entering_a_code_through_the_page(client, login, world):
    _batch, codes = _codes(world, 1)
    login(world["resident"])
    wrong = client.post("/overeni-bydliste/kod", data={"letter-code": "ZZZZ-ZZZZ-ZZZZ"})
    body = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "ZZZZ-ZZZZ-ZZZZ" in body and 'id="letter-code-error"' in body
    right = client.post("/overeni-bydliste/kod", data={"letter-code": codes[0]})
    assert right.status_code in (302, 303)
    assert 'id="residency-status"' in client.get("/overeni-bydliste").get_data(as_text=True)
    assert world["resident"].residency_verified_at is not None


def test_code_entry_is_rate_limited(limited_app, world):
    token = sign_in_token(world["resident"])
    browser = limited_app(RATELIMIT_VERIFICATION="3 per hour").test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    codes = [browser.post("/overeni-bydliste/kod", data={"letter-code": "ZZZZ-ZZZZ-ZZZZ"}).status_code
             for _ in range(4)]
    register = browser.post("/overeni-bydliste/registr", data={"register-name": "A"}).status_code
    assert codes == [422, 422, 422, 429] and register == 429


# --- The office -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_may_make_letters(client, login, world, role):
    login(ROLES[role](world))
    page = client.get("/obce/580376/overeni-bydliste/dopisy")
    made = client.post("/obce/580376/overeni-bydliste/dopisy", data={"size": 2, "locality": 0, "output": "html"})
    if role in OFFICE:
        assert page.status_code == 200 and made.status_code == 200
        assert made.get_data(as_text=True).count('class="letter"') == 2
        assert db.session.scalar(select(func.count(LetterCode.id))) == 2
    else:
        assert page.status_code == 403 and made.status_code == 403
        assert db.session.scalar(select(func.count(LetterCode.id))) == 0


@pytest.mark.parametrize("size", ["0", "501", "many"])
def test_a_bad_batch_size_is_refused_next_to_the_field(client, login, world, size):
    login(world["moderator"])
    response = client.post("/obce/580376/overeni-bydliste/dopisy", data={"size": size, "locality": 0,
                                                                       "output": "pdf"})
    assert response.status_code == 422 and 'id="size-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LetterBatch.id))) == 0


def test_an_unknown_municipality_is_404(client, login, world):
    login(world["moderator"])
    assert client.get("/obce/999999/overeni-bydliste").status_code == 404


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_may_verify_in_person(client, login, world, role):
    login(ROLES[role](world))
    resident = world["resident"]
    response = client.post("/obce/580376/overeni-bydliste/osobne",
                           data={"email": resident.email, "document_kind": "id_card"})
    if role in OFFICE:
        assert response.status_code in (302, 303)
        verification = db.session.scalar(select(ResidencyVerification))
        assert verification.document_kind == DocumentKind.ID_CARD and verification.method == "in_person"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "residency.in_person"))
        assert entry.target_user_id == resident.id and entry.details == {"document_kind": "id_card"}
    else:
        assert response.status_code == 403
        assert resident.residency_verified_at is None


def test_in_person_refuses_a_resident_of_another_municipality_and_keeps_what_was_typed(client, login, world):
    stranger = UserFactory(home_municipality=world["there"], email="jinde@example.cz")
    login(world["moderator"])
    response = client.post("/obce/580376/overeni-bydliste/osobne",
                           data={"email": "jinde@example.cz", "document_kind": "passport"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="email-error"' in body and 'value="jinde@example.cz"' in body
    assert stranger.residency_verified_at is None
    unknown = client.post("/obce/580376/overeni-bydliste/osobne",
                          data={"email": "nikdo@example.cz", "document_kind": "passport"})
    assert unknown.status_code == 422
    half = client.post("/obce/580376/overeni-bydliste/osobne",
                       data={"email": world["resident"].email, "document_kind": "passport", "name": "Jana Nová"})
    assert half.status_code == 422 and 'id="born_on-error"' in half.get_data(as_text=True)


def test_the_office_page_lists_verifications(client, login, world, count_queries):
    for _ in range(3):
        residency.verify_in_person(world["moderator"], UserFactory(home_municipality=world["here"]),
                                   DocumentKind.PASSPORT)
    login(world["moderator"])
    with count_queries() as queries:
        page = client.get("/obce/580376/overeni-bydliste")
    assert page.status_code == 200 and 'id="verified-count">3<' in page.get_data(as_text=True)
    assert queries["n"] <= 12


# --- The register -----------------------------------------------------------------------------------

GOOD_CSV = ("name;date_of_birth;address\n"
            "Jiří Dvořák;31.1.1980;Libchavy 12\n"
            "Marie Svobodová;1975-06-02;Libchavy 40\n").encode()


def _upload(client, data: bytes):
    import io

    return client.post("/obce/580376/overeni-bydliste/registr",
                       data={"file": (io.BytesIO(data), "register.csv")}, content_type="multipart/form-data")


def test_the_register_is_kept_only_as_keyed_hashes_and_residents_match_it(client, login, world):
    login(world["moderator"])
    assert _upload(client, GOOD_CSV).status_code in (302, 303)
    keys = db.session.scalars(select(RegisterEntry.row_key)).all()
    assert len(keys) == 2 and all(len(k) == 64 and "Dvořák" not in k for k in keys)
    resident = world["resident"]
    with client.application.test_request_context("/", headers={"Accept-Language": "en"}):
        with pytest.raises(residency.VerificationError, match="did not find|nenašli"):
            residency.match_register(resident, "Jiří Dvořák", date(1980, 1, 2))
        verification = residency.match_register(resident, "  jiri  DVORAK ", date(1980, 1, 31))
    assert verification.method == VerificationMethod.REGISTER and verification.verified_by_id == world["moderator"].id
    assert resident.residency_verified_at is not None


@pytest.mark.parametrize("data, named", [
    (b"name;date_of_birth;address\nJana;31.1.1980;Libchavy 1\nPetr;1980-13-45;Libchavy 2\n", "Line 3"),
    (b"name;date_of_birth;address\n;31.1.1980;Libchavy 1\n", "Line 2"),
    (b"name;date_of_birth;address\nJana;31.1.1980;\n", "Line 2"),
    (b"name;born\nJana;31.1.1980\n", "Line 1"),
    (b"\xff\xfe", "Line 1"),
    (b"", "Line 1"),
])
def test_a_register_with_a_bad_row_saves_nothing_and_names_the_row(client, login, world, data, named):
    login(world["moderator"])
    _upload(client, GOOD_CSV)
    response = _upload(client, data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and named in body.replace("Řádek", "Line")
    assert db.session.scalar(select(func.count(RegisterEntry.id))) == 2  # the previous register stays


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_may_upload_the_register(client, login, world, role):
    login(ROLES[role](world))
    response = _upload(client, GOOD_CSV)
    count = db.session.scalar(select(func.count(RegisterEntry.id)))
    if role in OFFICE:
        assert response.status_code in (302, 303) and count == 2
    else:
        assert response.status_code == 403 and count == 0


def test_matching_the_register_through_the_page_keeps_what_was_typed(client, login, world):
    login(world["moderator"])
    _upload(client, GOOD_CSV)
    login(world["resident"])
    miss = client.post("/overeni-bydliste/registr", data={"register-name": "Jiří Dvořák",
                                                           "register-born_on": "1.1.1990"})
    assert miss.status_code == 422 and 'value="Jiří Dvořák"' in miss.get_data(as_text=True)
    bad_date = client.post("/overeni-bydliste/registr", data={"register-name": "Jiří Dvořák",
                                                               "register-born_on": "loni"})
    assert bad_date.status_code == 422 and 'id="register-born_on-error"' in bad_date.get_data(as_text=True)
    hit = client.post("/overeni-bydliste/registr", data={"register-name": "Jiří Dvořák",
                                                          "register-born_on": "31.1.1980"})
    assert hit.status_code in (302, 303) and world["resident"].residency_verified_at is not None


def test_the_audit_log_names_verifications_in_words(client, login, world):
    from participation.audit.queries import action_label

    with client.application.test_request_context("/", headers={"Accept-Language": "en"}):
        residency.verify_in_person(world["moderator"], world["resident"], DocumentKind.PASSPORT)
        assert action_label("residency.in_person") == "Residency verified in person"
    login(administrator(locale="en"))
    page = client.get("/sprava/audit").get_data(as_text=True)
    assert "Residency verified in person" in page and world["resident"].display_name in page
