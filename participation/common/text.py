"""Text helpers shared by search and imports."""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case and strip diacritics: "Česká Třebová" -> "ceska trebova"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
