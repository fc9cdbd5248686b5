"""Factories for localities and connection reports."""

import factory

from participation.localities.models import ConnectionReport, FixedTechnology, Locality, MobileSignal
from participation.localities.reports import ReportData
from tests.factories import BaseFactory, MunicipalityFactory, folded


class LocalityFactory(BaseFactory):
    class Meta:
        model = Locality

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Osada {n}")
    search_name = folded("name")
    dwellings = 40
    inhabitants = 100


class ConnectionReportFactory(BaseFactory):
    """A report written straight to the table (the status is not refreshed: use the services for that)."""

    class Meta:
        model = ConnectionReport

    locality = factory.SubFactory(LocalityFactory)
    fixed_technology = FixedTechnology.DSL
    mobile_signal = MobileSignal.WEAK
    advertised_download = 20.0
    advertised_upload = 2.0


def report_data(technology: str = "dsl", download=20.0, upload=2.0, **values) -> ReportData:
    """What a resident types: a technology and the advertised speeds (none for "none")."""
    if technology == "none":
        download = upload = None
    return ReportData(fixed_technology=FixedTechnology(technology), mobile_signal=MobileSignal.USABLE,
                      advertised_download=download, advertised_upload=upload, **values)
