"""Static files: fingerprinted names, compressed twins, a year-long cache; plain names without a build."""

import brotli
import pytest

from config import TestConfig
from participation import ROOT_DIR, create_app
from participation.common import static_files

IMMUTABLE = "max-age=315360000, public, immutable"


@pytest.fixture
def built_app(app, database_url, tmp_path):
    """A second app whose instance folder holds a fresh `flask static build` of static/."""

    class BuiltConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = str(tmp_path / "instance")

    build_dir = tmp_path / "instance" / "static-build"
    static_files.build(ROOT_DIR / "static", build_dir)
    return create_app(BuiltConfig)


def test_build_writes_fingerprinted_and_compressed_copies(tmp_path):
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: black; }\n" * 50)
    manifest = static_files.build(source, tmp_path / "build")
    name = manifest["css/site.css"]
    assert static_files.FINGERPRINTED.search(name) and name.startswith("css/site.")
    for suffix in ("", ".br", ".gz"):
        assert (tmp_path / "build" / (name + suffix)).is_file()
        assert (tmp_path / "build" / ("css/site.css" + suffix)).is_file()
    assert static_files.read_manifest(tmp_path / "build") == manifest


def test_a_changed_file_gets_a_new_name_and_the_old_build_is_replaced(tmp_path):
    source = tmp_path / "static"
    source.mkdir()
    (source / "app.js").write_text("console.log(1);")
    first = static_files.build(source, tmp_path / "build")["app.js"]
    (source / "app.js").write_text("console.log(2);")
    second = static_files.build(source, tmp_path / "build")["app.js"]
    assert first != second
    assert (tmp_path / "build" / second).is_file() and not (tmp_path / "build" / first).exists()
    assert static_files.build(source, tmp_path / "build")["app.js"] == second  # same content, same name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "static"]  # nothing left beside it


def test_pages_name_fingerprinted_files_when_built(built_app):
    html = built_app.test_client().get("/").get_data(as_text=True)
    manifest = built_app.extensions["spolu_static_manifest"]
    for plain in ("css/spolu.css", "js/htmx.min.js", "img/favicon.ico"):
        assert f'"/static/{manifest[plain]}"' in html
        assert f'"/static/{plain}"' not in html


def test_pages_name_plain_files_without_a_build(client):
    html = client.get("/").get_data(as_text=True)
    assert '"/static/css/spolu.css"' in html
    assert '"/static/js/htmx.min.js"' in html


def test_fingerprinted_file_is_immutable_and_compressed(built_app):
    client = built_app.test_client()
    name = built_app.extensions["spolu_static_manifest"]["js/htmx.min.js"]
    plain = (ROOT_DIR / "static" / "js" / "htmx.min.js").read_bytes()

    response = client.get(f"/static/{name}", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert brotli.decompress(response.data) == plain

    gzipped = client.get(f"/static/{name}", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert len(gzipped.data) < len(plain) / 2

    identity = client.get(f"/static/{name}")
    assert "Content-Encoding" not in identity.headers and identity.data == plain


def test_plain_names_have_a_short_cache(built_app, client):
    for test_client in (built_app.test_client(), client):
        response = test_client.get("/static/css/spolu.css")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "max-age=60, public"


def test_missing_files_are_404(built_app, client):
    for test_client in (built_app.test_client(), client):
        assert test_client.get("/static/css/no-such.css").status_code == 404
        assert test_client.get("/static/css/spolu.0123456789ab.css").status_code == 404
        assert test_client.get("/static/../config.py").status_code == 404
    assert built_app.test_client().get("/static/manifest.json").status_code == 404
