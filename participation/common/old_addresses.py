"""Spolu's addresses are Czech words; the old English ones answer with a permanent redirect.

One table maps an old English path segment to its Czech word. The blueprints
declare only the Czech rules. A request that matches no rule is translated
segment by segment through the table; when the translated path matches a rule
for the request's method, the visitor is sent there (301 for GET and HEAD,
308 for other methods, so a form's POST keeps its body), query string kept.

The same table translates the few arguments that are words (`<word(comment,
proposal):kind>`): the address shows the Czech word, the view gets the
English one, and the English word is still understood.

Machine addresses keep their names: /api/v1/..., /static, /healthz, the
sitemaps, robots.txt, feed and data files (atom.xml, *.geojson).
"""

import re
from urllib.parse import quote, urlsplit

from flask import Flask, current_app, redirect, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter, RequestRedirect

# Old English segment -> Czech segment, short and without diacritics.
CZECH: dict[str, str] = {
    # Top-level places
    "proposals": "podnety", "proposal": "podnet",
    "consultations": "konzultace", "consultation": "konzultace",
    "projects": "projekty", "project": "projekt",
    "agreements": "dohody", "agreement": "dohoda",
    "comments": "komentare", "comment": "komentar",
    "municipalities": "obce", "municipality": "obec",
    "grouping": "seskupeni", "locality": "lokalita",
    "profile": "profil", "notifications": "oznameni", "moderation": "moderace",
    "follows": "sledovani", "threads": "vlakna", "report": "nahlasit",
    "register": "registrace", "confirm": "potvrzeni", "password": "heslo",
    "transparency": "transparentnost", "referrals": "postoupeni",
    "login": "prihlaseni", "logout": "odhlaseni", "language": "jazyk", "embed": "vlozeni",
    # Things inside a place
    "answers": "odpovedi", "responses": "odpovedi", "response": "odpoved",
    "article": "clanek", "attachments": "prilohy", "blocks": "blokace", "document": "dokument",
    "documents": "dokumenty", "image": "obrazek", "milestones": "milniky", "photos": "fotografie",
    "questions": "otazky", "results": "vysledky", "texts": "texty", "updates": "novinky",
    "users": "uzivatele", "sessions": "relace", "status": "stav",
    # What one does there
    "new": "novy", "edit": "upravit", "delete": "smazat", "remove": "odebrat", "reply": "odpovedet",
    "answer": "odpovedet", "publish": "zverejnit", "unpublish": "zrusit-zverejneni",
    "withdraw": "vzit-zpet", "support": "podpora", "unsupport": "odebrat-podporu",
    "paper-support": "papirova-podpora", "paper": "papirove-odpovedi", "preview": "nahled",
    "print": "tisk", "merge": "sloucit", "moderate": "moderovat", "refer": "postoupit",
    "move": "presunout", "hide": "skryt", "unhide": "zobrazit", "show": "zobrazit",
    "dismiss": "odmitnout", "block": "zablokovat", "lift": "zrusit", "search": "hledat",
    "similar": "podobne", "municipality-suggestions": "naseptavac-obci", "suggest": "naseptavac",
    "link": "propojit", "unlink": "odpojit", "tie": "navazat", "untie": "odvazat", "solve": "vyresit",
    "open": "otevrit", "read": "precteno", "read-all": "precteno-vse", "unread": "neprectena",
    "preferences": "nastaveni", "unsubscribe": "odhlasit-odber", "reset": "obnova",
    "sent": "odeslano", "resend": "znovu-odeslat", "download": "stazeni", "end": "ukoncit",
    "end-others": "ukoncit-ostatni",
}
# Where the Czech word agrees with the place before it: "new" after a feminine noun.
AFTER: dict[tuple[str, str], str] = {
    ("new", "dohody"): "nova", ("new", "konzultace"): "nova", ("new", "dobra-praxe"): "nova",
}
ENGLISH: dict[str, str] = {czech: english for english, czech in CZECH.items()}
ENGLISH.update({czech: english for (english, _), czech in AFTER.items()})
# Addresses for programs, never translated.
MACHINE_PREFIXES = ("/api/", "/static/")
_FILE = re.compile(r"^(?P<stem>[a-z-]+)(?P<ext>\.[a-z0-9]+)$")


def _one(segment: str, previous: str, table: dict[str, str]) -> str:
    if (segment, previous) in AFTER and table is CZECH:
        return AFTER[(segment, previous)]
    if segment in table:
        return table[segment]
    file = _FILE.match(segment)
    if file and file["stem"] in table:
        return table[file["stem"]] + file["ext"]
    return segment


def translate(path: str, table: dict[str, str] = CZECH) -> str:
    """The path with each word segment translated (to Czech by default); other segments kept."""
    if path.startswith(MACHINE_PREFIXES):
        return path
    segments, previous = [], ""
    for segment in path.split("/"):
        previous = _one(segment, previous, table)
        segments.append(previous)
    return "/".join(segments)


class WordConverter(BaseConverter):
    """`<word(comment, proposal):kind>`: Czech in the address, English in the view; both are understood."""

    def __init__(self, url_map, *words: str) -> None:
        super().__init__(url_map)
        accepted = sorted({*words, *(CZECH[w] for w in words)}, key=len, reverse=True)
        self.regex = "(?:" + "|".join(re.escape(w) for w in accepted) + ")"

    def to_python(self, value: str) -> str:
        return ENGLISH.get(value, value)

    def to_url(self, value: str) -> str:
        return CZECH.get(value, value)


def _redirect_old_address():
    """A request no rule matched: if its Czech translation matches one, send the visitor there for good."""
    if not isinstance(request.routing_exception, NotFound):
        return None
    new_path = translate(request.path)
    if new_path == request.path:
        return None
    target = request.script_root + quote(new_path, safe="/:@!$&'()*+,;=~")  # a newline never reaches a header
    try:
        current_app.url_map.bind_to_environ(request.environ).match(new_path, method=request.method)
    except RequestRedirect as moved:  # a missing trailing slash: go straight to the final address
        target = urlsplit(moved.new_url).path
    except (NotFound, MethodNotAllowed):
        return None
    query = request.query_string.decode("latin-1")
    location = target + (f"?{query}" if query else "")
    return redirect(location, code=301 if request.method in ("GET", "HEAD") else 308)


def init_app(app: Flask) -> None:
    """Before the blueprints: their `<word(...)>` rules need the converter; old addresses redirect.

    After validation's check, so that an address with a control character gets its 400, never a redirect.
    """
    app.url_map.converters["word"] = WordConverter
    app.before_request(_redirect_old_address)
