"""Keyed hashes: letter codes, register rows and a person's identity are never stored in the clear.

The key is RESIDENCY_HMAC_KEY (SECRET_KEY when unset): without it a stored hash
cannot be matched against a guessed name and birth date.
"""

import hashlib
import hmac
import secrets
from datetime import date

from flask import current_app

from participation.common.text import fold

# No 0/O, 1/I/L: a code is typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def _key() -> bytes:
    key = current_app.config.get("RESIDENCY_HMAC_KEY") or current_app.config["SECRET_KEY"]
    return key.encode() if isinstance(key, str) else key


def keyed_hash(*parts: str) -> str:
    """HMAC-SHA256 of the parts, joined by a separator no part contains after normalising."""
    message = "\x1f".join(parts).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def new_code() -> str:
    """A random code, shown grouped as XXXX-XXXX-XXXX (about 59 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(typed: str) -> str:
    """What a resident typed, without spaces and dashes, upper-case; O read as 0 is not in the alphabet."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def code_hash(typed: str) -> str:
    return keyed_hash("code", normalise_code(typed))


def identity_key(municipality_id: int, name: str, born_on: date) -> str:
    """The same person in one municipality: folded full name and date of birth."""
    return keyed_hash("person", str(municipality_id), fold(name), born_on.isoformat())
