"""A small world for the API tests: for every kind, public items and the ones the API must never show."""

from dataclasses import dataclass
from datetime import timedelta

from werkzeug.datastructures import MultiDict

from participation.agreements.models import AgreementDocument, AgreementProposal, AgreementStatus
from participation.common.models import utcnow
from participation.consultations.answering import submit_response
from participation.consultations.models import QuestionKind
from participation.extensions import db
from participation.good_practice.models import GoodPracticeStatus
from participation.localities.models import ConnectionStatus, ReportSource
from participation.projects.models import ProjectProposal
from participation.proposals.models import OfficialAnswer, ProposalStatus
from tests.agreements.factories import AgreementFactory
from tests.consultations.factories import form_for, make_consultation
from tests.factories import GroupingFactory, MunicipalityFactory, RegionFactory
from tests.good_practice.factories import GoodPracticeFactory
from tests.localities.factories import ConnectionReportFactory, LocalityFactory
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import ProposalFactory, residents, supporters

SECRET_EMAIL = "tajny.autor@example.cz"
SECRET_NOTE = "Paní Nováková z čp. 12"


@dataclass
class World:
    home: object
    neighbour: object
    elsewhere: object
    grouping: object
    proposal: object
    draft: object
    hidden: object
    withdrawn: object
    agreement: object
    draft_agreement: object
    project: object
    practice: object
    draft_practice: object
    closed: object
    open_consultation: object
    draft_consultation: object
    served: object
    unknown: object


def _proposals(home, neighbour, grouping):
    author = residents(home, 1)[0]  # no password: hashing one costs more than the rest of the world
    author.email = SECRET_EMAIL
    proposal = ProposalFactory(title="Optika do Lhoty", author=author, municipalities=[home, neighbour],
                               grouping=grouping)
    supporters(proposal, home, 3)
    supporters(proposal, neighbour, 2)
    db.session.add(OfficialAnswer(proposal_id=proposal.id, municipality_id=home.id, body="Řešíme to."))
    draft = ProposalFactory(title="Rozepsaný podnět", author=author, status=ProposalStatus.DRAFT,
                            published_at=None, municipalities=[home])
    hidden = ProposalFactory(title="Skrytý podnět o skládce", author=author, hidden_at=utcnow(), municipalities=[home])
    withdrawn = ProposalFactory(title="Stažený podnět", author=author, status=ProposalStatus.WITHDRAWN,
                                withdrawn_at=utcnow(), municipalities=[home])
    db.session.commit()
    return proposal, draft, hidden, withdrawn


def _chain(home, grouping, proposal, hidden, draft):
    agreement = AgreementFactory(title="Memorandum o optice", municipalities=[home], groupings=[grouping])
    draft_agreement = AgreementFactory(title="Rozepsaná smlouva", status=AgreementStatus.DRAFT, municipalities=[home])
    db.session.add_all([
        AgreementProposal(agreement_id=agreement.id, proposal_id=proposal.id, note="Řeší to."),
        AgreementProposal(agreement_id=agreement.id, proposal_id=hidden.id, note="Skrytý."),
        AgreementDocument(agreement_id=agreement.id, title="Text memoranda", url="https://obec.example.cz/m.pdf"),
    ])
    project = ProjectFactory(title="Páteř Lhota", municipalities=[home], agreement=draft_agreement)
    db.session.add_all([ProjectProposal(project_id=project.id, proposal_id=proposal.id),
                        ProjectProposal(project_id=project.id, proposal_id=hidden.id)])
    practice = GoodPracticeFactory(title="Sdílený výkop", municipalities=[home], proposals=[proposal, draft, hidden],
                                   agreement=draft_agreement)
    draft_practice = GoodPracticeFactory(title="Rozepsaná praxe", status=GoodPracticeStatus.DRAFT,
                                         published_at=None, municipalities=[home])
    db.session.commit()
    return agreement, draft_agreement, project, practice, draft_practice


def _consultations(home, neighbour, grouping):
    kinds = ((QuestionKind.SINGLE, "Kudy povede optika nejdřív?", ["Sever", "Jih"]),
             (QuestionKind.TEXT, "Co dalšího nám chcete říct?", []))
    closed = make_consultation(grouping, [home, neighbour], phase="open", kinds=kinds, title="Uzavřená konzultace")
    for resident in residents(home, 5):
        submit_response(resident, closed, MultiDict(form_for(closed, single="Sever", text=SECRET_NOTE)))
    for resident in residents(neighbour, 1):
        submit_response(resident, closed, MultiDict(form_for(closed, single="Jih", text=SECRET_NOTE)))
    closed.closes_at = utcnow() - timedelta(minutes=1)
    open_consultation = make_consultation(grouping, [home], phase="open", kinds=kinds, title="Otevřená konzultace")
    draft = make_consultation(grouping, [home], phase="draft", kinds=kinds, title="Rozepsaná konzultace")
    db.session.commit()
    return closed, open_consultation, draft


def build() -> World:
    region = RegionFactory(code="CZ-063")  # never one of the factory sequence's codes
    home = MunicipalityFactory(name="Lhota", region=region)
    neighbour = MunicipalityFactory(name="Ves", region=region)
    elsewhere = MunicipalityFactory(name="Daleko")
    grouping = GroupingFactory(name="Svazek Lhota", members=[home, neighbour])
    proposal, draft, hidden, withdrawn = _proposals(home, neighbour, grouping)
    agreement, draft_agreement, project, practice, draft_practice = _chain(home, grouping, proposal, hidden, draft)
    closed, open_consultation, draft_consultation = _consultations(home, neighbour, grouping)
    served = LocalityFactory(name="Horní Lhota", municipality=home, status=ConnectionStatus.SERVED, report_count=4,
                             newest_report_at=utcnow())
    unknown = LocalityFactory(name="Dolní Lhota", municipality=home, report_count=2, newest_report_at=utcnow())
    ConnectionReportFactory(locality=served, source=ReportSource.OFFICE, office_note=SECRET_NOTE)
    return World(home, neighbour, elsewhere, grouping, proposal, draft, hidden, withdrawn, agreement,
                 draft_agreement, project, practice, draft_practice, closed, open_consultation, draft_consultation,
                 served, unknown)
