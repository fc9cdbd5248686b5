"""Text helpers shared by search, imports and every saved text."""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case and strip diacritics: "Česká Třebová" -> "ceska trebova"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# Characters that reorder the text around them (U+202A–U+202E embeddings and overrides,
# U+2066–U+2069 isolates): in a title they can make "exe.txt" read as "txt.exe" or
# hide what a comment says. Nobody types them on purpose in Spolu's languages.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def strip_bidi_controls(text):
    """The text without bidirectional embedding, override and isolate characters; non-text unchanged."""
    return text.translate(BIDI_CONTROLS) if isinstance(text, str) else text


def strip_bidi_before_flush(session, flush_context, instances) -> None:
    """A session event: every text column of every new or changed row is saved without bidi controls.

    One place for titles, bodies, notes and names, whichever form, service or
    import wrote them.
    """
    from sqlalchemy import String, inspect

    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for column in state.mapper.columns:
            if not isinstance(column.type, String):
                continue
            attribute = state.mapper.get_property_by_column(column).key
            value = state.dict.get(attribute)  # only what is loaded or set: never a query during a flush
            if isinstance(value, str) and any(ord(ch) in BIDI_CONTROLS for ch in value):
                setattr(obj, attribute, strip_bidi_controls(value))
