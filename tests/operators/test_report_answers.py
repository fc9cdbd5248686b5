"""Operators answer single anonymised reports; the municipality's moderator decides a dispute; the resident who
reported is told. Per role, bad input next to the field, audit, notifications, the status after an upheld dispute."""

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.audit.models import AuditEntry
from participation.events.models import Event
from participation.extensions import db
from participation.localities.models import ConnectionReport, ConnectionStatus
from participation.notifications.dispatch import dispatch_pending
from participation.notifications.models import Notification
from participation.operators import report_answers
from participation.operators.models import ReportAnswer, ReportAnswerKind


def _english(client):
    client.set_cookie("lang", "en")
    return client


def _reports(locality):
    return list(db.session.scalars(select(ConnectionReport).where(
        ConnectionReport.locality_id == locality.id).order_by(ConnectionReport.id)))


def _answer_url(operators, report):
    return f"/operatori/{operators['net'].id}/hlaseni/{report.id}/odpoved"


def _answers():
    return db.session.scalar(select(func.count(ReportAnswer.id)))


def _dispute(operators, report, text="Optika do osady vede od října."):
    return report_answers.answer(operators["staff"], operators["net"], report, ReportAnswerKind.DISPUTE, text)


def test_staff_confirm_a_report_and_a_second_answer_is_refused(client, world, operators, reported, login, residents):
    report = _reports(reported)[0]
    login(_english(client) and operators["staff"])
    page = client.get(f"/operatori/{operators['net'].id}/lokality/{reported.id}/prohlaseni").get_data(as_text=True)
    assert _answer_url(operators, report) in page and all(p.display_name not in page for p in residents)
    response = client.post(_answer_url(operators, report), data={"kind": "confirm"}, follow_redirects=True)
    assert response.status_code == 200 and "Confirmed" in response.get_data(as_text=True)
    again = client.post(_answer_url(operators, report), data={"kind": "dispute", "explanation": "Omyl."})
    assert again.status_code == 422 and "already answered this report" in again.get_data(as_text=True)
    assert _answers() == 1 and db.session.scalar(select(ReportAnswer.kind)) == ReportAnswerKind.CONFIRM
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "report_answer.create"))
    assert entry.details["report_id"] == report.id and entry.municipality_id == world["a"].id


def test_a_dispute_needs_an_explanation_shown_next_to_the_field(client, world, operators, reported, login):
    report = _reports(reported)[0]
    login(_english(client) and operators["staff"])
    response = client.post(_answer_url(operators, report), data={"kind": "dispute", "explanation": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Say why you dispute the report" in html
    assert f'id="answer-{report.id}-explanation-error"' in html
    too_long = client.post(_answer_url(operators, report), data={"kind": "dispute", "explanation": "ž" * 1001})
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "At most 1000 characters" in html and "ž" * 1001 in html
    assert client.post(_answer_url(operators, report), data={"kind": "maybe"}).status_code == 422
    assert _answers() == 0


def test_only_staff_of_an_operator_working_there_answer(client, world, operators, reported, login):
    report = _reports(reported)[0]
    for person in (world["resident"], operators["staff_far"], world["moderator"], world["moderator_out"]):
        login(person)
        assert client.post(_answer_url(operators, report), data={"kind": "confirm"}).status_code == 403
    login(operators["staff_far"])
    far = f"/operatori/{operators['far'].id}/hlaseni/{report.id}/odpoved"
    assert client.post(far, data={"kind": "confirm"}).status_code == 403
    assert _answers() == 0


def test_a_dispute_waits_in_the_inbox_and_an_upheld_one_stops_the_report_counting(
        client, app, world, operators, reported, login, residents):
    reports = _reports(reported)
    item = _dispute(operators, reports[0])
    assert reported.status == ConnectionStatus.UNSERVED and reported.report_count == 3
    url = f"/odpovedi-operatoru/{item.id}/rozhodnuti"
    for person in (world["resident"], operators["staff"], world["moderator_out"]):
        login(person)
        assert client.post(url, data={"outcome": "uphold", "reason": "x"}).status_code == 403
    login(_english(client) and world["moderator"])
    inbox = client.get("/schranka").get_data(as_text=True)
    assert "Orlicko Net s.r.o. disputes a report at Horní Houžovec" in inbox
    assert "waiting 0 days" in inbox and "decide by" in inbox
    html = client.get(url).get_data(as_text=True)
    assert "Optika do osady vede od října." in html and residents[0].display_name not in html
    response = client.post(url, data={"outcome": "uphold", "reason": ""})
    assert response.status_code == 422 and "Give the reason" in response.get_data(as_text=True)
    assert client.post(url, data={"outcome": "uphold", "reason": "Přípojka ověřena."}).status_code == 303
    assert item.upheld is True and reports[0].superseded_at is not None
    # Two current reports are below the minimum of three: the status is unknown again.
    assert reported.report_count == 2 and reported.status == ConnectionStatus.UNKNOWN
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "report_answer.decide"))
    assert entry.reason == "Přípojka ověřena." and entry.details["outcome"] == "upheld"
    assert "disputes a report" not in client.get("/schranka").get_data(as_text=True)
    assert client.post(url, data={"outcome": "reject", "reason": "x"}).status_code == 403


def test_a_rejected_dispute_keeps_the_report_counting(world, operators, reported):
    report = _reports(reported)[0]
    item = _dispute(operators, report)
    report_answers.decide(world["moderator"], item, False, "Obyvatelé mají jen DSL.")
    assert item.upheld is False and report.superseded_at is None and reported.report_count == 3


def test_the_reporter_alone_is_told_of_the_answer_and_the_decision(client, world, operators, reported, residents,
                                                                    login):
    report = _reports(reported)[0]
    item = _dispute(operators, report)
    dispatch_pending()
    login(db.session.get(User, report.reporter_id))  # a resident reads in Czech
    html = client.get("/oznameni").get_data(as_text=True)
    assert "Orlicko Net s.r.o. zpochybnil vaše hlášení o připojení z lokality „Horní Houžovec“" in html
    report_answers.decide(world["moderator"], item, True, "Přípojka ověřena.")
    dispatch_pending()
    told = db.session.execute(select(Notification.user_id, Event.kind).join(Notification.event)
                              .where(Event.kind.like("report_answer.%"))).all()
    assert {kind for _, kind in told} <= {"report_answer.decided", "report_answer.made"} and told
    assert {user_id for user_id, _ in told} == {report.reporter_id}


def test_the_declaration_page_runs_a_fixed_number_of_queries_whatever_was_answered(
        client, world, operators, reported, login, count_queries):
    url = f"/operatori/{operators['net'].id}/lokality/{reported.id}/prohlaseni"
    login(_english(client) and operators["staff"])
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for report in _reports(reported)[:2]:
        _dispute(operators, report)
    login(operators["staff"])  # a fresh sign-in, as before the first count (the commits expired it)
    client.get(url)
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count("Disputed: the municipality decides") == 2
    assert many["n"] == few["n"], "\n".join(many["statements"])
