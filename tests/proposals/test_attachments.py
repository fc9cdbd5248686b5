"""Photos and a PDF on a proposal: cleaned, limited, refused with a message, served only to who may see."""

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.media_models import ProposalDocument, ProposalPhoto
from participation.proposals.models import Proposal, ProposalStatus
from tests.agreements.helpers import EXECUTABLE_BYTES, PDF_BYTES, image_bomb_bytes, png_bytes, upload
from tests.factories import MunicipalityFactory, UserFactory, moderator_of

from .factories import DraftFactory, ProposalFactory

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


def phone_photo(size=(64, 32), orientation=6) -> bytes:
    """A JPEG as a phone sends it: GPS position, camera make and an orientation tag (6: turn 90° clockwise)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Telefon Výrobce"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (49.0, 53.0, 10.0), 3: "E", 4: (16.0, 19.0, 5.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"secret note")
    return buffer.getvalue()


def _form(chosen, **overrides):
    data = {
        "title": "Zastávka bez přístřešku u školy",
        "body": "Děti čekají na autobus v dešti.",
        "category": "transport",
        "municipalities": [str(m.id) for m in chosen],
        "grouping": "", "latitude": "", "longitude": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def _uploads(app) -> list[Path]:
    root = Path(app.instance_path) / "uploads" / "proposals"
    return sorted(root.glob("*")) if root.exists() else []


@pytest.fixture(autouse=True)
def _no_proposal_files(app):
    """Each test starts with no stored proposal files (the instance folder outlives a test)."""
    for path in _uploads(app):
        path.unlink()


@pytest.fixture
def author(login):
    home = MunicipalityFactory(name="Dolní Ves")
    user = UserFactory(home_municipality=home, locale="en")
    login(user)
    return user


def test_a_photo_sent_with_a_new_proposal_is_stored_cleaned_upright_and_shown(app, client, author):
    response = client.post("/podnety/novy", data=_form(
        [author.home_municipality], photo=upload(phone_photo(), "IMG_0001.jpg"),
        photo_alt="Zastávka u školy bez střechy"), content_type="multipart/form-data")
    assert response.status_code == 303
    photo = db.session.scalars(select(ProposalPhoto)).one()
    assert photo.alt_text == "Zastávka u školy bez střechy"
    # Orientation 6 turned the 64x32 picture upright: now taller than wide.
    assert (photo.width, photo.height) == (32, 64)
    stored = Image.open(Path(app.instance_path) / "uploads" / photo.storage_key)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "comment" not in stored.info and "exif" not in stored.info
    raw = (Path(app.instance_path) / "uploads" / photo.storage_key).read_bytes()
    assert b"Telefon" not in raw and b"secret note" not in raw

    page = client.get(f"/podnety/{photo.proposal_id}").get_data(as_text=True)
    assert 'alt="Zastávka u školy bez střechy"' in page
    assert f"/podnety/{photo.proposal_id}/fotografie/{photo.id}/small.jpg" in page
    assert " 32w" in page and 'width="32" height="64"' in page
    served = client.get(f"/podnety/{photo.proposal_id}/fotografie/{photo.id}/full.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("data,name,message", [
    (SVG, "kresba.svg", "SVG"),
    (EXECUTABLE_BYTES, "foto.jpg", "not a photo we can show"),
    (b"GIF89a" + b"\x00" * 40, "foto.gif", "not a photo we can show"),
    (image_bomb_bytes(), "bomba.png", "too many pixels"),
])
def test_a_refused_photo_stores_nothing_and_keeps_the_text(app, client, author, data, name, message):
    response = client.post("/podnety/novy", data=_form(
        [author.home_municipality], title="Můj pečlivě napsaný titulek", photo=upload(data, name), photo_alt="Popis"),
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'id="photo-error"' in html
    assert 'value="Můj pečlivě napsaný titulek"' in html
    assert db.session.scalar(select(func.count(Proposal.id))) == 0
    assert db.session.scalar(select(func.count(ProposalPhoto.id))) == 0
    assert _uploads(app) == []


def test_pixel_and_byte_limits_are_settings(app, client, author):
    app.config["UPLOAD_MAX_IMAGE_PIXELS"] = 1000
    response = client.post("/podnety/novy", data=_form(
        [author.home_municipality], photo=upload(png_bytes((50, 50)), "a.png"), photo_alt="Popis"),
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 422 and "too many pixels" in response.get_data(as_text=True)
    app.config["UPLOAD_MAX_IMAGE_PIXELS"] = 40_000_000
    app.config["UPLOAD_MAX_IMAGE_BYTES"] = 100
    response = client.post("/podnety/novy", data=_form(
        [author.home_municipality], photo=upload(png_bytes((50, 50)), "a.png"), photo_alt="Popis"),
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 422 and "too large" in response.get_data(as_text=True)
    assert _uploads(app) == []


def test_a_photo_needs_a_description(client, author):
    response = client.post("/podnety/novy", data=_form(
        [author.home_municipality], photo=upload(png_bytes(), "a.png"), photo_alt=" "),
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "Say what the photo shows." in response.get_data(as_text=True)


def test_a_pdf_is_checked_by_its_signature(app, client, author):
    response = client.post("/podnety/novy", data=_form(
        [author.home_municipality], document=upload(b"%PDF-1.4 but no end", "mapa.pdf")),
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "not a PDF" in response.get_data(as_text=True)
    assert _uploads(app) == []
    response = client.post("/podnety/novy", data=_form(
        [author.home_municipality], document=upload(PDF_BYTES, "mapa.pdf")), content_type="multipart/form-data")
    assert response.status_code == 303
    document = db.session.scalars(select(ProposalDocument)).one()
    served = client.get(f"/podnety/{document.proposal_id}/dokument.pdf")
    assert served.status_code == 200 and served.data == PDF_BYTES
    assert "attachment" in served.headers["Content-Disposition"]


def test_the_number_of_photos_is_limited(app, client, author):
    app.config["PROPOSAL_MAX_PHOTOS"] = 2
    draft = DraftFactory(author=author, municipalities=[author.home_municipality])
    for number in range(2):
        response = client.post(f"/podnety/{draft.id}/prilohy", data={
            "photo": upload(png_bytes(), f"{number}.png"), "photo_alt": f"Fotka {number}"},
            content_type="multipart/form-data")
        assert response.status_code == 303
    response = client.post(f"/podnety/{draft.id}/prilohy", data={
        "photo": upload(png_bytes(), "3.png"), "photo_alt": "Třetí"},
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "at most 2 photos" in html and 'value="Třetí"' in html
    assert db.session.scalar(select(func.count(ProposalPhoto.id))) == 2
    app.config["PROPOSAL_MAX_PHOTOS"] = 4


def test_the_author_removes_a_photo_from_a_draft_and_its_files_go(app, client, author):
    draft = DraftFactory(author=author, municipalities=[author.home_municipality])
    client.post(f"/podnety/{draft.id}/prilohy", data={
        "photo": upload(png_bytes(), "a.png"), "photo_alt": "Fotka"}, content_type="multipart/form-data")
    photo = db.session.scalars(select(ProposalPhoto)).one()
    assert len(_uploads(app)) == 2  # the page's size and the thumbnail
    response = client.post(f"/podnety/{draft.id}/fotografie/{photo.id}/odebrat", data={"from": "edit"})
    assert response.status_code == 303 and response.location.endswith(f"/podnety/{draft.id}/upravit")
    assert db.session.scalar(select(func.count(ProposalPhoto.id))) == 0
    assert _uploads(app) == []
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0  # the author's own draft: no audit


def test_after_publication_the_author_cannot_add_or_remove_but_a_moderator_can_with_audit(app, client, login):
    town = MunicipalityFactory()
    author = UserFactory(home_municipality=town)
    proposal = ProposalFactory(author=author, municipalities=[town])
    login(author)
    refused = client.post(f"/podnety/{proposal.id}/prilohy", data={
        "photo": upload(png_bytes(), "a.png"), "photo_alt": "Fotka"}, content_type="multipart/form-data")
    assert refused.status_code == 403
    moderator = moderator_of(town)
    login(moderator)
    client.post(f"/podnety/{proposal.id}/prilohy", data={
        "photo": upload(png_bytes(), "a.png"), "photo_alt": "Fotka z úřadu"}, content_type="multipart/form-data")
    photo = db.session.scalars(select(ProposalPhoto)).one()
    login(author)
    assert client.post(f"/podnety/{proposal.id}/fotografie/{photo.id}/odebrat").status_code == 403
    login(moderator)
    response = client.post(f"/podnety/{proposal.id}/fotografie/{photo.id}/odebrat", data={"reason": "Osobní údaje"})
    assert response.status_code == 303
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["proposal.attachment_add", "proposal.photo_remove"]
    assert db.session.scalars(select(AuditEntry.reason).order_by(AuditEntry.id.desc())).first() == "Osobní údaje"


def test_a_hidden_or_draft_proposal_s_files_are_not_served_to_visitors(app, client, login):
    town = MunicipalityFactory()
    author = UserFactory(home_municipality=town)
    draft = DraftFactory(author=author, municipalities=[town])
    login(author)
    client.post(f"/podnety/{draft.id}/prilohy", data={
        "photo": upload(png_bytes(), "a.png"), "photo_alt": "Fotka", "document": upload(PDF_BYTES, "a.pdf")},
        content_type="multipart/form-data")
    photo = db.session.scalars(select(ProposalPhoto)).one()
    urls = [f"/podnety/{draft.id}/fotografie/{photo.id}/small.jpg", f"/podnety/{draft.id}/dokument.pdf"]
    assert [client.get(url).status_code for url in urls] == [200, 200]
    visitor = client.application.test_client()
    assert [visitor.get(url).status_code for url in urls] == [404, 404]
    draft.status, draft.published_at = ProposalStatus.PUBLISHED, utcnow()
    db.session.commit()
    assert [visitor.get(url).status_code for url in urls] == [200, 200]
    draft.hidden_at, draft.hidden_reason = utcnow(), "Spam"
    db.session.commit()
    assert [visitor.get(url).status_code for url in urls] == [404, 404]
    assert [client.get(url).status_code for url in urls] == [200, 200]  # the author still sees them


def test_a_photo_of_another_proposal_is_not_found(client, author):
    draft = DraftFactory(author=author, municipalities=[author.home_municipality])
    other = DraftFactory(author=author, municipalities=[author.home_municipality])
    client.post(f"/podnety/{draft.id}/prilohy", data={
        "photo": upload(png_bytes(), "a.png"), "photo_alt": "Fotka"}, content_type="multipart/form-data")
    photo = db.session.scalars(select(ProposalPhoto)).one()
    assert client.get(f"/podnety/{other.id}/fotografie/{photo.id}/small.jpg").status_code == 404


def test_deleting_a_draft_deletes_its_files(app, client, author):
    draft = DraftFactory(author=author, municipalities=[author.home_municipality])
    client.post(f"/podnety/{draft.id}/prilohy", data={
        "photo": upload(png_bytes(), "a.png"), "photo_alt": "Fotka", "document": upload(PDF_BYTES, "a.pdf")},
        content_type="multipart/form-data")
    assert len(_uploads(app)) == 3
    assert client.post(f"/podnety/{draft.id}/smazat").status_code == 303
    assert _uploads(app) == []


def test_the_list_shows_a_small_photo_on_the_card_in_one_query_for_all_cards(app, client, login, count_queries):
    town = MunicipalityFactory()
    author = UserFactory(home_municipality=town)
    login(author)
    drafts = [DraftFactory(author=author, municipalities=[town]) for _ in range(3)]
    for draft in drafts:
        client.post(f"/podnety/{draft.id}/prilohy", data={
            "photo": upload(png_bytes(), "a.png"), "photo_alt": f"Fotka {draft.id}"},
            content_type="multipart/form-data")
        draft.status, draft.published_at = ProposalStatus.PUBLISHED, utcnow()
    db.session.commit()
    visitor = client.application.test_client()
    with count_queries() as three:
        html = visitor.get("/podnety/").get_data(as_text=True)
    assert all(f'alt="Fotka {draft.id}"' in html for draft in drafts)
    assert html.count('class="proposal-card-photo"') == 3
    for _ in range(3):
        ProposalFactory(municipalities=[town])
    with count_queries() as six:
        visitor.get("/podnety/")
    assert six["n"] == three["n"], "\n".join(six["statements"])


def test_the_refusal_speaks_czech_to_a_czech_resident(app, client, login):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home, locale="cs"))
    response = client.post("/podnety/novy", data=_form([home], photo=upload(SVG, "mapa.svg"), photo_alt="Mapa"),
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Kresby ve formátu SVG přiložit nelze." in response.get_data(as_text=True)


def test_a_large_phone_photo_is_shrunk_to_the_page_size_and_stays_upright(app, client, author):
    draft = DraftFactory(author=author, municipalities=[author.home_municipality])
    response = client.post(f"/podnety/{draft.id}/prilohy", data={
        "photo": upload(phone_photo(size=(3400, 1000)), "IMG_0002.jpg"), "photo_alt": "Náves"},
        content_type="multipart/form-data")
    assert response.status_code == 303
    photo = db.session.scalars(select(ProposalPhoto)).one()
    assert photo.height == 1600 and photo.width < photo.height
    assert max(photo.thumbnail_width, photo.thumbnail_height) == 480
