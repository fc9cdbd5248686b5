"""Stored consultation results: kept per answer, withdrawn answers taken away, the page flat."""

from werkzeug.datastructures import MultiDict

from participation.common import counters
from participation.consultations.answering import record_paper_response, submit_response, withdraw_response
from participation.consultations.models import QuestionKind, ResultsVisibility
from participation.consultations.results import compute_results
from participation.extensions import db
from tests.consultations.factories import form_for, make_consultation, resident_of
from tests.factories import GroupingFactory, MunicipalityFactory, moderator_of


def _differences():
    db.session.commit()
    with db.engine.begin() as connection:
        return counters.differences(connection, names=["consultations"])


def _result(results, kind):
    return next(r for r in results.questions if r.question.kind == kind)


def test_answering_again_withdrawing_and_paper_keep_the_stored_results_exact(app):
    a, b = MunicipalityFactory(population=100), MunicipalityFactory(population=100)
    consultation = make_consultation(GroupingFactory(members=[a, b]), [a, b])
    alice, bob = resident_of(a), resident_of(b)
    submit_response(alice, consultation, MultiDict(form_for(
        consultation, single="Sever", multiple=["Cena", "Rychlost"], scale=5, ranking=["Lhota", "Ves", "Hora"])))
    submit_response(bob, consultation, MultiDict(form_for(consultation, single="Jih", multiple=["Cena"], scale=1)))
    record_paper_response(moderator_of(b), consultation, b.id, MultiDict(form_for(consultation, single="Jih")))
    multiple = _result(compute_results(consultation), QuestionKind.MULTIPLE)
    assert multiple.overall.respondents == 2  # two people, three ticks
    assert _differences() == []

    # Alice changes her mind: one tick fewer, another scale value.
    submit_response(alice, consultation, MultiDict(form_for(consultation, single="Jih", multiple=["Cena"], scale=2)))
    results = compute_results(consultation)
    assert _result(results, QuestionKind.MULTIPLE).overall.respondents == 2
    assert _result(results, QuestionKind.RANKING).overall.respondents == 0
    assert _differences() == []

    # Bob withdraws his answers: every number he added goes.
    assert withdraw_response(bob, consultation)
    results = compute_results(consultation)
    single = _result(results, QuestionKind.SINGLE)
    assert single.overall.respondents == 2  # Alice online, the paper form
    assert _result(results, QuestionKind.SCALE).overall.respondents == 1
    assert results.total == 2 and results.paper == 1
    assert _differences() == []


def test_results_page_reads_stored_tallies_and_does_not_grow_with_responses(app, client, count_queries):
    a, b = MunicipalityFactory(), MunicipalityFactory()
    consultation = make_consultation(GroupingFactory(members=[a, b]), [a, b])
    consultation.results_visibility = ResultsVisibility.LIVE
    db.session.commit()
    counts = []
    answered = 0
    for total in (3, 30):
        for i in range(answered, total):
            submit_response(resident_of([a, b][i % 2]), consultation, MultiDict(form_for(
                consultation, single="Sever" if i % 2 else "Jih", multiple=["Cena"], scale=1 + i % 5,
                ranking=["Hora", "Ves", "Lhota"], text=f"odpověď {i}")))
        answered = total
        db.session.expire_all()
        with count_queries() as counter:
            page = client.get(f"/konzultace/{consultation.id}/vysledky")
        assert page.status_code == 200
        counts.append(counter["n"])
        # Nothing aggregates the answers when the page is shown.
        assert not [s for s in counter["statements"] if "GROUP BY" in s and "consultation_answer" in s]
    assert counts[0] == counts[1]
    assert f"{answered}" in page.get_data(as_text=True)


def test_repair_rebuilds_every_counter_from_nothing_as_the_migration_does(app):
    """The migration counts existing rows into empty counters with the same repair."""
    from sqlalchemy import text

    from participation.follows import services as follows
    from participation.proposals import services as proposals
    from tests.comments.factories import DiscussedProposalFactory, add_comment
    from tests.proposals.factories import ProposalFactory, residents

    a, b = MunicipalityFactory(population=100), MunicipalityFactory(population=100)
    consultation = make_consultation(GroupingFactory(members=[a, b]), [a, b])
    for i, town in enumerate([a, b, a]):
        submit_response(resident_of(town), consultation, MultiDict(form_for(
            consultation, single="Sever", multiple=["Cena", "Rychlost"][: 1 + i % 2], scale=3,
            ranking=["Lhota", "Ves", "Hora"], text="ano")))
    proposal = ProposalFactory(municipalities=[a, b])
    for user in residents(a, 2) + residents(b, 1):
        proposals.support(user, proposal)
    discussed = DiscussedProposalFactory()
    add_comment(discussed)
    follows.follow(resident_of(a), discussed)
    before = compute_results(consultation)

    for statement in ("DELETE FROM consultation_tally", "DELETE FROM proposal_support_count",
                      "DELETE FROM follower_count",
                      "UPDATE proposal SET supporter_count = 0, supporting_municipality_count = 0",
                      "UPDATE thread SET comment_count = 0, for_count = 0, against_count = 0, neutral_count = 0"):
        db.session.execute(text(statement))
    db.session.commit()
    with db.engine.begin() as connection:
        assert counters.differences(connection)
        counters.repair(connection)
        assert counters.differences(connection) == []
    db.session.expire_all()
    after = compute_results(consultation)
    assert after.total == before.total == 3
    for old, new in zip(before.questions, after.questions, strict=True):
        assert (old.overall.respondents, dict(old.overall.counts), dict(old.overall.rank_sums)) == (
            new.overall.respondents, dict(new.overall.counts), dict(new.overall.rank_sums))
