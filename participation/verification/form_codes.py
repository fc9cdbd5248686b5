"""Form codes on paper questionnaires: a serial number with a keyed check, so a mistyped code is caught."""

import re

from participation.verification import keys

PATTERN = re.compile(r"^K(\d+)-(\d{4})-([0-9A-Z]{2})$")


def _check(consultation_id: int, serial: int) -> str:
    digest = keys.keyed_hash("form", str(consultation_id), str(serial))
    return "".join(keys.CODE_ALPHABET[int(digest[i:i + 2], 16) % len(keys.CODE_ALPHABET)] for i in (0, 2))


def form_code(consultation_id: int, serial: int) -> str:
    """K12-0007-XY: consultation 12, copy 7, two check characters."""
    return f"K{consultation_id}-{serial:04d}-{_check(consultation_id, serial)}"


def read_form_code(consultation_id: int, typed: str) -> int | None:
    """The copy's serial number when the typed code is one printed for this consultation, else None."""
    match = PATTERN.match("".join((typed or "").upper().split()))
    if match is None or int(match.group(1)) != consultation_id:
        return None
    serial = int(match.group(2))
    return serial if serial > 0 and match.group(3) == _check(consultation_id, serial) else None
