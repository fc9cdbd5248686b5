"""Demo consultations of the demo DSO: one open (fibre), one closed (bus lines).

Both are answered by demo residents of several member municipalities, with
clear differences between the municipalities, and a few paper questionnaires.
Idempotent: a consultation that exists (by title) is left alone. Without the
territory demo data (no DSO with members) it does nothing.
"""

import random
from datetime import timedelta

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from participation.accounts.models import User
from participation.comments.models import Thread
from participation.common.models import utcnow
from participation.consultations.answering import _answer_rows
from participation.consultations.events import record_due_events_in_transaction
from participation.consultations.models import (
    Answer,
    Consultation,
    ConsultationStatus,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseSource,
    ResultsVisibility,
)
from participation.extensions import db
from participation.territory.models import Grouping, GroupingKind, GroupingMembership, Municipality

PARTICIPANTS = ("Česká Třebová", "Ústí nad Orlicí", "Dlouhá Třebová", "Rybník", "Třebovice",
                "Semanín", "Dolní Dobrouč")
# How many demo residents answer in each municipality (Dolní Dobrouč is left to the demo resident).
RESIDENTS = {"Česká Třebová": 14, "Ústí nad Orlicí": 12, "Dlouhá Třebová": 8, "Rybník": 6,
             "Třebovice": 7, "Semanín": 5}
RESIDENT_EMAIL = "obcan.{code}.{n}@example.cz"
FIRST_NAMES = ("Jan", "Eva", "Petr", "Lucie", "Karel", "Hana", "Pavel", "Věra", "Josef", "Alena",
               "Tomáš", "Jana", "Marek", "Zdeňka")

FIBRE = {
    "title": "Kudy má nejdřív vést páteřní optická síť?",
    "introduction": (
        "Svazek připravuje žádost o dotaci na **páteřní optickou síť**. Peníze stačí na jednu trasu "
        "v první etapě, druhá přijde na řadu o dva roky později.\n\n"
        "- Trasa **Sever** vede z České Třebové přes Třebovice do Rybníka.\n"
        "- Trasa **Jih** vede z Ústí nad Orlicí přes Dlouhou Třebovou do Semanína.\n\n"
        "Shromáždění svazku rozhodne v lednu; výsledky uvidí podle obcí."
    ),
    "questions": (
        (QuestionKind.SINGLE, "Kterou trasu postavit jako první?", True,
         ("Sever: Česká Třebová – Třebovice – Rybník", "Jih: Ústí nad Orlicí – Dlouhá Třebová – Semanín")),
        (QuestionKind.MULTIPLE, "K čemu byste rychlé připojení nejvíc využili?", False,
         ("Práce z domova", "Škola a vzdělávání", "Podnikání", "Televize a zábava", "Telemedicína")),
        (QuestionKind.SCALE, "Jak moc vaši domácnosti dnes chybí rychlý internet?", True, ()),
        (QuestionKind.RANKING, "Co je pro vás při výstavbě nejdůležitější?", False,
         ("Rychlost výstavby", "Cena připojení pro domácnost", "Co nejméně rozkopaných silnic")),
        (QuestionKind.TEXT, "Chcete svazku ještě něco vzkázat?", False, ()),
    ),
}

BUSES = {
    "title": "Kterou víkendovou autobusovou linku zachovat?",
    "introduction": (
        "Kraj od jara omezuje objednávku víkendových spojů. Svazek může ze svého rozpočtu "
        "doplatit **jednu** ze tří linek. Zeptali jsme se, která je pro vás nejdůležitější."
    ),
    "questions": (
        (QuestionKind.SINGLE, "Kterou linku by měl svazek doplatit?", True,
         ("640: Česká Třebová – Rybník – Dlouhá Třebová", "652: Ústí nad Orlicí – Semanín",
          "655: Třebovice – Česká Třebová – nemocnice")),
        (QuestionKind.RANKING, "Seřaďte linky podle toho, jak je potřebujete", False,
         ("640", "652", "655")),
        (QuestionKind.SCALE, "Jak jste dnes spokojeni s víkendovou dopravou?", False, ()),
        (QuestionKind.TEXT, "Co vám ve víkendové dopravě nejvíc chybí?", False, ()),
    ),
}

# Each municipality's leaning: the weight of each option of the single-choice question.
FIBRE_LEANING = {"Česká Třebová": (5, 1), "Třebovice": (6, 1), "Rybník": (4, 1),
                 "Ústí nad Orlicí": (1, 4), "Dlouhá Třebová": (1, 5), "Semanín": (1, 3)}
BUS_LEANING = {"Česká Třebová": (3, 1, 4), "Třebovice": (1, 1, 6), "Rybník": (6, 1, 1),
               "Ústí nad Orlicí": (1, 5, 2), "Dlouhá Třebová": (5, 1, 1), "Semanín": (1, 6, 1)}
FIBRE_NEED = {"Česká Třebová": 2, "Ústí nad Orlicí": 2, "Dlouhá Třebová": 4, "Rybník": 5,
              "Třebovice": 4, "Semanín": 5}
MESSAGES = ("Hlavně ať se nekope dvakrát.", "Děkujeme, že se ptáte.", "Připojte i samoty za obcí.",
            "Bez internetu děti nemůžou dělat úkoly.", "Chybí spoje v neděli večer.",
            "Autobus by měl navazovat na vlak.")


def _grouping() -> Grouping | None:
    grouping = db.session.scalar(
        select(Grouping).where(Grouping.kind == GroupingKind.DSO).order_by(Grouping.id).limit(1)
    )
    return grouping or db.session.scalar(select(Grouping).order_by(Grouping.id).limit(1))


def _participants(grouping: Grouping) -> list[Municipality]:
    members = list(db.session.scalars(
        select(Municipality).join(GroupingMembership, GroupingMembership.municipality_id == Municipality.id)
        .where(GroupingMembership.grouping_id == grouping.id).order_by(Municipality.search_name)
    ))
    chosen = [m for m in members if m.name in PARTICIPANTS]
    return chosen or members[:6]


def _residents(municipality: Municipality, count: int, password_hash: str) -> list[User]:
    emails = [RESIDENT_EMAIL.format(code=municipality.code, n=n) for n in range(1, count + 1)]
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    residents = []
    for n, email in enumerate(emails, start=1):
        user = existing.get(email)
        if user is None:
            user = User(email=email, display_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} z obce {municipality.name}",
                        home_municipality_id=municipality.id, locale="cs", email_confirmed_at=utcnow(),
                        password_hash=password_hash)
            db.session.add(user)
        residents.append(user)
    db.session.flush()
    return residents


def _create(spec: dict, grouping, municipalities, creator, opens_at, closes_at, visibility) -> Consultation:
    consultation = Consultation(
        grouping_id=grouping.id, title=spec["title"], introduction=spec["introduction"],
        opens_at=opens_at, closes_at=closes_at, status=ConsultationStatus.PUBLISHED,
        published_at=opens_at - timedelta(days=2), results_visibility=visibility,
        created_by_id=getattr(creator, "id", None), thread=Thread(subject_type="consultation"),
    )
    consultation.municipalities = municipalities
    for position, (kind, text, required, options) in enumerate(spec["questions"], start=1):
        consultation.questions.append(Question(
            kind=kind, text=text, required=required, position=position,
            max_choices=2 if kind == QuestionKind.MULTIPLE else None,
            options=[Option(text=o, position=i) for i, o in enumerate(options, start=1)],
        ))
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _values(consultation: Consultation, name: str, rng: random.Random, leaning: dict, need: dict) -> dict:
    values = {}
    for question in consultation.questions:
        options = [o.id for o in question.options]
        if question.kind == QuestionKind.SINGLE:
            values[question.id] = rng.choices(options, weights=leaning.get(name, [1] * len(options)))[0]
        elif question.kind == QuestionKind.MULTIPLE:
            values[question.id] = rng.sample(options, rng.randint(1, 2))
        elif question.kind == QuestionKind.SCALE:
            values[question.id] = max(1, min(5, need.get(name, 3) + rng.choice((-1, 0, 0, 1))))
        elif question.kind == QuestionKind.RANKING:
            weights = leaning.get(name, [1] * len(options))
            order = sorted(options, key=lambda o: -weights[options.index(o) % len(weights)] * rng.random())
            values[question.id] = {option: rank for rank, option in enumerate(order, start=1)}
        elif question.kind == QuestionKind.TEXT and rng.random() < 0.3:
            values[question.id] = rng.choice(MESSAGES)
    return values


def _answer(consultation, municipality, values, *, user=None, recorded_by=None, when=None) -> None:
    response = Response(
        consultation_id=consultation.id, user_id=getattr(user, "id", None), municipality_id=municipality.id,
        source=ResponseSource.PAPER if user is None else ResponseSource.ONLINE,
        recorded_by_id=getattr(recorded_by, "id", None), created_at=when, updated_at=when,
    )
    db.session.add(response)
    db.session.flush()
    rows = _answer_rows(consultation, response, values)
    if rows:
        db.session.execute(insert(Answer), rows)


def _fill(consultation, municipalities, residents, leaning, need, moderator, rng) -> None:
    when = min(utcnow(), consultation.closes_at) - timedelta(days=1)
    for municipality in municipalities:
        for user in residents.get(municipality.id, []):
            _answer(consultation, municipality, _values(consultation, municipality.name, rng, leaning, need),
                    user=user, when=when)
    paper_home = next((m for m in municipalities if moderator and m.id == moderator.home_municipality_id),
                      municipalities[0])
    for _ in range(3):
        _answer(consultation, paper_home, _values(consultation, paper_home.name, rng, leaning, need),
                recorded_by=moderator, when=when)
    consultation.first_answered_at = consultation.opens_at + timedelta(hours=2)


def seed(context: dict) -> None:
    """Add the two demo consultations unless they exist."""
    grouping = _grouping()
    if grouping is None:
        return
    municipalities = _participants(grouping)
    if len(municipalities) < 2:
        return
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(
        ("zastupce.dso@example.cz", "moderator@example.cz"))))}
    creator, moderator = users.get("zastupce.dso@example.cz"), users.get("moderator@example.cz")
    password = context.get("password") or "spolu-demo-2026"
    password_hash = generate_password_hash(password)
    residents = {m.id: _residents(m, RESIDENTS[m.name], password_hash)
                 for m in municipalities if m.name in RESIDENTS}
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    existing = set(db.session.scalars(select(Consultation.title).where(Consultation.grouping_id == grouping.id)))
    rng = random.Random(2026)
    if FIBRE["title"] not in existing:
        fibre = _create(FIBRE, grouping, municipalities, creator, now - timedelta(days=5),
                        now + timedelta(days=9), ResultsVisibility.LIVE)
        _fill(fibre, municipalities, residents, FIBRE_LEANING, FIBRE_NEED, moderator, rng)
        record_due_events_in_transaction(fibre, utcnow())
    if BUSES["title"] not in existing:
        buses = _create(BUSES, grouping, municipalities, creator, now - timedelta(days=40),
                        now - timedelta(days=10), ResultsVisibility.AFTER_CLOSING)
        _fill(buses, municipalities, residents, BUS_LEANING, {}, moderator, rng)
        record_due_events_in_transaction(buses, utcnow())
    db.session.commit()
    context["logins"].append(
        "consultations: demo residents obcan.<municipality code>.<1-14>@example.cz "
        "(e.g. " + RESIDENT_EMAIL.format(code=municipalities[0].code, n=1) + ")"
    )

