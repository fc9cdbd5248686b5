"""Photos and a PDF on a proposal: checked and cleaned before anything is stored.

A photo is decoded within the byte and pixel limits (settings), turned
upright by its orientation tag, and re-encoded as a JPEG in two sizes
(the page and a thumbnail), so that nothing of the original file survives:
no EXIF, no GPS position, no comment, nothing appended after the image.
SVG drawings and anything Pillow cannot read as JPEG, PNG or WebP are
refused. The bytes go through participation.common.storage (a folder or an
S3 bucket).

`prepare_*` check and clean in memory and raise storage.UploadRefused with a
message for the form; only then do `attach` and `add_*` write files and
rows, so a refusal stores nothing.
"""

import io
import warnings
from dataclasses import dataclass, field

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from participation.audit import services as audit
from participation.common import storage
from participation.common.storage import UploadRefused
from participation.extensions import db
from participation.proposals.media_models import ProposalDocument, ProposalPhoto
from participation.proposals.models import Proposal

FOLDER = "proposals"
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# The page shows a photo at most about 800 CSS px wide: 1600 covers a sharp phone screen.
FULL_SIDE = 1600
THUMBNAIL_SIDE = 480
JPEG_QUALITY = 82


class AttachmentError(ValueError):
    """A rule (not the file) stopped the change; the message is for the user."""


@dataclass(frozen=True)
class PreparedPhoto:
    full: bytes
    thumbnail: bytes
    size: tuple[int, int]
    thumbnail_size: tuple[int, int]
    alt_text: str


@dataclass(frozen=True)
class PreparedDocument:
    data: bytes
    file_name: str


@dataclass
class Prepared:
    """What a form sent, already checked: at most a photo and a PDF."""

    photos: list[PreparedPhoto] = field(default_factory=list)
    document: PreparedDocument | None = None

    def __bool__(self) -> bool:
        return bool(self.photos or self.document)


# --- Checking and cleaning ----------------------------------------------------------


def max_photos() -> int:
    return int(current_app.config.get("PROPOSAL_MAX_PHOTOS", 4))


def _read(upload: FileStorage, max_bytes: int) -> bytes:
    data = upload.stream.read(max_bytes + 1)
    if not data:
        raise UploadRefused(_l("The file is empty."))
    if len(data) > max_bytes:
        raise UploadRefused(_l("The photo is too large: at most %(size)s MB.", size=max_bytes // (1024 * 1024)))
    return data


def _looks_like_svg(data: bytes, filename: str) -> bool:
    head = data[:512].lstrip().lower()
    return filename.lower().endswith((".svg", ".svgz")) or head.startswith(b"<?xml") or b"<svg" in head


def _decode(data: bytes) -> Image.Image:
    """The decoded image, refused before decoding when its header promises too many pixels."""
    max_pixels = current_app.config["UPLOAD_MAX_IMAGE_PIXELS"]

    def too_large() -> UploadRefused:
        return UploadRefused(_l("The photo has too many pixels: at most %(megapixels)s megapixels.",
                                megapixels=max_pixels // 1_000_000))

    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard (Image.MAX_IMAGE_PIXELS) warns before it errs: treat both as a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
            width, height = image.size
            if width * height > max_pixels:
                raise too_large()
            if image.format == "JPEG" and max(width, height) > 2 * FULL_SIDE:
                # Decode a phone's 12 MP photo at a half or a quarter of its size (DCT scaling): many times faster.
                scale = FULL_SIDE / max(width, height)
                image.draft("RGB", (round(width * scale), round(height * scale)))
            image.load()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise UploadRefused(_l("This file is not a photo we can show. Upload a JPEG, PNG or WebP picture.")) from None
    return image


def _upright_rgb(image: Image.Image) -> Image.Image:
    """Turned as the camera meant it, flattened onto white, as a fresh image with no metadata."""
    try:
        image = ImageOps.exif_transpose(image)
    except (ValueError, OSError, SyntaxError):  # a broken orientation tag: keep the pixels as they are
        pass
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    return clean


def _jpeg(image: Image.Image, side: int) -> tuple[bytes, tuple[int, int]]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    copy.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue(), copy.size


def prepare_photo(upload: FileStorage, alt_text: str) -> PreparedPhoto:
    """Check and re-encode a photo; raises UploadRefused with the message for the field."""
    filename = storage.display_name(upload, "photo")
    data = _read(upload, current_app.config["UPLOAD_MAX_IMAGE_BYTES"])
    if _looks_like_svg(data, filename):
        raise UploadRefused(_l("Drawings in SVG cannot be attached. Upload a photo: JPEG, PNG or WebP."))
    image = _upright_rgb(_decode(data))
    full, full_size = _jpeg(image, FULL_SIDE)
    thumbnail, thumbnail_size = _jpeg(image, THUMBNAIL_SIDE)
    return PreparedPhoto(full, thumbnail, full_size, thumbnail_size, " ".join(alt_text.split())[:300])


def prepare_document(upload: FileStorage) -> PreparedDocument:
    """A real PDF (signature and size checked by storage); raises UploadRefused."""
    data, name = storage.check_pdf(upload)
    return PreparedDocument(data, name[:160])


def check_room(proposal: Proposal | None, adding: int) -> None:
    """Refuse a photo beyond the limit (PROPOSAL_MAX_PHOTOS)."""
    have = 0
    if proposal is not None and proposal.id is not None:
        have = db.session.scalar(
            select(func.count(ProposalPhoto.id)).where(ProposalPhoto.proposal_id == proposal.id)) or 0
    if have + adding > max_photos():
        raise UploadRefused(_l("A proposal can have at most %(num)s photos. Remove one first.", num=max_photos()))


# --- Storing and removing ---------------------------------------------------------


def _municipality_id(proposal: Proposal) -> int | None:
    return proposal.municipalities[0].id if proposal.municipalities else None


def attach(actor, proposal: Proposal, prepared: Prepared) -> None:
    """Store the checked photos and PDF with their rows in one commit; a new PDF replaces the old one.

    The files are written first; if the rows cannot be saved they are deleted
    again. Anyone but the author adding files is audited.
    """
    written: list[str] = []
    replaced_key = None
    actor_id = getattr(actor, "id", None)
    try:
        position = db.session.scalar(
            select(func.coalesce(func.max(ProposalPhoto.position), 0)).where(ProposalPhoto.proposal_id == proposal.id))
        added_photo_ids = []
        for photo in prepared.photos:
            full_key, thumbnail_key = storage.new_key(FOLDER, "jpg"), storage.new_key(FOLDER, "jpg")
            storage.backend().write(full_key, photo.full)
            written.append(full_key)
            storage.backend().write(thumbnail_key, photo.thumbnail)
            written.append(thumbnail_key)
            position += 1
            row = ProposalPhoto(
                proposal_id=proposal.id, uploaded_by_id=actor_id, position=position,
                storage_key=full_key, thumbnail_key=thumbnail_key, content_type="image/jpeg",
                width=photo.size[0], height=photo.size[1],
                thumbnail_width=photo.thumbnail_size[0], thumbnail_height=photo.thumbnail_size[1],
                size=len(photo.full), alt_text=photo.alt_text,
            )
            db.session.add(row)
            db.session.flush()
            added_photo_ids.append(row.id)
        if prepared.document is not None:
            key = storage.new_key(FOLDER, "pdf")
            storage.backend().write(key, prepared.document.data)
            written.append(key)
            values = {"storage_key": key, "file_name": prepared.document.file_name,
                      "size": len(prepared.document.data), "uploaded_by_id": actor_id}
            document = db.session.scalar(select(ProposalDocument).where(ProposalDocument.proposal_id == proposal.id))
            if document is None:
                db.session.add(ProposalDocument(proposal_id=proposal.id, **values))
            else:
                replaced_key = document.storage_key
                for name, value in values.items():
                    setattr(document, name, value)
        if actor_id != proposal.author_id:
            audit.record(actor, "proposal.attachment_add", "proposal", proposal.id,
                         municipality_id=_municipality_id(proposal),
                         details={"photo_ids": added_photo_ids, "document": prepared.document is not None})
        db.session.commit()
    except Exception:
        db.session.rollback()
        for key in written:
            storage.delete(key)
        raise
    storage.delete(replaced_key)
    forget_cached(proposal.id)


def remove_photo(actor, proposal: Proposal, photo: ProposalPhoto, reason: str = "") -> None:
    """Remove a photo; a moderator's removal is audited. The files go once the row is gone."""
    keys = (photo.storage_key, photo.thumbnail_key)
    if getattr(actor, "id", None) != proposal.author_id:
        audit.record(actor, "proposal.photo_remove", "proposal", proposal.id, reason=reason,
                     municipality_id=_municipality_id(proposal),
                     details={"photo_id": photo.id, "alt_text": photo.alt_text})
    db.session.delete(photo)
    db.session.commit()
    for key in keys:
        storage.delete(key)
    forget_cached(proposal.id)


def remove_document(actor, proposal: Proposal, document: ProposalDocument, reason: str = "") -> None:
    """Remove the PDF; a moderator's removal is audited."""
    key = document.storage_key
    if getattr(actor, "id", None) != proposal.author_id:
        audit.record(actor, "proposal.document_remove", "proposal", proposal.id, reason=reason,
                     municipality_id=_municipality_id(proposal),
                     details={"document_id": document.id, "file_name": document.file_name})
    db.session.delete(document)
    db.session.commit()
    storage.delete(key)
    forget_cached(proposal.id)


def stored_keys(proposal_id: int) -> list[str]:
    """Every stored file of a proposal, read before it is deleted (its rows go by cascade)."""
    pairs = db.session.execute(select(ProposalPhoto.storage_key, ProposalPhoto.thumbnail_key)
                               .where(ProposalPhoto.proposal_id == proposal_id)).all()
    documents = db.session.scalars(select(ProposalDocument.storage_key)
                                   .where(ProposalDocument.proposal_id == proposal_id)).all()
    return [key for pair in pairs for key in pair] + list(documents)


def delete_stored(keys: list[str]) -> None:
    """Delete files once the database has forgotten them."""
    for key in keys:
        storage.delete(key)


# --- Reading for pages ----------------------------------------------------------------


@dataclass
class Media:
    photos: list[ProposalPhoto]
    document: ProposalDocument | None


def _cache() -> dict:
    if "_spolu_proposal_media" not in g:
        g._spolu_proposal_media = {"media": {}, "covers": {}}
    return g._spolu_proposal_media


def forget_cached(proposal_id: int) -> None:
    cache = _cache()
    cache["media"].pop(proposal_id, None)
    cache["covers"].pop(proposal_id, None)


def media_of(proposal_id: int) -> Media:
    """A proposal's photos in order and its PDF: two queries, once per request."""
    cache = _cache()["media"]
    if proposal_id not in cache:
        photos = list(db.session.scalars(select(ProposalPhoto).where(ProposalPhoto.proposal_id == proposal_id)
                                         .order_by(ProposalPhoto.position, ProposalPhoto.id)))
        document = db.session.scalar(select(ProposalDocument).where(ProposalDocument.proposal_id == proposal_id))
        cache[proposal_id] = Media(photos, document)
    return cache[proposal_id]


def cover_of(proposal: Proposal) -> ProposalPhoto | None:
    """The first photo of a proposal shown in a list.

    A list's cards are rendered one by one; the first card asks once for the
    covers of every proposal loaded in this request (the page's cards), so a
    list costs one query whatever its length.
    """
    covers = _cache()["covers"]
    if proposal.id not in covers:
        wanted = {proposal.id} | {
            obj.id for obj in list(db.session.identity_map.values())
            if isinstance(obj, Proposal) and obj.id is not None and obj.id not in covers
        }
        covers.update(dict.fromkeys(wanted))
        first = (select(ProposalPhoto.proposal_id, func.min(ProposalPhoto.position).label("position"))
                 .where(ProposalPhoto.proposal_id.in_(wanted)).group_by(ProposalPhoto.proposal_id).subquery())
        for photo in db.session.scalars(select(ProposalPhoto).join(
                first, (first.c.proposal_id == ProposalPhoto.proposal_id) & (first.c.position == ProposalPhoto.position))):
            covers[photo.proposal_id] = photo
    return covers.get(proposal.id)
