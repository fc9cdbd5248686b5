"""Demo shared infrastructure in Ústí nad Orlicí: ducts, a mast, a land parcel, a road reconstruction
with a deadline for joining (the demo operator has asked to join), and an answered access request.

Running it again adds nothing twice: nothing is added once the municipality has an asset.
"""

from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import Role, RoleKind
from participation.extensions import db
from participation.infrastructure import services
from participation.infrastructure.models import Asset, AssetConditions, AssetKind, WorkKind
from participation.localities.models import Locality
from participation.operators.models import Operator
from participation.territory.models import Municipality

MUNICIPALITY = "Ústí nad Orlicí"
OWNER = "Město Ústí nad Orlicí"
CONTACT = "odbor investic, investice@muuo.example, 465 514 111"
ROAD = [(49.97355, 16.39378), (49.97512, 16.40123), (49.97606, 16.40887), (49.97701, 16.41502)]


def _assets() -> list[services.AssetData]:
    return [
        services.AssetData(
            kind=AssetKind.DUCT, name="Chráničky podél silnice II/315 (Hylváty)", owner=OWNER,
            conditions=AssetConditions.PRICED, free_capacity="2 ze 4 trubek HDPE 40 mm volné",
            conditions_note="Nájem 12 Kč za metr trubky a rok; vstupní šachty u mostu a u školy.",
            contact=CONTACT, route=[(49.96851, 16.37702), (49.96921, 16.38410), (49.97040, 16.39115)]),
        services.AssetData(
            kind=AssetKind.DUCT, name="Rezervní chránička v ulici Dukelská", owner=OWNER,
            conditions=AssetConditions.ON_REQUEST, free_capacity="1 trubka HDPE 40 mm, celá volná",
            contact=CONTACT, route=[(49.97210, 16.39580), (49.97305, 16.40020)]),
        services.AssetData(
            kind=AssetKind.MAST, name="Stožár u vodojemu Andrlův chlum", owner=OWNER,
            conditions=AssetConditions.PRICED, conditions_note="Výška 36 m, volné pozice ve 20 a 24 m; přípojka NN.",
            contact=CONTACT, latitude=49.98522, longitude=16.41874),
        services.AssetData(
            kind=AssetKind.PARCEL, name="Pozemek u sběrného dvora", owner=OWNER, conditions=AssetConditions.ON_REQUEST,
            conditions_note="Vhodný pro technologický kontejner (PoP) do 15 m².", contact=CONTACT,
            cadastral_area="Ústí nad Orlicí", parcel_number="2471/12", latitude=49.96788, longitude=16.40312),
    ]


def seed(context: dict) -> None:
    """Add the demo assets, works and requests, unless the municipality already offers something."""
    municipality = db.session.scalar(select(Municipality).where(Municipality.name == MUNICIPALITY))
    if municipality is None or db.session.scalar(
            select(Asset.id).where(Asset.municipality_id == municipality.id).limit(1)) is not None:
        return
    moderator = db.session.scalar(select(Role).where(
        Role.kind == RoleKind.MODERATOR, Role.municipality_id == municipality.id).order_by(Role.id).limit(1))
    if moderator is None:
        return
    office = moderator.user
    assets = [services.create_asset(office, municipality, data) for data in _assets()]
    start = date.today() + timedelta(days=75)
    work = services.create_work(office, municipality, services.WorkData(
        kind=WorkKind.ROAD, title="Rekonstrukce ulice Lochmanova a Na Štěpnici", route=ROAD, starts_on=start,
        joining_deadline=start - timedelta(days=21), ends_on=start + timedelta(days=120),
        description="Nový povrch, chodníky a veřejné osvětlení. Výkop podél celé trasy: přidejte chráničky.",
        contact=CONTACT))
    services.create_work(office, municipality, services.WorkData(
        kind=WorkKind.SEWER, title="Kanalizace Knapovec, 2. etapa", starts_on=start + timedelta(days=200),
        joining_deadline=start + timedelta(days=150), contact=CONTACT,
        route=[(49.99012, 16.36011), (49.99250, 16.36702), (49.99410, 16.37225)]))
    operator = db.session.scalar(select(Operator).order_by(Operator.id).limit(1))
    if operator is None:
        return
    staff = db.session.scalar(select(Role).where(Role.kind == RoleKind.OPERATOR, Role.operator_id == operator.id)
                              .order_by(Role.id).limit(1))
    if staff is None:
        return
    services.request_join(staff.user, operator, work, "2× HDPE 40 mm po celé trase, komora u křižovatky.")
    hamlet = db.session.scalar(select(Locality).where(Locality.municipality_id == municipality.id,
                                                      Locality.name == "Horní Houžovec"))
    mast = assets[2]
    answered = services.request_access(staff.user, operator, mast, services.AccessData(
        "Anténa pevného bezdrátového připojení (FWA) pro Horní Houžovec.", "Montáž do 3 měsíců od souhlasu.",
        [hamlet] if hamlet else []))
    services.answer_access(office, answered, True, "Souhlas za nájem dle ceníku; montáž ohlásit 14 dní předem.")
    services.request_access(staff.user, operator, assets[3], services.AccessData(
        "Technologický kontejner (PoP) pro optickou síť do Knapovce.", "Stavba v příštím roce."))
