"""Demo advisors: an energy manager for the DSO, a BCO expert for the region, a MAS innovation broker, an
energy coordinator; a few questions (answered publicly on a proposal and a project, one internal, one waiting
in a queue), a resident's request, work-log entries and two guides, one with a second version.

Running it again adds nothing twice: nothing is added once the energy manager exists.
"""

from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.admin.demo_data import demo_password_hash
from participation.advisors import guides, questions, worklog
from participation.advisors.models import Advisor, AdvisorField, Coordinator, WorkKind
from participation.common.models import utcnow
from participation.extensions import db
from participation.good_practice.models import GoodPractice
from participation.projects.models import Project
from participation.proposals.models import Proposal
from participation.territory.models import Grouping, Municipality, Region

DSO = "Mikroregion Orlicko-Třebovsko"
MAS = "MAS ORLICKO"
PEOPLE = (
    # email, name, field, organisation, network, contact hours, groupings, municipalities (None: the region's)
    ("energetik@example.cz", "Ing. Petra Šetrná", AdvisorField.ENERGY, "Mikroregion Orlicko-Třebovsko",
     "EKIS – energetické konzultační a informační středisko", "Út a čt 8–12 v kanceláři svazku v Ústí nad Orlicí",
     (DSO,), ()),
    ("bco@example.cz", "Mgr. Jan Optický", AdvisorField.ICT, "Pardubický kraj",
     "BCO – kancelář pro vysokorychlostní internet", "Po–pá 9–15, telefonicky a e-mailem", (), None),
    ("inovace@example.cz", "Bc. Lenka Nápadná", AdvisorField.INNOVATION, "MAS ORLICKO, z. s.",
     "Inovační brokeři MAS (krajský tým RIS3)", "St 13–17 v Žamberku, jinak po domluvě", (MAS,), ()),
)
COORDINATOR = ("koordinator@example.cz", "Ing. Marek Řídící")


def _person(email: str, name: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, display_name=name, locale="cs", email_confirmed_at=utcnow())
        user.password_hash = demo_password_hash()
        db.session.add(user)
        db.session.flush()
    return user


def seed(context: dict) -> None:
    """Add the demo advisors and their work, unless the energy manager exists."""
    if db.session.scalar(select(Advisor.id).join(Advisor.user).where(User.email == PEOPLE[0][0])) is not None:
        return
    region = db.session.scalar(select(Region).where(Region.code == "CZ-53"))
    groupings = {g.name: g for g in db.session.scalars(select(Grouping).where(Grouping.name.in_((DSO, MAS))))}
    if region is None or len(groupings) < 2:
        return
    advisors = {}
    for email, name, field, organisation, network, hours, grouping_names, municipality_names in PEOPLE:
        municipalities = (list(db.session.scalars(select(Municipality).where(Municipality.region_id == region.id)))
                          if municipality_names is None else [])
        advisor = Advisor(user=_person(email, name), field=field, organisation=organisation, network=network,
                          contact_hours=hours, contact_email=email, municipalities=municipalities,
                          groupings=[groupings[n] for n in grouping_names])
        db.session.add(advisor)
        advisors[field] = advisor
        context.setdefault("logins", []).append(f"advisor ({name}): {email}")
    coordinator = _person(*COORDINATOR)
    db.session.add(Coordinator(user_id=coordinator.id, field=AdvisorField.ENERGY, region_id=region.id))
    context["logins"].append(f"coordinator of energy advisors: {COORDINATOR[0]}")
    db.session.commit()
    _questions(advisors)
    _work(advisors)
    _guides(advisors)


def _by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _questions(advisors: dict) -> None:
    moderator = _by_email("moderator.usti@example.cz")
    representative = _by_email("zastupce.dso@example.cz")
    usti = db.session.scalar(select(Municipality).where(Municipality.name == "Ústí nad Orlicí"))
    dso = db.session.scalar(select(Grouping).where(Grouping.name == DSO))
    proposal = db.session.scalar(select(Proposal).where(
        Proposal.title == "Sdílený energetický manažer pro malé obce svazku"))
    project = db.session.scalar(select(Project).where(Project.title == "Páteřní optická síť Česká Třebová – Ústí nad Orlicí"))
    if moderator is None or representative is None or usti is None:
        return
    energy, ict = advisors[AdvisorField.ENERGY], advisors[AdvisorField.ICT]
    weeks_ago = utcnow() - timedelta(days=12)
    if proposal is not None:
        asked = questions.ask(representative, questions.QuestionData(
            title="Kolik by obcím svazku ušetřil sdílený energetický manažer?",
            body="Zvažujeme společného energetika pro 14 obcí. Jaké úspory jsou reálné v prvních třech letech?",
            advisor=energy, grouping_id=dso.id, item_kind="proposal", item_id=proposal.id), now=weeks_ago)
        questions.answer(energy.user, asked, (
            "Z praxe EKIS u srovnatelných svazků: **5–15 %** nákladů na energie v prvních třech letech, "
            "hlavně z lepších smluv na dodávky, regulace vytápění škol a výměny osvětlení.\n\n"
            "- začněte energetickou evidencí všech odběrných míst,\n"
            "- sdílený úvazek se vyplatí od zhruba 8 obcí."), now=weeks_ago + timedelta(days=3))
    if project is not None:
        asked = questions.ask(moderator, questions.QuestionData(
            title="Lze na páteřní síť navázat přípojky do místních částí z dotace?",
            body="Horní Houžovec a Knapovec zůstávají bez rychlého připojení.", advisor=ict,
            municipality_id=usti.id, item_kind="project", item_id=project.id), now=weeks_ago)
        questions.answer(ict.user, asked, (
            "Ano: přípojky do bílých míst lze financovat z výzev na vysokorychlostní internet, pokud jsou "
            "místa vedena jako nepokrytá. Pošlete mi seznam adresních míst, ověříme je v mapě pokrytí."),
            now=weeks_ago + timedelta(days=6))
    internal = questions.ask(moderator, questions.QuestionData(
        title="Cenová nabídka na LED osvětlení se nám zdá vysoká",
        body="Máme nabídku 2,1 mil. Kč na 180 svítidel. Je cena obvyklá?", advisor=energy,
        municipality_id=usti.id, internal=True), now=weeks_ago)
    questions.answer(energy.user, internal, "Obvyklá cena je 8–10 tis. Kč za svítidlo včetně montáže; "
                                            "doporučuji požádat o další dvě nabídky.", now=weeks_ago + timedelta(days=2))
    questions.ask(moderator, questions.QuestionData(
        title="Jak připravit obecní budovy na sdílení energie?", body="Máme FVE na škole a přebytky v létě.",
        advisor=energy, municipality_id=usti.id), now=utcnow() - timedelta(days=4))
    resident = _by_email("obyvatel@example.cz")
    if resident is not None and proposal is not None:
        questions.request_opinion(resident, proposal, energy, "Jak by energetik pomohl i domácnostem v obcích?")


def _work(advisors: dict) -> None:
    energy = advisors[AdvisorField.ENERGY]
    served = {m.name: m for m in db.session.scalars(select(Municipality).where(
        Municipality.name.in_(("Ústí nad Orlicí", "Česká Třebová", "Libchavy"))))}
    today = date.today()
    for days, kind, topic, hours, names in (
            (40, WorkKind.VISIT, "Energetická evidence budov – úvodní schůzka", 3, ("Ústí nad Orlicí", "Libchavy")),
            (25, WorkKind.CONSULTATION, "Regulace vytápění ZŠ", 1.5, ("Česká Třebová",)),
            (8, WorkKind.VISIT, "Prohlídka kotelny a veřejného osvětlení", 4, ("Libchavy",))):
        when = max(today - timedelta(days=days), date(today.year, 1, 1))
        municipalities = [served[n] for n in names if n in served]
        if municipalities:
            worklog.log_work(energy, worklog.WorkData(when, kind, topic, hours, municipalities))


def _guides(advisors: dict) -> None:
    energy, ict = advisors[AdvisorField.ENERGY], advisors[AdvisorField.ICT]
    practice = db.session.scalar(select(GoodPractice).order_by(GoodPractice.id))
    first = guides.create_guide(energy.user, guides.GuideData(
        AdvisorField.ENERGY, "Energetický management malé obce krok za krokem",
        "### 1. Evidence\nSepište všechna odběrná místa a roční spotřebu.\n\n"
        "### 2. Rychlá opatření\nRegulace vytápění, smlouvy na dodávky, LED osvětlení.",
        review_by=date.today() + timedelta(days=365), project_kinds=["energy"]))
    guides.update_guide(energy.user, first, guides.GuideData(
        AdvisorField.ENERGY, first.title,
        first.body + "\n\n### 3. Sdílení energie\nPřebytky z fotovoltaiky na škole lze sdílet s obecními budovami.",
        change_note="Doplněna kapitola o sdílení energie", review_by=date.today() + timedelta(days=365),
        project_kinds=["energy"]))
    guides.create_guide(ict.user, guides.GuideData(
        AdvisorField.ICT, "Společný výkop: jak uložit chráničky pro optiku",
        "### Princip\nKdyž obec kope (vodovod, kanalizace), uloží i chráničky pro optický kabel.\n\n"
        "### Postup\n- oznamte plánované práce v Spolu,\n- domluvte se s operátory,\n- zdokumentujte trasu.",
        review_by=date.today() + timedelta(days=180), project_kinds=["fibre_backbone", "shared_infrastructure"],
        good_practices=[practice] if practice is not None else []))
