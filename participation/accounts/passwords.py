"""Is a new password too easy to guess? zxcvbn's estimate, plus what it knows of the person.

zxcvbn (PyPI `zxcvbn`, offline) knows the common passwords of leaked lists,
English words, names, keyboard patterns (qwertz included), dates, repeats and
l33t spellings. We add what it cannot know: Czech words people put in
passwords (COMMON_CZECH_WORDS) and the person's own email address, name and
home municipality. A password is refused when its estimated strength is below
PASSWORD_MIN_SCORE (0-4) or when it is made mostly of the person's own details.
"""

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MAX_CHECKED = 72  # zxcvbn's limit; the start of a longer password decides

# Czech words and names often found in passwords, which English lists miss.
COMMON_CZECH_WORDS = (
    "heslo", "hesla", "ahoj", "ahojky", "nazdar", "cau", "cus", "slunce", "sluníčko", "kocicka",
    "kočička", "kocour", "pejsek", "beruska", "beruška", "zlato", "zlatíčko", "miluju", "milacek",
    "miláček", "laska", "láska", "tajne", "tajné", "tajemstvi", "prihlaseni", "přihlášení",
    "spolu", "obec", "obecni", "obecní", "urad", "úřad", "praha", "brno", "ostrava", "plzen", "plzeň",
    "olomouc", "liberec", "cesko", "česko", "ceskarepublika", "sparta", "slavia", "banik", "baník",
    "petr", "jana", "pavel", "jan", "tomas", "tomáš", "martin", "lucie", "petra", "katka", "jirka",
    "honza", "pepa", "marie", "eva", "hana", "anna", "lenka", "michal", "ondra", "qwertz", "asdfgh",
)

TOO_GUESSABLE = _l("This password is too easy to guess: it is a common password or follows a common "
                   "pattern. Try three or four words that have nothing to do with each other.")
TOO_PERSONAL = _l("The password must not be made of your email address, name or municipality.")


def personal_words(*details: str | None) -> list[str]:
    """The person's email address, name and municipality, whole and in their parts."""
    words: list[str] = []
    for detail in details:
        if not detail:
            continue
        text = detail.strip().lower()
        words.append(text)
        words.extend(part for part in re.split(r"[\s@.+_\-]+", text) if len(part) >= 3)
    return list(dict.fromkeys(words))


def weakness(password: str, personal: list[str]):
    """Why this password is refused (a message for the field), or None when it is good enough."""
    checked = (password or "")[:MAX_CHECKED]
    if not checked:
        return None
    result = zxcvbn(checked, user_inputs=[*personal, *COMMON_CZECH_WORDS])
    personal_set = set(personal)
    personal_chars = sum(
        len(match["token"]) for match in result["sequence"]
        if match.get("dictionary_name") == "user_inputs" and match.get("matched_word") in personal_set
    )
    if personal and personal_chars * 2 >= len(checked):
        return TOO_PERSONAL
    if result["score"] < current_app.config["PASSWORD_MIN_SCORE"]:
        return TOO_GUESSABLE
    return None
