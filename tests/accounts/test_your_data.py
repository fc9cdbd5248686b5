"""Your data: a resident downloads everything Spolu holds about them; deleting may remove their comments' text."""

import csv
import io
import json
import re
import zipfile

from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.extensions import db
from participation.follows.models import Follow
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import PASSWORD, RoleFactory, UserFactory
from tests.proposals.factories import ProposalFactory, SupportFactory


def _world():
    eva = UserFactory(email="eva@example.cz", display_name="Eva Kovářová")
    other = UserFactory(email="jan@example.cz", display_name="Jan Cizí")
    proposal = ProposalFactory(author=eva, title="Chodník do Kuřimi")
    foreign = ProposalFactory(author=other, title="Cizí podnět")
    SupportFactory(user=eva, proposal=foreign)
    SupportFactory(user=other, proposal=proposal)
    discussed = DiscussedProposalFactory(author=other)
    add_comment(discussed, author=eva, body="Můj komentář, žádné tajemství")
    add_comment(discussed, author=other, body="Komentář někoho jiného")
    db.session.add(Follow(user_id=eva.id, proposal_id=foreign.id))
    db.session.commit()
    return eva, other


def test_the_json_download_holds_the_persons_data_and_nobody_elses(client, login):
    eva, other = _world()
    login(eva)
    response = client.get("/profil/data/spolu.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "eva@example.cz" and data["account"]["display_name"] == "Eva Kovářová"
    assert [p["title"] for p in data["data"]["proposal"]] == ["Chodník do Kuřimi"]
    assert [s["user_id"] for s in data["data"]["support"]] == [eva.id]
    assert [c["body"] for c in data["data"]["comment"]] == ["Můj komentář, žádné tajemství"]
    assert len(data["data"]["follow"]) == 1
    assert len(data["data"]["sign_in_session"]) == 1
    text = response.get_data(as_text=True)
    assert "password_hash" not in text and "token_hash" not in text and "scrypt:" not in text
    assert "Jan Cizí" not in text and "Komentář někoho jiného" not in text and "jan@example.cz" not in text


def test_the_zip_holds_a_csv_per_kind_of_data_and_the_json(client, login):
    eva, _other = _world()
    login(eva)
    response = client.get("/profil/data/spolu.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = set(archive.namelist())
    assert {"account.csv", "proposal.csv", "support.csv", "comment.csv", "follow.csv", "spolu.json"} <= names
    rows = list(csv.DictReader(io.StringIO(archive.read("comment.csv").decode("utf-8-sig"))))
    assert [row["body"] for row in rows] == ["Můj komentář, žádné tajemství"]
    account = list(csv.DictReader(io.StringIO(archive.read("account.csv").decode("utf-8-sig"))))
    assert account[0]["email"] == "eva@example.cz" and "password_hash" not in account[0]


def test_the_data_page_links_both_downloads_and_the_profile_links_it(client, login):
    eva = UserFactory()
    login(eva)
    html = client.get("/profil/data").get_data(as_text=True)
    assert 'href="/profil/data/spolu.json"' in html and 'href="/profil/data/spolu.zip"' in html
    assert 'href="/profil/data"' in client.get("/profil").get_data(as_text=True)


def test_only_the_person_downloads_their_data(client):
    for path in ("/profil/data", "/profil/data/spolu.json", "/profil/data/spolu.zip"):
        response = client.get(path)
        assert response.status_code == 302 and "/prihlaseni" in response.headers["Location"]
    assert client.get("/profil/data/spolu.exe").status_code == 404


def test_the_download_costs_a_query_per_table_however_much_data(client, login, count_queries):
    eva, _other = _world()
    login(eva)
    client.get("/profil/data/spolu.json")
    db.session.expire_all()
    with count_queries() as few:
        client.get("/profil/data/spolu.json")
    for _ in range(5):
        ProposalFactory(author=eva)
        RoleFactory(user=eva, municipality=eva.home_municipality)
    db.session.expire_all()
    with count_queries() as many:
        client.get("/profil/data/spolu.json")
    assert few["n"] == many["n"], many["statements"]


def _comments_of(user):
    return list(db.session.scalars(select(Comment).where(Comment.author_id == user.id)))


def test_deleting_with_comments_removed_leaves_placeholders_and_counts(client, login):
    eva, other = _world()
    kept_by_other = _comments_of(other)[0].body
    total = db.session.scalar(select(func.count(Comment.id)))
    login(eva)
    page = client.get("/profil/smazat").get_data(as_text=True)
    assert re.search(r'<input checked id="comments-0" name="comments" type="radio" value="keep">', page)
    response = client.post("/profil/smazat", data={"current_password": PASSWORD, "comments": "remove"})
    assert response.status_code == 303
    db.session.expire_all()
    (mine,) = _comments_of(eva)
    assert mine.body == "" and mine.deleted_at is not None
    assert db.session.scalar(select(func.count(Comment.id))) == total
    assert _comments_of(other)[0].body == kept_by_other


def test_deleting_keeps_comments_anonymised_by_default(client, login):
    eva, _other = _world()
    login(eva)
    assert client.post("/profil/smazat", data={"current_password": PASSWORD}).status_code == 303
    db.session.expire_all()
    (mine,) = _comments_of(eva)
    assert mine.body == "Můj komentář, žádné tajemství" and mine.deleted_at is None


def test_a_made_up_choice_for_comments_is_refused_next_to_the_field(client, login):
    eva, _other = _world()
    login(eva)
    response = client.post("/profil/smazat", data={"current_password": PASSWORD, "comments": "shred"})
    assert response.status_code == 200
    assert 'id="comments-error"' in response.get_data(as_text=True)
    db.session.refresh(eva)
    assert not eva.is_deleted
