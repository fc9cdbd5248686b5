"""Whole-dataset exports are written once per change and then served from disk (opendata/kept_files.py)."""

import os

import pytest

from participation.extensions import db
from participation.opendata import kept_files
from tests.factories import MunicipalityFactory
from tests.proposals.factories import ProposalFactory, supporters


@pytest.fixture(autouse=True)
def own_folder(app, tmp_path, monkeypatch):
    """This test's files only (the app, and its instance folder, serve the whole session)."""
    monkeypatch.setitem(app.config, "EXPORT_FILES_DIR", str(tmp_path / "exports"))


def _download(client, address="/otevrena-data/podnety.csv", **kwargs):
    response = client.get(address, **kwargs)
    body = response.get_data()
    response.close()
    return response, body


def _files(app):
    with app.test_request_context():
        return sorted(path.name for path in kept_files.folder().iterdir())


@pytest.mark.parametrize("address", ["/otevrena-data/podnety.csv", "/otevrena-data/podnety.json"])
def test_the_second_download_is_the_kept_file_and_runs_no_query(app, visitor, world, count_queries, address):
    first, built = _download(visitor, address)
    with count_queries(keep_cache=True) as counter:
        second, kept = _download(visitor, address)
    assert kept == built and "Optika do Lhoty" in kept.decode("utf-8-sig")
    assert counter["n"] == 0
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert second.mimetype == first.mimetype and second.headers.get("ETag")


def test_a_browser_holding_the_file_gets_304(visitor, world):
    _download(visitor)
    kept, _ = _download(visitor)
    again, body = _download(visitor, headers={"If-None-Match": kept.headers["ETag"]})
    assert again.status_code == 304 and body == b""


def test_a_new_proposal_and_a_new_support_are_in_the_next_download(app, visitor, world):
    _download(visitor)
    _download(visitor)
    home = MunicipalityFactory(name="Nová Ves")
    ProposalFactory(title="Lampy v Nové Vsi", municipalities=[home])
    db.session.commit()
    _, body = _download(visitor)
    assert "Lampy v Nové Vsi" in body.decode("utf-8-sig")
    supporters(world.proposal, world.home, 2)
    db.session.commit()
    _, body = _download(visitor)
    line = next(row for row in body.decode("utf-8-sig").splitlines() if "Optika do Lhoty" in row)
    assert ";7;" in line  # 5 supporters, then 2 more


def test_one_file_per_export_stays_on_disk(app, visitor, world):
    _download(visitor)
    ProposalFactory(title="Další podnět", municipalities=[world.home])
    db.session.commit()
    _download(visitor)
    _download(visitor, "/otevrena-data/podnety.json")
    assert len(_files(app)) == 2  # the CSV's newer copy and the JSON; no part files


def test_a_download_cut_short_keeps_nothing(app, visitor, world, count_queries):
    response = visitor.get("/otevrena-data/podnety.csv")
    next(iter(response.response))  # the header only, then the reader goes away
    response.close()
    assert _files(app) == []
    with count_queries(keep_cache=True) as counter:
        _download(visitor)
    assert counter["n"] > 0  # built again, in full


def test_filtered_exports_are_built_for_each_download(app, visitor, world, count_queries):
    _download(visitor, f"/otevrena-data/podnety.csv?municipality={world.home.id}")
    with count_queries(keep_cache=True) as counter:
        _, body = _download(visitor, f"/otevrena-data/podnety.csv?municipality={world.home.id}")
    assert counter["n"] > 0 and "Optika do Lhoty" in body.decode("utf-8-sig")
    assert _files(app) == []


def test_each_language_has_its_own_file(visitor, world):
    _download(visitor)
    _, english = _download(visitor, headers={"Accept-Language": "en"})
    assert "Title" in english.decode("utf-8-sig") and "Název" not in english.decode("utf-8-sig")
    _, czech = _download(visitor)
    assert "Název" in czech.decode("utf-8-sig")


def test_without_kept_files_every_download_is_built(app, visitor, world, count_queries, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_FILES_KEPT", False)
    _download(visitor)
    with count_queries(keep_cache=True) as counter:
        _, body = _download(visitor)
    assert counter["n"] > 0 and "Optika do Lhoty" in body.decode("utf-8-sig")
    assert _files(app) == []


def test_a_kept_file_another_process_removed_is_built_again(app, visitor, world):
    _, built = _download(visitor)
    with app.test_request_context():
        for path in kept_files.folder().iterdir():
            path.unlink()  # as a process that built a newer copy may do
    again, body = _download(visitor)
    assert again.status_code == 200 and body == built
    assert len(_files(app)) == 1


def test_another_processs_copy_is_left_while_an_entry_may_still_name_it(app, visitor, world):
    _download(visitor)
    with app.test_request_context():
        (copy,) = list(kept_files.folder().iterdir())
        theirs = copy.with_name(copy.name.replace(f"-{os.getpid()}-", "-1-"))
        copy.rename(theirs)  # now another process's copy, the one the entry names
    ProposalFactory(title="Další podnět", municipalities=[world.home])
    db.session.commit()
    _download(visitor)
    assert theirs.name in _files(app) and len(_files(app)) == 2


def test_while_one_download_writes_the_file_the_others_stream_theirs(app, visitor, world, count_queries):
    first = visitor.get("/otevrena-data/podnety.csv")
    next(iter(first.response))  # the first download is still being written
    with count_queries(keep_cache=True) as counter:
        second, body = _download(visitor)
    assert counter["n"] > 0 and "Optika do Lhoty" in body.decode("utf-8-sig")
    first.get_data()
    first.close()
    with count_queries(keep_cache=True) as counter:
        _, kept = _download(visitor)
    assert counter["n"] == 0 and kept == body
    assert len(_files(app)) == 1
