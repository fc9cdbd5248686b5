"""Demo operator: Orlicko Net in Ústí nad Orlicí and Česká Třebová, with a staff account and declarations.

One declaration of each kind, one confirmed by a resident (it counts for the
locality's status) and one disputed, waiting for the moderator of Ústí nad
Orlicí. Running it again adds nothing twice: nothing is added once the
operator exists.
"""

from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import Role, RoleKind, User
from participation.admin.demo_data import demo_password_hash
from participation.common.models import utcnow
from participation.common.text import fold
from participation.extensions import db
from participation.localities.models import FixedTechnology, Locality
from participation.operators import declarations
from participation.operators.declarations import DeclarationData
from participation.operators.models import DeclarationKind, Operator
from participation.territory.models import Municipality

NAME = "Orlicko Net s.r.o."
COMPANY_NUMBER = "27082440"
STAFF_EMAIL = "operator@example.cz"
MUNICIPALITIES = ("Ústí nad Orlicí", "Česká Třebová")
NEXT_YEAR = date.today().replace(month=6, day=30) + timedelta(days=365)
# (municipality, locality, declaration, resident answers: True confirms, a text disputes)
DECLARATIONS = (
    ("Ústí nad Orlicí", "Horní Houžovec",
     DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIXED_WIRELESS, 100, 20,
                     explanation="Bezdrátové připojení z vysílače na Andrlově chlumu."),
     ("Signál z vysílače k nám nedosáhne; technik přípojku odmítl kvůli chybějící přímé viditelnosti.",)),
    ("Ústí nad Orlicí", "Knapovec",
     DeclarationData(DeclarationKind.PLANNED, FixedTechnology.FIBRE, 1000, 500, available_by=NEXT_YEAR,
                     explanation="Optika v rámci výstavby kanalizace (společný výkop)."), ()),
    ("Ústí nad Orlicí", "Kerhartice", DeclarationData(
        DeclarationKind.CONFIRM, explanation="Síť zde zatím nemáme; po vyhodnocení poptávky se ozveme."), ()),
    ("Česká Třebová", "Parník",
     DeclarationData(DeclarationKind.CURRENT, FixedTechnology.CABLE, 250, 25), (True,)),
)


def seed(context: dict) -> None:
    """Add the demo operator, its staff account and its declarations, unless the operator exists."""
    if db.session.scalar(select(Operator.id).where(Operator.company_number == COMPANY_NUMBER)) is not None:
        return
    municipalities = list(db.session.scalars(select(Municipality).where(Municipality.name.in_(MUNICIPALITIES))))
    if not municipalities:
        return
    operator = Operator(name=NAME, search_name=fold(NAME), company_number=COMPANY_NUMBER,
                        contact_email="podpora@orlicko-net.example", contact_phone="+420 465 000 111",
                        municipalities=municipalities)
    db.session.add(operator)
    staff = _staff()
    db.session.flush()
    db.session.add(Role(user_id=staff.id, kind=RoleKind.OPERATOR, operator_id=operator.id))
    db.session.commit()
    for municipality_name, locality_name, data, answers in DECLARATIONS:
        locality = db.session.scalar(select(Locality).join(Locality.municipality).where(
            Municipality.name == municipality_name, Locality.name == locality_name))
        if locality is None:
            continue
        declaration = declarations.declare(staff, operator, locality, data, now=utcnow() - timedelta(days=2))
        for resident, answer in zip(_residents(locality.municipality_id), answers, strict=False):
            declarations.respond(resident, declaration, answer is True, "" if answer is True else answer)
    context.setdefault("logins", []).append(f"operator ({NAME}): {STAFF_EMAIL}")


def _staff() -> User:
    user = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    if user is None:
        user = User(email=STAFF_EMAIL, display_name="Ondřej Síťař", home_municipality_id=None, locale="cs",
                    email_confirmed_at=utcnow())
        user.password_hash = demo_password_hash()
        db.session.add(user)
    return user


def _residents(municipality_id: int) -> list[User]:
    """The municipality's demo residents (who answer as people living there)."""
    return list(db.session.scalars(select(User).where(
        User.home_municipality_id == municipality_id, User.email.like("obyvatel.%@example.cz")).order_by(User.id)))
