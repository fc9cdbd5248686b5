"""Static files: fingerprinted, compressed ahead of time, served by WhiteNoise.

`flask static build` copies static/ into STATIC_BUILD_DIR twice over: each
file under its own name and under a name carrying a hash of its content
(`css/spolu.3f2a9c1b2d4e.css`), each with a brotli (.br) and a gzip (.gz)
twin, and writes manifest.json mapping one name to the other. At start the
app reads the manifest; `url_for('static', filename=...)` then gives the
fingerprinted name (one `url_defaults` hook, so templates and Python code
are unchanged), and WhiteNoise answers those names with a year-long
immutable cache and the compressed twin the browser accepts. Without a
build (a bare checkout, the tests, `flask --debug run`) the plain files in
static/ are served with a short cache, uncompressed.

Every server builds its own copy from the same static/, so the names agree
across servers without anything shared between them.
"""

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

MANIFEST = "manifest.json"
HASH_LENGTH = 12
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[^./]+$")


def fingerprinted_name(relative: str, content: bytes) -> str:
    """`css/spolu.css` -> `css/spolu.<first 12 hex digits of its SHA-256>.css`."""
    stem, dot, suffix = relative.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{relative}.{digest}"


def build(source: Path, target: Path) -> dict[str, str]:
    """Write the fingerprinted and compressed copy of source into target; return the manifest.

    The copy is written beside target and swapped in whole, so a server
    starting meanwhile reads either the old build or the new one.
    """
    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(f"{target.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    manifest: dict[str, str] = {}
    compressor = Compressor(quiet=True)
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")):
        relative = path.relative_to(source).as_posix()
        content = path.read_bytes()
        manifest[relative] = fingerprinted_name(relative, content)
        for name in (relative, manifest[relative]):
            copy = fresh / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(content)
            if compressor.should_compress(name):
                compressor.compress(str(copy))
    fresh.mkdir(parents=True, exist_ok=True)
    (fresh / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    retired = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(retired)
    fresh.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return manifest


def read_manifest(build_dir: Path) -> dict[str, str] | None:
    """The build's manifest, or None when there is no build."""
    try:
        return json.loads((Path(build_dir) / MANIFEST).read_text())
    except FileNotFoundError:
        return None


def init_app(app: Flask) -> None:
    """Serve static files through WhiteNoise, from the build when there is one."""
    app.config["STATIC_BUILD_DIR"] = app.config.get("STATIC_BUILD_DIR") or str(Path(app.instance_path) / "static-build")
    build_dir = Path(app.config["STATIC_BUILD_DIR"])
    # `flask --debug run`: edits to static/ show at once; the build would hold old copies.
    manifest = None if app.debug else read_manifest(build_dir)
    app.extensions["spolu_static_manifest"] = manifest or {}
    whitenoise = WhiteNoise(
        app.wsgi_app,
        root=str(build_dir) if manifest else app.static_folder,
        prefix=app.static_url_path,
        max_age=app.config["STATIC_MAX_AGE"],
        autorefresh=app.debug,
        immutable_file_test=lambda path, url: bool(FINGERPRINTED.search(url)),
        add_headers_function=_add_headers,
    )
    if manifest:
        whitenoise.files.pop(f"{app.static_url_path}/{MANIFEST}", None)
    app.wsgi_app = whitenoise

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        """`url_for('static', filename='css/spolu.css')` names the built copy (Flask lets this hook rewrite values)."""
        if endpoint == "static" and "filename" in values:
            values["filename"] = app.extensions["spolu_static_manifest"].get(values["filename"], values["filename"])


def _add_headers(headers, path: str, url: str) -> None:
    # WhiteNoise answers before Flask runs, so the site-wide headers in web.py never see these responses.
    headers["X-Content-Type-Options"] = "nosniff"
