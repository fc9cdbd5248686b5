"""One vocabulary: the Czech catalogues use the glossary's words, and templates format dates through Babel.

docs/glossary.md is the source: every word of its "not" column is checked here, so
adding a word there without a check fails. A word is allowed only where the English
says it means something else (an advisor's expert opinion is "stanovisko", a
download is "stáhnout", a public-law contract is a "smlouva" by law).
"""

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]

# glossary word -> (Czech forms to find, English msgids where the word is legitimately different)
CHECKS = {
    "návrh": (r"návr[hz]\w*", None),
    "námět": (r"námět\w*", None),
    "hlas": (r"hlas\w*", r"assembly"),
    "like": (r"like", None),
    "limit": (r"limit\w*", None),
    "kvórum": (r"kvór\w*", None),
    "stanovisko": (r"stanovis\w*", r"opinion|asked this advisor"),
    "reakce": (r"reakc\w*", None),
    "uskupení": (r"uskupen\w*", None),
    "sdružení": (r"sdružen\w*", None),
    "mikroregion": (r"mikroregion\w*", r"micro-region"),
    "smlouva": (r"smlouv\w*", r"contract|public-law|statutes"),
    "memorandum": (r"memorand\w*", r"memorand"),
    "akce": (r"akc[eií]\w*", r"\bactions?\b|permission to do|too often"),
    "investice": (r"investic\w*", r"investment"),
    "anketa": (r"anket\w*", None),
    "průzkum": (r"průzkum\w*", None),
    "hlasování": (r"hlasován\w*", None),
    "osada": (r"osad\w*", None),
    "sídlo": (r"sídl[oaeu]\w*", None),
    "poskytovatel": (r"poskytovatel\w*", None),
    "expert": (r"expert\w*", None),
    "konzultant": (r"konzultant\w*", None),
    "best practice": (r"best practice", None),
    "správce": (r"správc\w*", r"administrator"),
    "admin": (r"admin\w*", r"administrator"),
    "koordinátor": (r"koordinátor\w*", r"coordinator"),
    "odebírat": (r"odebír\w*", None),
    "stáhnout": (r"stáh\w*|stahuj\w*|stažen\w*", r"download"),
    "exportovat": (r"exportovat", None),
}


def _glossary_words() -> set[str]:
    words = set()
    for line in (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 4 or cells[0] in ("concept", "") or set(cells[0]) <= {"-"}:
            continue
        for word in cells[2].split(","):
            word = re.sub(r"\(.*?\)", "", word).strip()
            if word:
                words.add(word)
    return words


def _czech_messages():
    for path in sorted(ROOT.glob("participation/*/translations/cs/LC_MESSAGES/messages.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="cs"):
                if not message.id:
                    continue
                english = message.id if isinstance(message.id, str) else " ".join(message.id)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                yield path.parts[-5], english, " ".join(s or "" for s in strings)


def test_every_word_the_glossary_forbids_is_checked():
    assert _glossary_words() == set(CHECKS)


def test_czech_catalogues_use_the_glossary_words():
    found = []
    for domain, english, czech in _czech_messages():
        for word, (forms, allowed) in CHECKS.items():
            if re.search(rf"(?<!\w)(?:{forms})", czech, re.IGNORECASE) is None:
                continue
            if allowed and re.search(allowed, english, re.IGNORECASE):
                continue
            found.append(f"{domain}: {word!r} in {czech[:80]!r} ({english[:60]!r})")
    assert not found, "\n".join(found)


def test_withdrawing_answers_is_called_so():
    messages = {english: czech for domain, english, czech in _czech_messages() if domain == "consultations"}
    assert messages["Withdraw my answers"] == "Vzít zpět mé odpovědi"


def test_templates_format_dates_through_babel_only():
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html")
                 if "strftime" in path.read_text(encoding="utf-8")]
    assert not offenders, f"use the |date or |datetime filter, not strftime: {offenders}"


def test_czech_puts_a_non_breaking_space_before_percent():
    found = [f"{domain}: {czech[:80]!r}" for domain, _, czech in _czech_messages()
             if re.search(r"(?:\d|\)s|\)d) (?:%%|%(?![(%]))", czech)]
    assert not found, "\n".join(found)
