"""Documents and the storage behind them: good files, and each kind of bad one."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from participation.agreements.models import AgreementDocument, AgreementStatus
from participation.audit.models import AuditEntry
from participation.common import storage
from participation.extensions import db
from tests.agreements.factories import AgreementFactory
from tests.agreements.helpers import EXECUTABLE_BYTES, PDF_BYTES, image_bomb_bytes, png_bytes, upload
from tests.factories import MunicipalityFactory, moderator_of


@pytest.fixture
def setup(app, client, login):
    municipality = MunicipalityFactory()
    agreement = AgreementFactory(municipalities=[municipality])
    moderator = moderator_of(municipality, locale="en")
    login(moderator)
    return {"agreement": agreement, "moderator": moderator, "municipality": municipality}


def _stored_files(app) -> list[Path]:
    root = Path(app.instance_path) / "uploads"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post(client, agreement, **data):
    return client.post(f"/dohody/{agreement.id}/dokumenty", data=data, content_type="multipart/form-data")


def test_pdf_upload_is_stored_under_a_generated_name_and_served_safely(app, client, setup):
    before = len(_stored_files(app))
    response = _post(client, setup["agreement"], title="Podepsané memorandum",
                     file=upload(PDF_BYTES, "Memorandum č. 1.pdf"))
    assert response.status_code == 303
    document = db.session.scalar(select(AgreementDocument))
    assert document.storage_key.startswith("agreements/") and "Memorandum" not in document.storage_key
    assert document.file_name == "Memorandum č. 1.pdf"
    assert len(_stored_files(app)) == before + 1
    served = client.get(f"/dohody/{setup['agreement'].id}/dokumenty/{document.id}")
    assert served.status_code == 200
    assert served.data == PDF_BYTES
    assert served.headers["Content-Type"] == "application/pdf"
    disposition = served.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Memorandum%20%C4%8D.%201.pdf" in disposition
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agreement.document_add"))


def test_link_document(client, setup):
    response = _post(client, setup["agreement"], title="Registr smluv", url="https://smlouvy.gov.cz/smlouva/1")
    assert response.status_code == 303
    assert db.session.scalar(select(AgreementDocument.url)) == "https://smlouvy.gov.cz/smlouva/1"


@pytest.mark.parametrize("data, name, message", [
    (EXECUTABLE_BYTES, "smlouva.pdf", "not a PDF"),
    (b"<html><script>alert(1)</script></html>", "smlouva.pdf", "not a PDF"),
    (PDF_BYTES, "../../etc/passwd.pdf", "folder path"),
    (b"", "prazdny.pdf", "empty"),
])
def test_bad_pdf_is_refused_next_to_the_field(app, client, setup, data, name, message):
    before = len(_stored_files(app))
    client.set_cookie("lang", "en")
    response = _post(client, setup["agreement"], title="Smlouva", file=upload(data, name))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html and message in html
    assert db.session.scalar(select(func.count(AgreementDocument.id))) == 0
    assert len(_stored_files(app)) == before


def test_too_large_pdf_is_refused(app, client, setup):
    app.config["UPLOAD_MAX_PDF_BYTES"] = 1024
    try:
        response = _post(client, setup["agreement"], title="Velká", file=upload(PDF_BYTES + b"0" * 2048, "a.pdf"))
    finally:
        app.config.pop("UPLOAD_MAX_PDF_BYTES")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(AgreementDocument.id))) == 0


def test_neither_or_both_file_and_link_is_refused(client, setup):
    assert _post(client, setup["agreement"], title="Nic").status_code == 422
    response = _post(client, setup["agreement"], title="Obojí", url="https://example.cz/a",
                     file=upload(PDF_BYTES, "a.pdf"))
    assert response.status_code == 422
    assert _post(client, setup["agreement"], title="Skript", url="javascript:alert(1)").status_code == 422
    assert db.session.scalar(select(func.count(AgreementDocument.id))) == 0


def test_remove_document_deletes_file(app, client, setup):
    _post(client, setup["agreement"], title="Smlouva", file=upload(PDF_BYTES, "a.pdf"))
    document = db.session.scalar(select(AgreementDocument))
    path = Path(app.instance_path) / "uploads" / document.storage_key
    assert path.exists()
    response = client.post(f"/dohody/{setup['agreement'].id}/dokumenty/{document.id}/smazat")
    assert response.status_code == 303
    assert not path.exists()
    assert db.session.scalar(select(func.count(AgreementDocument.id))) == 0


def test_documents_of_a_draft_are_hidden_from_the_public(app, client, setup):
    draft = AgreementFactory(status=AgreementStatus.DRAFT, municipalities=[setup["municipality"]])
    _post(client, draft, title="Koncept", file=upload(PDF_BYTES, "a.pdf"))
    document = db.session.scalar(select(AgreementDocument))
    anonymous = app.test_client()
    assert anonymous.get(f"/dohody/{draft.id}/dokumenty/{document.id}").status_code == 404
    assert client.get(f"/dohody/{draft.id}/dokumenty/{document.id}").status_code == 200


def test_outsider_cannot_add_documents(app, client, login, setup):
    login(moderator_of(MunicipalityFactory()))
    assert _post(client, setup["agreement"], title="Cizí", url="https://example.cz").status_code == 403


# ----- the storage interface itself -----

def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def test_image_is_decoded_and_reencoded_without_metadata(app):
    with app.test_request_context():
        stored = storage.store_image(_file(png_bytes((3000, 1500)), "foto.png"), "projects")
        assert stored.content_type == "image/png" and stored.key.endswith(".png")
        from PIL import Image

        image = Image.open(io.BytesIO(storage.backend().read(stored.key)))
        assert max(image.size) == storage.IMAGE_MAX_SIDE
        storage.delete(stored.key)


@pytest.mark.parametrize("data, name", [
    (image_bomb_bytes(), "bomba.png"),
    (EXECUTABLE_BYTES, "foto.jpg"),
    (PDF_BYTES, "foto.png"),
    (png_bytes()[:60], "useknuta.png"),
])
def test_bad_images_are_refused(app, data, name):
    with app.test_request_context():
        with pytest.raises(storage.UploadRefused):
            storage.store_image(_file(data, name), "projects")


def test_keys_are_never_paths(app):
    with app.test_request_context():
        from werkzeug.exceptions import NotFound

        for key in ("../config.py", "agreements/../../x.pdf", "/etc/passwd", "agreements/ABC.pdf"):
            with pytest.raises(NotFound):
                storage.backend().read(key)
