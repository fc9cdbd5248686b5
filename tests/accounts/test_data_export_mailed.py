"""A large "Your data" export is prepared off the request path and mailed as a link that works once, for its account."""

import json
import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from participation.accounts.models import DataExport
from participation.accounts.tokens import Purpose, make_token
from participation.common import storage
from participation.common.models import utcnow
from participation.extensions import db
from participation.notifications.jobs import scheduler_tick
from tests.factories import UserFactory
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def small_limit(app):
    app.config["DATA_EXPORT_INLINE_MAX_ROWS"] = 3


def _link(mail) -> str:
    return re.search(r"http://localhost(/profil/data/stazeni/\S+)", mail.text).group(1)


def _resident_with_much_data():
    eva = UserFactory(email="eva@example.cz", display_name="Eva", locale="en")
    for number in range(4):
        ProposalFactory(author=eva, title=f"Podnět {number}")
    return eva


def _exports() -> list[DataExport]:
    return list(db.session.scalars(select(DataExport)))


def _is_kept(key: str) -> bool:
    try:
        storage.backend().read(key)
    except NotFound:
        return False
    return True


def test_a_small_export_still_downloads_at_once(client, login, outbox, small_limit):
    eva = UserFactory()
    login(eva)
    response = client.get("/profil/data/spolu.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert outbox == [] and _exports() == []


def test_a_large_export_is_mailed_as_a_link_that_works_once(client, login, outbox, small_limit):
    eva = _resident_with_much_data()
    login(eva)
    response = client.get("/profil/data/spolu.json")
    assert response.status_code == 303 and response.headers["Location"] == "/profil/data"
    page = client.get("/profil/data").get_data(as_text=True)
    assert "eva@example.cz" in page
    (mail,) = outbox
    assert mail.to == "eva@example.cz" and mail.subject == "Your data from Spolu is ready to download"
    (prepared,) = _exports()
    key = prepared.storage_key
    assert _is_kept(key)

    download = client.get(_link(mail))
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    titles = [row["title"] for row in json.loads(download.get_data(as_text=True))["data"]["proposal"]]
    assert sorted(titles) == [f"Podnět {n}" for n in range(4)]
    assert _exports() == [] and not _is_kept(key)
    assert client.get(_link(mail)).status_code == 410


def test_the_zip_is_mailed_too(client, login, outbox, small_limit):
    login(_resident_with_much_data())
    client.get("/profil/data/spolu.zip")
    download = client.get(_link(outbox[0]))
    assert download.status_code == 200 and download.mimetype == "application/zip"


def test_the_link_works_only_for_its_signed_in_account(app, client, login, outbox, small_limit):
    eva = _resident_with_much_data()
    login(eva)
    client.get("/profil/data/spolu.json")
    link = _link(outbox[0])
    with client.session_transaction() as session:
        session.clear()
    response = client.get(link)
    assert response.status_code == 302 and "/prihlaseni" in response.headers["Location"]
    login(UserFactory())
    other = client.get(link)
    assert other.status_code == 404 and "Podnět 0" not in other.get_data(as_text=True)
    assert len(_exports()) == 1  # still there for Eva
    forged = client.get("/profil/data/stazeni/" + make_token(Purpose.CONFIRM_EMAIL, {"user": eva.id, "export": 1}))
    assert forged.status_code == 404


def test_an_expired_link_gives_a_clear_page_and_the_file_is_removed(app, client, login, outbox, small_limit):
    login(_resident_with_much_data())
    client.get("/profil/data/spolu.json")
    (prepared,) = _exports()
    key = prepared.storage_key
    prepared.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    client.set_cookie("lang", "en")
    response = client.get(_link(outbox[0]))
    assert response.status_code == 410 and "This download link has expired" in response.get_data(as_text=True)
    assert _exports() == [] and not _is_kept(key)


def test_the_scheduler_and_a_command_remove_files_nobody_fetched(app, client, login, outbox, small_limit):
    login(_resident_with_much_data())
    client.get("/profil/data/spolu.json")
    client.get("/profil/data/spolu.zip")
    first, second = _exports()
    first.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    first_key, second_key = first.storage_key, second.storage_key
    scheduler_tick()
    assert [e.storage_key for e in _exports()] == [second_key]
    assert not _is_kept(first_key) and _is_kept(second_key)
    db.session.execute(DataExport.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    result = CliRunner().invoke(app.cli, ["accounts", "remove-expired-exports"], catch_exceptions=False)
    assert "Removed 1 expired data exports." in result.output
    assert db.session.scalar(select(func.count(DataExport.id))) == 0 and not _is_kept(second_key)


def test_counting_the_rows_costs_a_query_per_table_however_much_data(client, login, count_queries):
    eva = UserFactory()
    login(eva)
    client.get("/profil/data/spolu.json")
    db.session.expire_all()
    with count_queries() as few:
        client.get("/profil/data/spolu.json")
    for _ in range(5):
        ProposalFactory(author=eva)
    db.session.expire_all()
    with count_queries() as many:
        client.get("/profil/data/spolu.json")
    assert few["n"] == many["n"], many["statements"]
