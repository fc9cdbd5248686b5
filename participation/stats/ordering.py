"""Names in Czech alphabetical order, whatever the database's collation.

Both databases compare bytes (C collation), which puts "Česká Třebová" after
"Zlín". Czech sorts č, ř, š, ž (and ch, after h) as letters of their own and
ignores the other accents (á, é, í, ů...) unless the words are otherwise equal.
"""

from participation.common.text import fold

_OWN_LETTERS = {"č": "c", "ř": "r", "š": "s", "ž": "z"}
_AFTER = "\x7f"  # sorts after every letter


def czech_key(name: str) -> tuple[str, str]:
    """A sort key: "Černovír" after "Cvikov", "Chrudim" after "Hradec"."""
    lowered = (name or "").casefold()
    letters = []
    for character in lowered:
        if character in _OWN_LETTERS:
            letters.append(_OWN_LETTERS[character] + _AFTER)
        else:
            letters.append(fold(character) or character)
    primary = "".join(letters).replace("ch", "h" + _AFTER)
    return primary, lowered
