"""The localities' territory and operators, plus a duct, a mast, a parcel and a road reconstruction in "a"."""

from datetime import date, timedelta

import pytest

from participation.infrastructure import services
from participation.infrastructure.models import AssetConditions, AssetKind, AssetStatus, WorkKind
from tests.localities.conftest import residents, world  # noqa: F401  (fixtures used here)
from tests.operators.conftest import english, operators  # noqa: F401

# A duct along a road in Ústí nad Orlicí (exact: never for a visitor).
DUCT_ROUTE = [(49.973612, 16.393911), (49.975120, 16.401234), (49.976055, 16.408871)]
MAST_POINT = (49.981234, 16.412345)


def asset_data(**overrides) -> services.AssetData:
    values = dict(kind=AssetKind.DUCT, name="Chránička podél Dukelské", owner="Město Ústí nad Orlicí",
                  conditions=AssetConditions.ON_REQUEST, free_capacity="2 ze 4 trubek HDPE 40",
                  contact="Ing. Jana Nováková, 465 514 111", route=list(DUCT_ROUTE))
    values.update(overrides)
    return services.AssetData(**values)


def work_data(**overrides) -> services.WorkData:
    start = date.today() + timedelta(days=60)
    values = dict(kind=WorkKind.ROAD, title="Rekonstrukce ulice Dukelská", route=list(DUCT_ROUTE),
                  starts_on=start, joining_deadline=start - timedelta(days=14), ends_on=start + timedelta(days=90),
                  contact="odbor investic, 465 514 222")
    values.update(overrides)
    return services.WorkData(**values)


@pytest.fixture
def infra(world, operators):  # noqa: F811
    moderator = world["moderator"]
    duct = services.create_asset(moderator, world["a"], asset_data())
    mast = services.create_asset(moderator, world["a"], asset_data(
        kind=AssetKind.MAST, name="Stožár u vodojemu", free_capacity="", route=[],
        latitude=MAST_POINT[0], longitude=MAST_POINT[1], conditions=AssetConditions.PRICED))
    reserved = services.create_asset(moderator, world["a"], asset_data(
        kind=AssetKind.ROOFTOP, name="Střecha radnice", free_capacity="", route=[], latitude=49.9741,
        longitude=16.3932, status=AssetStatus.RESERVED))
    work = services.create_work(moderator, world["a"], work_data())
    return {"duct": duct, "mast": mast, "reserved": reserved, "work": work}
