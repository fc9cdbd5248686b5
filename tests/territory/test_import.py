"""`flask territory import-municipalities`: validate every row, import all or nothing, upsert by code."""

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.territory.models import Municipality
from tests.factories import MunicipalityFactory, RegionFactory

GOOD = (
    "code,name,region,population\n"
    "579025,Česká Třebová,CZ-53,15300\n"
    "579891,Ústí nad Orlicí,Pardubický kraj,14100\n"
    "581011,Semanín,pardubicky kraj,580\n"
)


@pytest.fixture
def regions():
    return RegionFactory(code="CZ-53", name="Pardubický kraj"), RegionFactory(code="CZ-52", name="Královéhradecký kraj")


@pytest.fixture
def run_import(app, tmp_path):
    runner = app.test_cli_runner()

    def _run(content, encoding="utf-8"):
        path = tmp_path / "obce.csv"
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return runner.invoke(args=["territory", "import-municipalities", str(path)])

    return _run


def _count() -> int:
    return db.session.scalar(select(func.count(Municipality.id)))


def test_good_file_is_imported(run_import, regions):
    result = run_import(GOOD)
    assert result.exit_code == 0, result.output
    assert "3 created, 0 updated, 0 unchanged" in result.output
    town = db.session.scalar(select(Municipality).where(Municipality.code == "579891"))
    assert town.name == "Ústí nad Orlicí"
    assert town.search_name == "usti nad orlici"
    assert town.population == 14100
    assert town.region.code == "CZ-53"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "municipality.import"))
    assert entry.details["created"] == 3


def test_importing_twice_changes_nothing(run_import, regions):
    run_import(GOOD)
    result = run_import(GOOD)
    assert result.exit_code == 0
    assert "0 created, 0 updated, 3 unchanged" in result.output
    assert _count() == 3
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 1


def test_reimport_updates_by_code(run_import, regions):
    MunicipalityFactory(code="579025", name="Ceska Trebova (old)", population=1, region=regions[1])
    result = run_import(GOOD)
    assert "2 created, 1 updated, 0 unchanged" in result.output
    db.session.expire_all()
    town = db.session.scalar(select(Municipality).where(Municipality.code == "579025"))
    assert (town.name, town.population, town.region.code) == ("Česká Třebová", 15300, "CZ-53")
    assert _count() == 3


def test_byte_order_mark_and_semicolons(run_import, regions):
    content = "\ufeff" + GOOD.replace(",", ";")
    result = run_import(content)
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output


def test_czech_headers_in_another_order_and_crlf(run_import, regions):
    content = "název;kód;počet obyvatel;kraj\r\nChoceň;579939;8 500;CZ-53\r\n\r\nBrandýs nad Orlicí;579068;1400;CZ-53\r\n"
    result = run_import(content)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Municipality.population).where(Municipality.code == "579939")) == 8500


def test_names_with_commas_in_quotes(run_import, regions):
    result = run_import('code,name,region,population\n579025,"Třebová, Česká",CZ-53,10\n')
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Municipality.name)) == "Třebová, Česká"


@pytest.mark.parametrize(
    "row, reason",
    [
        ("12345,Krátký kód,CZ-53,10", "line 3: bad code '12345'"),
        ("57902A,Písmeno,CZ-53,10", "line 3: bad code '57902A'"),
        ("579025,Dvojník,CZ-53,10", "line 3: duplicate code 579025 (first on line 2)"),
        ("579939,Choceň,CZ-99,10", "line 3: unknown region 'CZ-99'"),
        ("579939,Choceň,Bavorsko,10", "line 3: unknown region 'Bavorsko'"),
        ("579939,Choceň,CZ-53,-5", "line 3: bad population '-5'"),
        ("579939,Choceň,CZ-53,mnoho", "line 3: bad population 'mnoho'"),
        ("579939,Choceň,CZ-53,1.5", "line 3: bad population '1.5'"),
        ("579939,Choceň,CZ-53,", "line 3: missing field: population"),
        ("579939,,CZ-53,10", "line 3: missing field: name"),
        ("579939,Choceň", "line 3: missing field: region, population"),
        ("579939,Choceň,CZ-53,99999999", "line 3: bad population '99999999'"),
        ("579939," + "x" * 121 + ",CZ-53,10", "line 3: name longer than 120 characters"),
    ],
)
def test_each_bad_row_is_reported_and_nothing_is_imported(run_import, regions, row, reason):
    content = "code,name,region,population\n579025,Česká Třebová,CZ-53,15300\n" + row + "\n579068,Brandýs nad Orlicí,CZ-53,1400\n"
    result = run_import(content)
    assert result.exit_code != 0
    assert reason in result.output
    assert "nothing was imported" in result.output
    assert _count() == 0


def test_every_bad_row_is_reported_not_just_the_first(run_import, regions):
    content = "code;name;region;population\n1;A;CZ-53;1\n579025;B;CZ-53;1\n579025;C;XX;-1\n"
    result = run_import(content)
    assert "line 2: bad code '1'" in result.output
    assert "line 4: duplicate code 579025 (first on line 3)" in result.output
    assert "line 4: unknown region 'XX'" in result.output
    assert "line 4: bad population '-1'" in result.output
    assert "2 bad row(s)" in result.output
    assert _count() == 0


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "the file is empty"),
        (b"code,name,region,population\n", "no rows"),
        (b"kod,jmeno\n579025,X\n", "the header must name the columns"),
        ("code,name,region,population\n579025,Česká,CZ-53,1\n".encode("cp1250"), "not UTF-8"),
    ],
)
def test_bad_files(run_import, regions, content, reason):
    result = run_import(content)
    assert result.exit_code != 0
    assert reason in result.output
    assert _count() == 0


def test_missing_file_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["territory", "import-municipalities", "/no/such.csv"])
    assert result.exit_code != 0
    assert "No such file" in result.output


def test_example_file_in_docs_imports(run_import, regions):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "municipalities.csv"
    result = run_import(example.read_bytes())
    assert result.exit_code == 0, result.output
