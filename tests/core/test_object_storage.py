"""Uploads in S3-compatible object storage, against a local S3 server (moto's server mode)."""

import io
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from participation.agreements.models import AgreementDocument
from participation.common import storage
from participation.extensions import db
from tests.agreements.factories import AgreementFactory
from tests.agreements.helpers import PDF_BYTES, png_bytes, upload
from tests.core.tcp_proxy import closed_port
from tests.factories import MunicipalityFactory, moderator_of, sign_in_token

S3_SETTINGS = {"STORAGE_S3_ACCESS_KEY_ID": "spolu-test", "STORAGE_S3_SECRET_ACCESS_KEY": "spolu-test-secret",
               "STORAGE_S3_REGION": "eu-central-1", "STORAGE_S3_PATH_STYLE": True, "STORAGE_S3_TIMEOUT": 5}


@pytest.fixture(scope="module")
def s3_endpoint():
    """A local S3-compatible server on 127.0.0.1, for this module's tests."""
    server_module = pytest.importorskip("moto.server", reason="moto[server] is in requirements-dev.txt")
    port = closed_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_app(make_app, s3_endpoint, tmp_path):
    """An app keeping uploads in a fresh bucket (and an empty instance folder, to see nothing lands on disk)."""
    bucket = f"spolu-{uuid.uuid4().hex[:12]}"
    settings = {**S3_SETTINGS, "STORAGE_BACKEND": "s3", "STORAGE_S3_BUCKET": bucket,
                "STORAGE_S3_ENDPOINT_URL": s3_endpoint, "STORAGE_S3_PREFIX": "spolu/", "INSTANCE_DIR": str(tmp_path)}
    app = make_app(**settings)
    with app.app_context():
        client = storage.backend().client
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    return app, client, bucket


def _objects(client, bucket) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_a_document_is_kept_in_the_bucket_served_from_it_and_removed_with_it(app, s3_app):
    s3, client, bucket = s3_app
    municipality = MunicipalityFactory()
    agreement = AgreementFactory(municipalities=[municipality])
    moderator = moderator_of(municipality)
    browser = s3.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = sign_in_token(moderator)
        session["_fresh"] = True

    response = browser.post(f"/dohody/{agreement.id}/dokumenty", content_type="multipart/form-data",
                            data={"title": "Memorandum", "file": upload(PDF_BYTES, "memorandum.pdf")})
    assert response.status_code == 303
    document = db.session.scalar(select(AgreementDocument))
    assert _objects(client, bucket) == [f"spolu/{document.storage_key}"]
    assert not [p for p in Path(s3.instance_path).rglob("*") if p.is_file() and "uploads" in p.parts]

    served = browser.get(f"/dohody/{agreement.id}/dokumenty/{document.id}")
    assert served.status_code == 200 and served.data == PDF_BYTES
    assert served.headers["Content-Type"] == "application/pdf"

    removed = browser.post(f"/dohody/{agreement.id}/dokumenty/{document.id}/smazat")
    assert removed.status_code == 303
    assert _objects(client, bucket) == []


def test_images_are_cleaned_before_they_reach_the_bucket_and_missing_objects_are_404(app, s3_app):
    s3, client, bucket = s3_app
    with s3.test_request_context():
        stored = storage.store_image(_file(png_bytes(size=(2400, 1200)), "fotka.png"), "projects")
        assert _objects(client, bucket) == [f"spolu/{stored.key}"]
        assert storage.backend().read(stored.key) != png_bytes(size=(2400, 1200))  # re-encoded, 1600 px wide
        storage.delete(stored.key)
        with pytest.raises(storage.NotFound):
            storage.backend().read(stored.key)
        with pytest.raises(storage.NotFound):
            storage.backend().read("../../etc/passwd")


def test_an_unknown_backend_or_a_missing_bucket_is_a_clear_error(app, make_app):
    with make_app(STORAGE_BACKEND="ftp").app_context():
        with pytest.raises(RuntimeError, match="STORAGE_BACKEND"):
            storage.backend()
    with make_app(STORAGE_BACKEND="s3", STORAGE_S3_BUCKET=None).app_context():
        with pytest.raises(RuntimeError, match="STORAGE_S3_BUCKET"):
            storage.backend()


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)
