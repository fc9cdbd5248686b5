"""What must not leak: bidi tricks in saved text, sensitive pages in a browser's or proxy's cache."""

import pytest

from participation.comments.models import Comment
from participation.common.text import strip_bidi_controls
from participation.extensions import db
from participation.proposals.models import Proposal
from tests.comments.factories import DiscussedProposalFactory
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    UserFactory,
    administrator,
    representative_of,
)
from tests.proposals.factories import ProposalFactory
from tests.proposals.test_views import _form

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_bidi_controls_are_stripped_from_a_proposal_typed_in_the_form(client, login):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home))
    response = client.post("/podnety/novy", data=_form(
        [home], title="Faktura\u202efdp.exe oprava cesty", body=f"Text {BIDI}s obráceným směrem"))
    assert response.status_code == 303
    proposal = db.session.query(Proposal).one()
    assert proposal.title == "Fakturafdp.exe oprava cesty"
    assert proposal.body == "Text s obráceným směrem"
    assert not set(BIDI) & set(proposal.search_text)


def test_bidi_controls_are_stripped_from_comments_and_edits(client, login):
    proposal = DiscussedProposalFactory()
    user = UserFactory()
    login(user)
    client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "Souhlas\u2066 ízilop\u2069", f"t{proposal.thread_id}-stance": "for"})
    comment = db.session.query(Comment).one()
    assert comment.body == "Souhlas ízilop"
    proposal.title = "Upraveno\u202d"
    db.session.commit()
    assert db.session.get(Proposal, proposal.id).title == "Upraveno"


def test_strip_bidi_controls_keeps_other_text():
    assert strip_bidi_controls("Žluťoučký kůň \u200f\u202e") == "Žluťoučký kůň \u200f"
    assert strip_bidi_controls(None) is None


@pytest.mark.parametrize("path", ["/sprava/audit", "/sprava/uzivatele", "/sprava/obce", "/moderace",
                                  "/moderace/blokace", "/schranka"])
def test_administration_audit_and_moderation_pages_are_never_stored(client, login, path):
    login(administrator())
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_moderation_view_of_a_proposal_is_never_stored(client, login):
    proposal = ProposalFactory()
    login(administrator())
    response = client.get(f"/podnety/{proposal.id}/moderovat")
    assert response.headers["Cache-Control"] == "no-store"


def test_csv_exports_are_never_stored(client, login):
    grouping = GroupingFactory(members=[MunicipalityFactory()])
    login(representative_of(grouping))
    response = client.get(f"/seskupeni/{grouping.id}/prehled.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/seskupeni/{grouping.id}/pripojeni.csv").headers["Cache-Control"] == "no-store"


def test_public_pages_keep_their_caching(client):
    ProposalFactory()
    assert "no-store" not in client.get("/podnety/").headers["Cache-Control"]
    assert "no-store" not in client.get("/transparentnost").headers["Cache-Control"]
