"""The one place uploads go through: check, name, keep and serve files.

Callers hand over a Werkzeug FileStorage and get back a StoredFile (a key,
the checked content type, the size and a display name); they keep those in
their own table and later ask for a response that serves the file. Where the
bytes live is the backend's business: a folder in the instance directory by
default, or an S3-compatible bucket (STORAGE_BACKEND=s3). A backend
implements the three methods of `Backend` and is chosen with the
STORAGE_BACKEND setting, without touching callers.

The name a user's browser sends is never used as a path: files are stored
under generated keys, and the name is kept only to be shown and offered as
the download name.
"""

import io
import re
import secrets
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote as url_quote

from flask import Response, current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound
from werkzeug.http import dump_options_header

PDF_CONTENT_TYPE = "application/pdf"
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
# Longest side after re-encoding: enough for a timeline, light on a rural connection.
IMAGE_MAX_SIDE = 1600
KEY_PATTERN = re.compile(r"^[a-z]{1,20}/[0-9a-f]{32}\.(pdf|jpg|png|webp|json|zip)$")


class UploadRefused(ValueError):
    """A file that may not be stored; the message is shown next to the field."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class StoredFile:
    key: str
    content_type: str
    size: int
    display_name: str


class Backend(Protocol):
    def write(self, key: str, data: bytes) -> None: ...
    def read(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class FolderBackend:
    """Files in a folder on disk (by default `<instance>/uploads`)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not KEY_PATTERN.match(key):
            raise NotFound()
        return self.root / key

    def write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)

    def read(self, key: str) -> bytes:
        path = self._path(key)
        if not path.is_file():
            raise NotFound()
        return path.read_bytes()

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except NotFound:
            pass


class ObjectStorageBackend:
    """Files in an S3-compatible bucket, so that several app servers need no shared disk.

    Works with any S3 API (a cloud provider's object storage, MinIO, Ceph);
    the bucket stays private: files are served through Spolu, which checks
    who may see them, never by a public bucket address.
    """

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket, self.prefix = client, bucket, prefix

    @classmethod
    def from_config(cls, config) -> "ObjectStorageBackend":
        import boto3
        from botocore.config import Config as ClientConfig

        if not config.get("STORAGE_S3_BUCKET"):
            raise RuntimeError("STORAGE_BACKEND is s3 but STORAGE_S3_BUCKET is not set.")
        timeout = config.get("STORAGE_S3_TIMEOUT") or 10
        client = boto3.client(
            "s3",
            endpoint_url=config.get("STORAGE_S3_ENDPOINT_URL") or None,
            region_name=config.get("STORAGE_S3_REGION") or None,
            aws_access_key_id=config.get("STORAGE_S3_ACCESS_KEY_ID") or None,
            aws_secret_access_key=config.get("STORAGE_S3_SECRET_ACCESS_KEY") or None,
            config=ClientConfig(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 2},
                                s3={"addressing_style": "path"} if config.get("STORAGE_S3_PATH_STYLE") else {}),
        )
        return cls(client, config["STORAGE_S3_BUCKET"], config.get("STORAGE_S3_PREFIX") or "")

    def _name(self, key: str) -> str:
        if not KEY_PATTERN.match(key):
            raise NotFound()
        return self.prefix + key

    def write(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)

    def read(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            stored = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise NotFound() from None
            raise
        return stored["Body"].read()

    def delete(self, key: str) -> None:
        try:
            name = self._name(key)
        except NotFound:
            return
        self.client.delete_object(Bucket=self.bucket, Key=name)  # a missing object is no error in S3


BACKENDS = {
    "folder": lambda app: FolderBackend(app.config.get("UPLOAD_FOLDER") or Path(app.instance_path) / "uploads"),
    "s3": lambda app: ObjectStorageBackend.from_config(app.config),
}


def backend() -> Backend:
    """The configured backend, built once per app."""
    app = current_app._get_current_object()
    store = app.extensions.get("spolu_storage")
    if store is None:
        name = app.config["STORAGE_BACKEND"]
        if name not in BACKENDS:
            raise RuntimeError(f"STORAGE_BACKEND is {name!r}; use one of {', '.join(BACKENDS)}.")
        store = BACKENDS[name](app)
        app.extensions["spolu_storage"] = store
    return store


def display_name(upload: FileStorage, fallback: str) -> str:
    """The sent file name, refused if it carries a path; cleaned for display."""
    raw = upload.filename or ""
    if "/" in raw or "\\" in raw or ".." in raw or "\x00" in raw:
        raise UploadRefused(_l("The file name must not contain a folder path. Rename the file and try again."))
    name = "".join(ch for ch in unicodedata.normalize("NFC", raw) if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".")
    return name[:150] or fallback


def _read_limited(upload: FileStorage, max_bytes: int) -> bytes:
    data = upload.stream.read(max_bytes + 1)
    if not data:
        raise UploadRefused(_l("The file is empty."))
    if len(data) > max_bytes:
        raise UploadRefused(
            _l("The file is too large: at most %(size)s MB.", size=max_bytes // (1024 * 1024))
        )
    return data


def new_key(folder: str, extension: str) -> str:
    """A fresh, unguessable key for a file Spolu writes itself (e.g. a data export)."""
    return _new_key(folder, extension)


def _new_key(folder: str, extension: str) -> str:
    return f"{folder}/{secrets.token_hex(16)}.{extension}"


def check_pdf(upload: FileStorage) -> tuple[bytes, str]:
    """The bytes of a real PDF (it starts with %PDF- and ends with %%EOF), and its display name."""
    name = display_name(upload, "document.pdf")
    max_bytes = current_app.config["UPLOAD_MAX_PDF_BYTES"]
    data = _read_limited(upload, max_bytes)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadRefused(_l("This file is not a PDF document. Upload a PDF file."))
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return data, name


def check_image(upload: FileStorage) -> tuple[bytes, str, str, str]:
    """Decode an image within the pixel limit and re-encode it without metadata.

    Returns (bytes, content type, extension, display name). Re-encoding drops
    EXIF (a phone photo's GPS position) and anything smuggled after the image.
    """
    name = display_name(upload, "image")
    max_bytes = current_app.config["UPLOAD_MAX_IMAGE_BYTES"]
    max_pixels = current_app.config["UPLOAD_MAX_IMAGE_PIXELS"]
    data = _read_limited(upload, max_bytes)
    too_large = UploadRefused(_l("The picture is too large: at most %(megapixels)s megapixels.",
                                 megapixels=max_pixels // 1_000_000))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
            width, height = image.size
            if width * height > max_pixels:
                raise too_large
            image.load()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise UploadRefused(
            _l("This file is not an image we can show. Upload a JPEG, PNG or WebP picture.")) from None
    image_format = image.format or "PNG"
    content_type, extension = IMAGE_FORMATS[image_format]
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = io.BytesIO()
    options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    image.save(output, format=image_format, **options)
    return output.getvalue(), content_type, extension, name


def store_pdf(upload: FileStorage, folder: str) -> StoredFile:
    """Check and keep a PDF; raises UploadRefused with a message for the form."""
    data, name = check_pdf(upload)
    key = _new_key(folder, "pdf")
    backend().write(key, data)
    return StoredFile(key=key, content_type=PDF_CONTENT_TYPE, size=len(data), display_name=name)


def store_image(upload: FileStorage, folder: str) -> StoredFile:
    """Check, clean and keep a picture; raises UploadRefused with a message for the form."""
    data, content_type, extension, name = check_image(upload)
    key = _new_key(folder, extension)
    backend().write(key, data)
    return StoredFile(key=key, content_type=content_type, size=len(data), display_name=name)


def delete(key: str | None) -> None:
    """Forget a stored file (after its row is gone); missing files are fine."""
    if key:
        backend().delete(key)


def serve(key: str, content_type: str, download_name: str, *, inline: bool = False) -> Response:
    """A response with the file, its checked content type and a safe Content-Disposition."""
    data = backend().read(key)
    response = Response(data, content_type=content_type)
    ascii_name = download_name.encode("ascii", "ignore").decode() or key.rsplit("/", 1)[-1]
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', "_", ascii_name)
    response.headers["Content-Disposition"] = dump_options_header(
        "inline" if inline else "attachment",
        {"filename": ascii_name, "filename*": "UTF-8''" + url_quote(download_name, safe="")},
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A served file never runs anything, even if a browser tries to render it.
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
