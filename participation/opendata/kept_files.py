"""Whole-dataset exports written once per change and then served from this server's disk.

Every proposal as CSV is megabytes at the size of a region, and building it
from the database took seconds on every download (16 downloads a second at
small scale). The first download after a change builds the file while it
streams it, and writes it to EXPORT_FILES_DIR beside; the following downloads
get that file (send_file: ETag, 304, ranges) until a table it read changes.

Which copy is current is decided as for pages (common/page_cache): the SQL
the build runs is recorded, and the entry in the shared cache holds the
versions its tables had before the build's first read, with the file's name.
Each server keeps its own copy, built by its first download after a change
(at most one per process and export, and none older than an entry can live).
Only unfiltered exports are kept (one file per dataset, format and language):
filtered ones are small, and their combinations must not fill the disk.
A download cut short leaves no file and no entry. While one download writes
the file, the others stream theirs as if nothing were kept (at region scale a
build of every proposal takes about half a minute: after a write, a herd of
builds would each take that long).
"""

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from hashlib import blake2b
from pathlib import Path

from flask import Response, current_app, g, send_file, stream_with_context
from flask_babel import get_locale

import participation.common.page_cache.keys as keys
import participation.common.page_cache.storage as storage
from participation.common.page_cache.reads import Recording
from participation.extensions import cache

log = logging.getLogger(__name__)

KEY = "export-file:"
# One download at a time writes a file (the others stream); a build that died frees it after this.
BUILD_SECONDS = 600


def _seconds() -> int:
    return current_app.config.get("PAGE_CACHE_SECONDS") or 600


def folder() -> Path:
    path = Path(current_app.config.get("EXPORT_FILES_DIR") or Path(current_app.instance_path) / "exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _enabled() -> bool:
    return bool(current_app.config.get("FRAGMENT_CACHE_ENABLED", True) and current_app.config.get("EXPORT_FILES_KEPT", True))


def response(name: str, chunks: Callable[[], Iterator[str]], mimetype: str, download_name: str) -> Response:
    """The export `name` (dataset and format): the kept file when current, else built while streamed (and kept)."""
    if not _enabled():
        return Response(stream_with_context(chunks()), mimetype=mimetype)
    stem = blake2b(f"{name}:{get_locale()}".encode(), digest_size=10).hexdigest()
    cache_key = f"{KEY}{current_app.extensions['fragment_release']}:{stem}"
    try:
        entry = storage.valid_entry(cache_key)
        kept = _opened(entry["file"]) if entry is not None else None
        if kept is not None:
            response = send_file(kept, mimetype=mimetype, as_attachment=True, download_name=download_name,
                                 etag=entry["file"], conditional=True, max_age=0)
            if response.status_code == 200:
                response.content_length = os.fstat(kept.fileno()).st_size
            return response
        recording = Recording(key=cache_key, versions=dict(keys.request_versions()))
        building = cache.add(f"{cache_key}:building", 1, timeout=BUILD_SECONDS)
    except Exception:  # noqa: BLE001
        log.warning("cache unreachable: export %s built afresh", name, exc_info=True)
        return Response(stream_with_context(chunks()), mimetype=mimetype)
    if not building:  # another download is writing the file: this one streams, as if nothing were kept
        return Response(stream_with_context(chunks()), mimetype=mimetype)
    return Response(stream_with_context(_built_and_kept(recording, stem, chunks)), mimetype=mimetype)


def _opened(file_name: str):
    """The kept file, open (another process may remove it once it has built a newer one); None if gone."""
    try:
        return open(folder() / file_name, "rb")  # noqa: SIM115  (send_file closes it)
    except FileNotFoundError:
        return None


def _built_and_kept(recording: Recording, stem: str, chunks: Callable[[], Iterator[str]]) -> Iterator[str]:
    """The chunks, written to a new file as they go; the file and its entry kept once all went out."""
    file_name = f"{stem}-{os.getpid()}-{uuid.uuid4().hex}"
    part = folder() / f"{file_name}.part"
    complete = False
    try:
        with open(part, "w", encoding="utf-8", newline="") as out:
            produced = chunks()
            while True:
                _recording(recording)  # again after each pause: what the next rows read is recorded
                chunk = next(produced, None)
                if chunk is None:
                    break
                out.write(chunk)
                yield chunk
        complete = True
    finally:
        if recording in g.get("fragment_recordings", ()):
            g.fragment_recordings.remove(recording)
        if complete:
            _keep(recording, stem, file_name, part)
        else:
            part.unlink(missing_ok=True)
        try:
            cache.delete(f"{recording.key}:building")
        except Exception:  # noqa: BLE001  (the lock runs out by itself)
            pass


def _recording(recording: Recording) -> None:
    recordings = g.setdefault("fragment_recordings", [])
    if recording not in recordings:
        recordings.append(recording)


def _keep(recording: Recording, stem: str, file_name: str, part: Path) -> None:
    """The finished file under its name, the copies it replaces removed, the entry stored.

    This process's older copy is replaced at once; another process's only once no entry can still
    name it (entries live PAGE_CACHE_SECONDS at most): its current copy may be the shared entry's.
    A download that already opened a removed file still gets all of it.
    """
    os.replace(part, folder() / file_name)
    mine = f"{stem}-{os.getpid()}-"
    oldest = time.time() - _seconds() - 60
    for older in folder().glob(f"{stem}-*"):
        if older.name == file_name:
            continue
        try:
            if older.name.startswith(mine) and not older.name.endswith(".part") or older.stat().st_mtime < oldest:
                older.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
    try:
        storage.keep(recording, _seconds(), file=file_name,
                     tables=sorted(recording.tables))
    except Exception:  # noqa: BLE001
        log.warning("cache unreachable: export file %s not recorded", file_name, exc_info=True)
