"""Demo people: one account for each role, all confirmed, all with one shared password."""

import functools

from werkzeug.security import generate_password_hash

DEMO_PASSWORD = "spolu-demo-2026"


@functools.cache
def demo_password_hash() -> str:
    """The demo password hashed once: every demo account shares it, and scrypt takes a noticeable time per hash."""
    return generate_password_hash(DEMO_PASSWORD)


# Each person: login e-mail, display name, home municipality (by name) and role.
# A role is (kind, scope): scope is a municipality name for a moderator, a
# grouping name for a representative, a region code or None for an administrator.
DEMO_USERS: tuple[dict, ...] = (
    {"label": "administrator", "email": "spravce@example.cz", "display_name": "Alena Správcová",
     "home": "Česká Třebová", "role": ("administrator", None)},
    {"label": "moderator (Česká Třebová)", "email": "moderator@example.cz",
     "display_name": "Martin Moderátor", "home": "Česká Třebová",
     "role": ("moderator", "Česká Třebová")},
    {"label": "moderator (Ústí nad Orlicí)", "email": "moderator.usti@example.cz",
     "display_name": "Marie Ústecká", "home": "Ústí nad Orlicí",
     "role": ("moderator", "Ústí nad Orlicí")},
    {"label": "representative (DSO)", "email": "zastupce.dso@example.cz",
     "display_name": "Petr Svazkový", "home": "Dlouhá Třebová",
     "role": ("representative", "Mikroregion Orlicko-Třebovsko")},
    {"label": "representative (MAS)", "email": "zastupce.mas@example.cz",
     "display_name": "Jana Orlická", "home": "Žamberk",
     "role": ("representative", "MAS ORLICKO")},
    {"label": "resident", "email": "obyvatel@example.cz", "display_name": "Tomáš Občan",
     "home": "Dolní Dobrouč", "role": None},
)
