"""Demo data: ducts, a mast, a parcel, a road reconstruction with a joining deadline, an answered request."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.infrastructure import seed as infrastructure_seed
from participation.infrastructure.models import (
    AccessRequest,
    Asset,
    AssetKind,
    JoinRequest,
    PlannedWork,
    RequestState,
)


def test_seed_without_demo_data_does_nothing(app):
    infrastructure_seed.seed({"logins": []})
    assert db.session.scalar(select(func.count(Asset.id))) == 0


def test_demo_infrastructure_is_added_once(app):
    from participation.admin import seed as admin_seed
    from participation.localities import seed as localities_seed
    from participation.operators import seed as operators_seed
    from participation.territory import seed as territory_seed

    context = {"logins": []}
    for module in (territory_seed, admin_seed, localities_seed, operators_seed, infrastructure_seed,
                   infrastructure_seed):
        module.seed(context)
    kinds = sorted(db.session.scalars(select(Asset.kind)))
    assert kinds.count(AssetKind.DUCT) == 2 and AssetKind.MAST in kinds and AssetKind.PARCEL in kinds
    road = db.session.scalar(select(PlannedWork).where(PlannedWork.kind == "road"))
    assert road.joining_deadline < road.starts_on
    assert db.session.scalar(select(func.count(JoinRequest.id))) == 1
    states = list(db.session.scalars(select(AccessRequest.state)))
    assert sorted(states) == sorted([RequestState.AGREED, RequestState.PENDING])
