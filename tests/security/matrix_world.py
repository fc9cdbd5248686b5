"""The small world the authorization matrix is tried in: one of each role and one of each thing.

"here" is the municipality everything is about; the resident owns the
proposal, the comment and the notification; the other resident lives in the
same place but owns nothing; the moderators, representatives and
administrator hold their roles in or out of that scope.
"""

from datetime import date, timedelta

from participation.accounts.models import Role, RoleKind
from participation.advisors.models import (
    Advisor,
    AdvisorField,
    AdvisorQuestion,
    Coordinator,
    Guide,
    GuideVersion,
    OpinionRequest,
)
from participation.agreements.models import AgreementDocument, AgreementProposal
from participation.common.models import utcnow
from participation.consultations.models import Answer, QuestionKind, Response
from participation.events.models import Event
from participation.extensions import db
from participation.localities.models import (
    ConnectionReport,
    FixedTechnology,
    LocalityProposal,
    MobileSignal,
    ProjectLocality,
    ReportSource,
)
from participation.moderation.models import PostingBlock, Report, ReportReason
from participation.notifications.models import Notification
from participation.operators.models import Declaration, DeclarationKind, DeclarationState, ReportAnswer
from participation.projects.models import Milestone, ProjectProposal, ProjectUpdate
from participation.referrals.models import Referral, ReferralLevel
from participation.territory.models import GroupingKind
from participation.workspaces.models import AnswerTemplate
from tests.agreements.factories import AgreementFactory
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.consultations.factories import make_consultation
from tests.factories import GroupingFactory, MunicipalityFactory, RegionFactory
from tests.follows.factories import UserFactory
from tests.good_practice.factories import GoodPracticeFactory
from tests.localities.factories import LocalityFactory
from tests.operators.factories import OperatorFactory
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import DraftFactory

ROLES = (
    "anonymous",
    "unconfirmed",
    "blocked",
    "resident",
    "other_resident",
    "moderator",
    "moderator_elsewhere",
    "dso_representative",
    "mas_representative",
    "representative_elsewhere",
    "administrator",
)


def _role(user, kind: RoleKind, **scope) -> Role:
    role = Role(user_id=user.id, kind=kind, **scope)
    db.session.add(role)
    return role


def _infrastructure(here, operator, asker) -> dict:
    """An offered mast, planned works, and the operator's requests: one waiting, one agreed, one to join."""
    from participation.infrastructure.models import (
        AccessRequest,
        Asset,
        AssetConditions,
        AssetKind,
        JoinRequest,
        PlannedWork,
        RequestState,
        WorkKind,
    )

    mast = Asset(municipality_id=here.id, kind=AssetKind.MAST, name="Stožár u vodojemu", owner="Obec",
                 conditions=AssetConditions.PRICED, latitude=49.98, longitude=16.41)
    start = date.today() + timedelta(days=60)
    work = PlannedWork(municipality_id=here.id, kind=WorkKind.ROAD, title="Rekonstrukce návsi",
                       route='{"type":"LineString","coordinates":[[16.39,49.97],[16.40,49.975]]}',
                       starts_on=start, joining_deadline=start - timedelta(days=14))
    db.session.add_all([mast, work])
    db.session.flush()
    due = date.today() + timedelta(days=60)
    waiting = AccessRequest(asset_id=mast.id, operator_id=operator.id, purpose="Anténa", due_on=due,
                            requested_by_id=asker.id)
    agreed = AccessRequest(asset_id=mast.id, operator_id=operator.id, purpose="Anténa", due_on=due,
                           state=RequestState.AGREED, answered_at=utcnow(), requested_by_id=asker.id)
    join = JoinRequest(work_id=work.id, operator_id=operator.id, what="2× HDPE 40", requested_by_id=asker.id)
    db.session.add_all([waiting, agreed, join])
    db.session.commit()
    return {"asset_id": mast.id, "work_id": work.id, "access_request_id": waiting.id,
            "agreed_request_id": agreed.id, "join_request_id": join.id}


def build_world() -> dict:
    """Create the world; return the users by role (ids) and the things by name (ids and codes)."""
    region = RegionFactory()
    here = MunicipalityFactory(region=region)
    neighbour = MunicipalityFactory(region=region)
    far = MunicipalityFactory(region=RegionFactory())
    dso = GroupingFactory(kind=GroupingKind.DSO, members=[here, neighbour])
    mas = GroupingFactory(kind=GroupingKind.MAS, members=[here])
    far_dso = GroupingFactory(kind=GroupingKind.DSO, members=[far])

    users = {
        "resident": UserFactory(home_municipality=here),
        "other_resident": UserFactory(home_municipality=here),
        "unconfirmed": UserFactory(home_municipality=here, email_confirmed_at=None),
        "blocked": UserFactory(home_municipality=here),
        "moderator": UserFactory(home_municipality=here),
        "moderator_elsewhere": UserFactory(home_municipality=far),
        "dso_representative": UserFactory(home_municipality=neighbour),
        "mas_representative": UserFactory(home_municipality=here),
        "representative_elsewhere": UserFactory(home_municipality=far),
        "administrator": UserFactory(home_municipality=far),
    }
    moderator_role = _role(users["moderator"], RoleKind.MODERATOR, municipality_id=here.id)
    _role(users["moderator_elsewhere"], RoleKind.MODERATOR, municipality_id=far.id)
    _role(users["dso_representative"], RoleKind.REPRESENTATIVE, grouping_id=dso.id)
    _role(users["mas_representative"], RoleKind.REPRESENTATIVE, grouping_id=mas.id)
    _role(users["representative_elsewhere"], RoleKind.REPRESENTATIVE, grouping_id=far_dso.id)
    _role(users["administrator"], RoleKind.ADMINISTRATOR)
    resident = users["resident"]
    block = PostingBlock(user_id=users["blocked"].id, reason="Urážky", ends_at=utcnow() + timedelta(days=7))
    db.session.add(block)
    db.session.commit()

    proposal = DiscussedProposalFactory(author=resident, municipalities=[here, neighbour])
    draft = DraftFactory(author=resident, municipalities=[here])
    comment = add_comment(proposal, author=resident, body="Souhlasím, cesta je nebezpečná.")
    report = Report(reporter_id=users["other_resident"].id, comment_id=comment.id, reason=ReportReason.OFFENSIVE)
    db.session.add(report)

    agreement = AgreementFactory(municipalities=[here], groupings=[dso])
    document = AgreementDocument(agreement_id=agreement.id, title="Stanovy", url="https://example.cz/stanovy.pdf")
    db.session.add(document)
    db.session.add(AgreementProposal(agreement_id=agreement.id, proposal_id=proposal.id))
    project = ProjectFactory(municipalities=[here], agreement_id=agreement.id)
    milestone = Milestone(project_id=project.id, title="Projektová dokumentace", planned_on=date.today())
    update = ProjectUpdate(project_id=project.id, posted_on=date.today(), body="Začali jsme kopat.")
    db.session.add_all([milestone, update, ProjectProposal(project_id=project.id, proposal_id=proposal.id)])
    practice = GoodPracticeFactory(municipalities=[here])
    locality = LocalityFactory(municipality=here)
    operator = OperatorFactory(municipalities=[here])
    declaration = Declaration(operator_id=operator.id, locality_id=locality.id, kind=DeclarationKind.CURRENT,
                              technology=FixedTechnology.FIBRE, download=1000.0, upload=300.0,
                              state=DeclarationState.DISPUTED, disputes=1, disputed_at=utcnow())
    coverage = ProjectLocality(project_id=project.id, locality_id=locality.id, dwellings=40)
    office_report = ConnectionReport(locality_id=locality.id, recorded_by_id=users["moderator"].id,
                                     source=ReportSource.OFFICE, fixed_technology=FixedTechnology.NONE,
                                     mobile_signal=MobileSignal.WEAK)
    db.session.add_all([declaration, coverage, office_report,
                        LocalityProposal(locality_id=locality.id, proposal_id=proposal.id)])
    db.session.flush()
    report_answer = ReportAnswer(report_id=office_report.id, operator_id=operator.id, kind="dispute",
                                 explanation="Optika tam vede.")
    db.session.add(report_answer)
    referral = Referral(proposal_id=proposal.id, level=ReferralLevel.REGION, region_id=region.id,
                        addressee="Krajský úřad", reason="Přesahuje svazek.")
    db.session.add(referral)
    answer_template = AnswerTemplate(municipality_id=here.id, title="Prověříme na místě",
                                     body="Děkujeme, prověříme to na místě.")
    db.session.add(answer_template)
    db.session.commit()
    infrastructure = _infrastructure(here, operator, users["other_resident"])

    # An energy advisor (not one of the roles) serving the DSO, an open question the moderator asked about the
    # proposal, a guide, a resident's pending request for an opinion and a coordinator of the field.
    advisor = Advisor(user_id=UserFactory(home_municipality=far).id, field=AdvisorField.ENERGY,
                      groupings=[dso])
    db.session.add(advisor)
    db.session.flush()
    advisor_question = AdvisorQuestion(field=AdvisorField.ENERGY, advisor_id=advisor.id,
                                       asker_id=users["moderator"].id, municipality_id=here.id,
                                       proposal_id=proposal.id, title="Kolik ušetří LED?")
    guide = Guide(field=AdvisorField.ENERGY, title="Energetický management", body="Text", version=1)
    db.session.add_all([advisor_question, guide])
    db.session.flush()
    opinion_request = OpinionRequest(proposal_id=proposal.id, advisor_id=advisor.id,
                                     requester_id=users["other_resident"].id, reason="Posuďte úspory.")
    coordinator = Coordinator(user_id=UserFactory(home_municipality=far).id, field=AdvisorField.ENERGY)
    db.session.add_all([GuideVersion(guide_id=guide.id, number=1, title=guide.title, body=guide.body),
                        opinion_request, coordinator])
    db.session.commit()

    consultation = make_consultation(dso, [here, neighbour], phase="open")
    text_question = next(q for q in consultation.questions if q.kind == QuestionKind.TEXT)
    response = Response(consultation_id=consultation.id, user_id=users["other_resident"].id,
                        municipality_id=here.id)
    response.answers.append(Answer(consultation_id=consultation.id, question_id=text_question.id,
                                   municipality_id=here.id, text="Optiku co nejdřív."))
    db.session.add(response)
    event = Event(kind="proposal.commented", subject_type="proposal", subject_id=proposal.id,
                  actor_id=users["other_resident"].id, payload={}, dispatched_at=utcnow())
    db.session.add(event)
    db.session.flush()
    notification = Notification(user_id=resident.id, event_id=event.id)
    db.session.add(notification)
    db.session.commit()

    things = {
        "proposal_id": proposal.id, "draft_id": draft.id, "thread_id": proposal.thread_id,
        "comment_id": comment.id, "report_id": report.id,
        "agreement_id": agreement.id, "document_id": document.id,
        "project_id": project.id, "milestone_id": milestone.id, "update_id": update.id,
        "practice_id": practice.id, "locality_id": locality.id, "operator_id": operator.id,
        "declaration_id": declaration.id, "link_id": coverage.id, "connection_report_id": office_report.id, "referral_id": referral.id,
        "report_answer_id": report_answer.id,
        "template_id": answer_template.id,
        "consultation_id": consultation.id, "question_id": text_question.id,
        "answer_id": response.answers[0].id, "notification_id": notification.id,
        "block_id": block.id, "role_id": moderator_role.id, "moderator_user_id": users["moderator"].id,
        "user_id": users["other_resident"].id, "grouping_id": dso.id,
        **infrastructure,
        "advisor_id": advisor.id, "advisor_question_id": advisor_question.id, "advisor_guide_id": guide.id,
        "advisor_opinion_request_id": opinion_request.id, "advisor_coordinator_id": coordinator.id,
        "missing_id": 2_000_000_000,  # an id no row has
        "municipality_id": here.id, "code": here.code, "region_code": region.code,
    }
    return {"users": {role: user.id for role, user in users.items()}, "things": things}
