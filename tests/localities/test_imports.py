"""`flask localities import`: every row checked first, all or nothing, re-importing changes nothing."""

from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.localities import imports
from participation.localities.models import Locality

HEADER = "municipality_code,name,code,latitude,longitude,dwellings,inhabitants\n"


def _file(tmp_path, text: str, name: str = "lokality.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return str(path)


def _import(app, path):
    return app.test_cli_runner().invoke(args=["localities", "import", path])


def _count() -> int:
    return db.session.scalar(select(func.count(Locality.id)))


def test_import_creates_then_changes_nothing(app, world, tmp_path):
    a, c = world["a"].code, world["c"].code
    path = _file(tmp_path, HEADER + f"{a},Kerhartice,123456,49.988,16.375,180,450\n"
                 f"{a},Horní Houžovec,,\"49,999\",16.419,26,61\n{c},Horní Lipka,,,,30,60\n")
    result = _import(app, path)
    assert result.exit_code == 0, result.output
    assert "3 localities: 2 created, 1 updated, 0 unchanged" in result.output
    hamlet = db.session.get(Locality, world["hamlet"].id)
    assert (hamlet.dwellings, hamlet.latitude) == (26, 49.999)  # matched by municipality and name
    again = _import(app, path)
    assert "0 created, 0 updated, 3 unchanged" in again.output
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "locality.import")) == 1


def test_a_row_is_matched_by_its_code_so_a_rename_is_an_update(app, world, tmp_path):
    a = world["a"].code
    _import(app, _file(tmp_path, HEADER + f"{a},Kerhartice,123456,,,180,450\n"))
    result = _import(app, _file(tmp_path, HEADER + f"{a},Kerhartice u Ústí,123456,,,180,450\n", "b.csv"))
    assert "1 updated" in result.output
    assert db.session.scalar(select(Locality.name).where(Locality.code == "123456")) == "Kerhartice u Ústí"


def test_bad_rows_are_named_and_nothing_is_imported(app, world, tmp_path):
    a = world["a"].code
    before = _count()
    result = _import(app, _file(tmp_path, HEADER + f"{a},Kerhartice,123456,,,180,450\n"
                                "999999,Nikde,,,,1,1\n"
                                f"{a},Knapovec,12a,91,16.3,-5,\n"
                                f"{a},Kerhartice,,,,1,1\n"
                                f"{a},,,,,,\n"))
    assert result.exit_code != 0
    assert "line 3: unknown municipality code '999999'" in result.output
    assert "line 4: bad code '12a'" in result.output
    assert "line 4: bad latitude '91'" in result.output
    assert "line 4: bad dwellings '-5'" in result.output
    assert "line 5: duplicate name (first on line 2)" in result.output
    assert "line 6: missing field: name" in result.output
    assert "nothing was imported" in result.output
    assert _count() == before


def test_a_code_of_another_municipalitys_locality_is_refused(app, world, tmp_path):
    _import(app, _file(tmp_path, HEADER + f"{world['c'].code},Horní Lipka,555,,,30,60\n"))
    result = _import(app, _file(tmp_path, HEADER + f"{world['a'].code},Lipka,555,,,30,60\n", "b.csv"))
    assert "code 555 belongs to a locality of another municipality" in result.output


def test_a_header_without_the_required_columns_is_refused(app, world, tmp_path):
    result = _import(app, _file(tmp_path, "kod;nazev\n579025;Parník\n"))
    assert "line 1: the header must name the columns" in result.output


def test_semicolons_and_a_long_file_with_progress(app, world, monkeypatch, tmp_path):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    rows = "".join(f"{world['b'].code};Samota {n};;;;{n};{2 * n}\n" for n in range(5))
    result = _import(app, _file(tmp_path, HEADER.replace(",", ";") + rows))
    assert result.exit_code == 0, result.output
    assert "… 2 of 5 rows" in result.output and "… 5 of 5 rows" in result.output
    assert "5 created" in result.output
