"""Lists of municipalities read in alphabetical order: Č among the Cs, not after Z (byte order)."""

from participation.extensions import db
from tests.comments.factories import DiscussedProposalFactory
from tests.factories import MunicipalityFactory


def test_a_proposals_municipalities_are_listed_alphabetically_with_czech_letters_in_place(app):
    names = ["Zlín", "Černovír", "Ústí nad Orlicí", "Brno", "Řetová"]
    proposal = DiscussedProposalFactory(municipalities=[MunicipalityFactory(name=n) for n in names])
    db.session.expire_all()
    listed = [m.name for m in db.session.get(type(proposal), proposal.id).municipalities]
    assert listed.index("Brno") < listed.index("Černovír") < listed.index("Řetová") < listed.index("Zlín")
    assert listed.index("Ústí nad Orlicí") < listed.index("Zlín")
