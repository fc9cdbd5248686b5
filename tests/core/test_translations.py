"""Both catalogues hold every user-facing string, and Czech plurals are right."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from participation import DOMAINS
from participation.core import translations


def _catalogue(domain: str, locale: str):
    path = translations.catalogue_dir(domain) / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _source_ids(domain: str, tmp_path: Path) -> set:
    pot = tmp_path / f"{domain}.pot"
    if not translations.extract(domain, pot):
        return set()
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_is_in_both_catalogues(domain, tmp_path):
    """A string in the code or templates without a Czech and English entry is a bug."""
    wanted = _source_ids(domain, tmp_path)
    for locale in translations.LOCALES:
        catalogue = _catalogue(domain, locale)
        if not wanted:
            continue
        assert catalogue is not None, f"{domain} has no {locale} catalogue: run flask translations update"
        have = {}
        for message in catalogue:
            if message.id:
                key = message.id if isinstance(message.id, str) else message.id[0]
                have[key] = message
        missing = sorted(wanted - set(have))
        assert not missing, f"{domain}/{locale} lacks {missing[:10]}: run flask translations update"
        empty = sorted(k for k in wanted if not all(have[k].string if isinstance(have[k].string, tuple) else [have[k].string]))
        assert not empty, f"{domain}/{locale} has untranslated {empty[:10]}"
        fuzzy = sorted(k for k in wanted if "fuzzy" in have[k].flags)
        assert not fuzzy, f"{domain}/{locale} has fuzzy entries {fuzzy[:10]}"


def test_czech_plural_forms(app):
    from flask_babel import force_locale, format_decimal, ngettext

    with app.test_request_context(), force_locale("cs"):
        from flask_babel import get_translations

        plural = get_translations().plural
        assert [plural(n) for n in (1, 2, 4, 5, 21)] == [0, 1, 1, 2, 2]
        assert format_decimal(1234567.891) == "1\xa0234\xa0567,891"
        assert ngettext("%(num)s day", "%(num)s days", 5) is not None
