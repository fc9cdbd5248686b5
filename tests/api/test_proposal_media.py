"""A proposal in the API carries what its page shows a visitor: photos, the PDF, the author's updates and
advisors' public opinions; hidden updates, internal opinions and who uploaded or wrote what stay out."""

from urllib.parse import urlsplit

from participation.advisors.models import AdvisorQuestion
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.media_models import ProposalDocument, ProposalPhoto, ProposalUpdate
from tests.advisors.factories import AdvisorFactory
from tests.proposals.factories import ProposalFactory

INTERNAL = "Rozpočet obce na příští rok je napjatý."
HIDDEN_UPDATE = "Telefon starosty je 777 123 456."


def _proposal_with_everything():
    proposal = ProposalFactory(title="Optika do Lhoty")
    municipality = proposal.municipalities[0]
    db.session.add_all([
        ProposalPhoto(proposal_id=proposal.id, position=0, storage_key="p/1.jpg", thumbnail_key="p/1s.jpg",
                      content_type="image/jpeg", width=1600, height=1200, thumbnail_width=400,
                      thumbnail_height=300, size=180_000, alt_text="Rozkopaná silnice u školy"),
        ProposalDocument(proposal_id=proposal.id, storage_key="p/1.pdf", file_name="petice.pdf", size=52_000),
        ProposalUpdate(proposal_id=proposal.id, author_id=proposal.author_id, body="Obec slíbila odpověď."),
        ProposalUpdate(proposal_id=proposal.id, author_id=proposal.author_id, body=HIDDEN_UPDATE,
                       hidden_at=utcnow(), hidden_reason="osobní údaje"),
    ])
    advisor = AdvisorFactory(municipalities=[municipality])
    for internal, answer in ((False, "Trasa podél silnice je levnější."), (True, INTERNAL)):
        db.session.add(AdvisorQuestion(field=advisor.field, advisor_id=advisor.id, municipality_id=municipality.id,
                                       proposal_id=proposal.id, title="Kudy vést trasu?", internal=internal,
                                       answer=answer, answered_at=utcnow()))
    db.session.commit()
    return proposal, advisor


def test_a_proposal_shows_its_photos_pdf_updates_and_public_opinions(api, conforms, app):
    proposal, advisor = _proposal_with_everything()

    body, response = api(f"/proposals/{proposal.id}")

    conforms(body, "ProposalDetail")
    [photo] = body["photos"]
    assert photo["alt_text"] == "Rozkopaná silnice u školy" and (photo["width"], photo["height"]) == (1600, 1200)
    assert photo["url"].endswith(".jpg") and photo["thumbnail_url"] != photo["url"]
    assert body["document"]["file_name"] == "petice.pdf" and body["document"]["url"].endswith(".pdf")
    assert [update["body"] for update in body["updates"]] == ["Obec slíbila odpověď."]
    assert [(o["advisor"], o["answer"]) for o in body["expert_opinions"]] == [
        (advisor.name, "Trasa podél silnice je levnější.")]
    text = response.get_data(as_text=True)
    assert INTERNAL not in text and HIDDEN_UPDATE not in text and "storage_key" not in text


def test_a_proposal_without_media_has_empty_lists_and_no_document(api, conforms, app):
    proposal = ProposalFactory()

    body, _ = api(f"/proposals/{proposal.id}")

    conforms(body, "ProposalDetail")
    assert (body["photos"], body["document"], body["updates"], body["expert_opinions"]) == ([], None, [], [])


def test_the_addresses_in_the_api_are_the_pages_photo_and_pdf_routes(api, app):
    proposal, _ = _proposal_with_everything()
    body, _ = api(f"/proposals/{proposal.id}")
    adapter = app.url_map.bind("localhost")

    full = adapter.match(urlsplit(body["photos"][0]["url"]).path)
    small = adapter.match(urlsplit(body["photos"][0]["thumbnail_url"]).path)
    document = adapter.match(urlsplit(body["document"]["url"]).path)

    assert full == ("proposals.photo", {"proposal_id": proposal.id, "photo_id": full[1]["photo_id"], "size": "full"})
    assert small[1]["size"] == "small"
    assert document == ("proposals.document", {"proposal_id": proposal.id})
