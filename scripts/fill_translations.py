"""Fill Czech msgstr values from a JSON file of {msgid: msgstr} (or [one, few, many] for plurals).

Usage: python scripts/fill_translations.py participation/<domain>/translations/cs/LC_MESSAGES/messages.po strings.json
Helps keep catalogues complete without hand-editing .po syntax.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> None:
    with open(json_path, encoding="utf-8") as handle:
        strings = json.load(handle)
    with open(po_path, "rb") as handle:
        catalogue = read_po(handle, locale="cs")
    filled = 0
    for message in catalogue:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in strings:
            value = strings[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
            filled += 1
    with open(po_path, "wb") as handle:
        write_po(handle, catalogue, width=100, no_location=True)
    missing = [m.id for m in catalogue if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    print(f"filled {filled}; still missing {len(missing)}")
    for item in missing:
        print("  MISSING:", item)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
