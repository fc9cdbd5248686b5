"""Results against a small fixture computed by hand, and a fixed number of queries."""

import pytest
from werkzeug.datastructures import MultiDict

from participation.consultations.answering import record_paper_response, submit_response
from participation.consultations.models import QuestionKind
from participation.consultations.results import compute_results
from participation.extensions import db
from tests.consultations.factories import form_for, make_consultation, questions_by_kind, resident_of
from tests.factories import GroupingFactory, MunicipalityFactory, moderator_of, representative_of

# A: population 100, three residents online. B: population 200, one online and one on
# paper. C: population 50, nobody answered.
ANSWERS = {
    "A": [
        dict(single="Sever", multiple=["Rychlost", "Cena"], scale=5, ranking=["Lhota", "Ves", "Hora"], text="Ahoj"),
        dict(single="Sever", multiple=["Rychlost"], scale=4, ranking=["Lhota", "Hora", "Ves"]),
        dict(single="Jih", multiple=["Spolehlivost"], scale=3, ranking=["Ves", "Lhota", "Hora"]),
    ],
    "B": [dict(single="Jih", multiple=["Cena", "Spolehlivost"], scale=1, ranking=["Hora", "Ves", "Lhota"])],
    "B paper": [dict(single="Jih", scale=2, ranking=["Hora", "Lhota", "Ves"], text="Z papíru")],
}


@pytest.fixture
def fixture(app):
    a = MunicipalityFactory(name="A", population=100)
    b = MunicipalityFactory(name="B", population=200)
    c = MunicipalityFactory(name="C", population=50)
    grouping = GroupingFactory(members=[a, b, c])
    consultation = make_consultation(grouping, [a, b, c])
    for answers in ANSWERS["A"]:
        submit_response(resident_of(a), consultation, MultiDict(form_for(consultation, **answers)))
    for answers in ANSWERS["B"]:
        submit_response(resident_of(b), consultation, MultiDict(form_for(consultation, **answers)))
    moderator = moderator_of(b)
    for answers in ANSWERS["B paper"]:
        record_paper_response(moderator, consultation, b.id, MultiDict(form_for(consultation, **answers)))
    return consultation, {"A": a, "B": b, "C": c}


def _option(question, text):
    return next(o.id for o in question.options if o.text == text)


def _result(results, kind):
    return next(r for r in results.questions if r.question.kind == kind)


def test_turnout_per_municipality_as_share_of_population(fixture):
    consultation, m = fixture
    results = compute_results(consultation)
    table = {t.municipality.name: (t.online, t.paper, t.total, t.share) for t in results.turnout}
    assert table == {"A": (3, 0, 3, 0.03), "B": (1, 1, 2, 0.01), "C": (0, 0, 0, 0.0)}
    assert (results.total, results.online, results.paper, results.population) == (5, 4, 1, 350)


def test_single_choice_overall_per_municipality_and_equal_weight(fixture):
    consultation, m = fixture
    results = compute_results(consultation)
    single = _result(results, QuestionKind.SINGLE)
    north, south = _option(single.question, "Sever"), _option(single.question, "Jih")
    assert single.overall.respondents == 5
    assert (single.overall.counts[north], single.overall.counts[south]) == (2, 3)
    assert single.overall.share(north) == pytest.approx(0.4)
    assert single.overall.share(south) == pytest.approx(0.6)
    assert (single.paper.respondents, single.paper.counts[south]) == (1, 1)
    a, b = single.by_municipality[m["A"].id], single.by_municipality[m["B"].id]
    assert (a.share(north), a.share(south)) == (pytest.approx(2 / 3), pytest.approx(1 / 3))
    assert (b.share(north), b.share(south)) == (0, 1)
    ids = results.municipality_ids
    # C has no respondents and is left out of the mean: (2/3 + 0) / 2 and (1/3 + 1) / 2.
    assert single.equal_weight_shares(ids) == {north: pytest.approx(1 / 3), south: pytest.approx(2 / 3)}
    assert len(single.municipal_tallies(ids)) == 2
    assert single.municipalities_leading(ids) == {north: 1, south: 1}


def test_multiple_choice_shares_of_respondents(fixture):
    consultation, m = fixture
    results = compute_results(consultation)
    multiple = _result(results, QuestionKind.MULTIPLE)
    speed, price, reliable = (_option(multiple.question, t) for t in ("Rychlost", "Cena", "Spolehlivost"))
    assert multiple.overall.respondents == 4  # the paper questionnaire skipped it
    assert {k: multiple.overall.share(k) for k in (speed, price, reliable)} == {
        speed: 0.5, price: 0.5, reliable: 0.5}
    assert multiple.equal_weight_shares(results.municipality_ids) == {
        speed: pytest.approx(1 / 3), price: pytest.approx(2 / 3), reliable: pytest.approx(2 / 3)}


def test_scale_averages(fixture):
    consultation, m = fixture
    results = compute_results(consultation)
    scale = _result(results, QuestionKind.SCALE)
    assert dict(scale.overall.counts) == {5: 1, 4: 1, 3: 1, 1: 1, 2: 1}
    assert scale.overall.scale_average() == pytest.approx(3.0)
    assert scale.by_municipality[m["A"].id].scale_average() == pytest.approx(4.0)
    assert scale.by_municipality[m["B"].id].scale_average() == pytest.approx(1.5)
    assert scale.equal_weight_scale_average(results.municipality_ids) == pytest.approx(2.75)
    assert dict(scale.paper.counts) == {2: 1}


def test_ranking_average_rank_and_borda_points(fixture):
    consultation, m = fixture
    results = compute_results(consultation)
    ranking = _result(results, QuestionKind.RANKING)
    k, l_, h = (_option(ranking.question, t) for t in ("Lhota", "Ves", "Hora"))
    overall = ranking.overall
    assert [overall.average_rank(x) for x in (k, l_, h)] == [
        pytest.approx(1.8), pytest.approx(2.2), pytest.approx(2.0)]
    assert [overall.borda(x, 3) for x in (k, l_, h)] == [11, 9, 10]
    assert [overall.first_places[x] for x in (k, l_, h)] == [2, 1, 2]
    ids = results.municipality_ids
    assert [ranking.equal_weight_average_rank(x, ids) for x in (k, l_, h)] == [
        pytest.approx((4 / 3 + 2.5) / 2), pytest.approx((2 + 2.5) / 2), pytest.approx((8 / 3 + 1) / 2)]


def test_free_text_answers_listed(fixture):
    consultation, m = fixture
    results = compute_results(consultation)
    text = _result(results, QuestionKind.TEXT)
    assert text.overall.respondents == 2
    assert [t["text"] for t in text.texts] == ["Z papíru", "Ahoj"]


def test_results_page_shows_every_view_with_numbers_in_text(fixture, client, login):
    """The representative sees every figure (small groups too, as in the responses export)."""
    consultation, m = fixture
    consultation.closes_at = consultation.opens_at  # close it: results are public
    db.session.commit()
    login(representative_of(consultation.grouping, locale="en"))
    base = f"/konzultace/{consultation.id}/vysledky"
    overall = client.get(base).get_data(as_text=True)
    assert ">60%<" in overall and ">40%<" in overall and 'width="60.00%"' in overall
    assert 'style="' not in overall
    by_municipality = client.get(base + "?view=municipalities").get_data(as_text=True)
    assert "66.7%" in by_municipality
    equal = client.get(base + "?view=equal").get_data(as_text=True)
    assert ">33.3%<" in equal and "Based on 2 of 3 participating municipalities" in equal
    turnout = client.get(base + "?view=turnout").get_data(as_text=True)
    assert ">3.0%<" in turnout and ">1.43%<" in turnout
    assert client.get(base + "?view=nonsense").status_code == 200
    printed = client.get(base + "/tisk").get_data(as_text=True)
    assert "Turnout" in printed and "Each municipality counts equally" in printed


def _answer_many(consultation, municipalities, count):
    for i in range(count):
        municipality = municipalities[i % len(municipalities)]
        submit_response(resident_of(municipality), consultation, MultiDict(form_for(
            consultation, single="Sever" if i % 2 else "Jih", multiple=["Cena"], scale=1 + i % 5,
            ranking=["Hora", "Ves", "Lhota"], text=f"text {i}")))


def test_results_take_a_fixed_number_of_queries(app, client, count_queries):
    a, b = MunicipalityFactory(), MunicipalityFactory()
    consultation = make_consultation(GroupingFactory(members=[a, b]), [a, b], phase="open")
    from participation.consultations.models import ResultsVisibility

    consultation.results_visibility = ResultsVisibility.LIVE
    db.session.commit()
    counts = []
    for total in (2, 12):
        _answer_many(consultation, [a, b], total - (counts and 2 or 0))
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(f"/konzultace/{consultation.id}/vysledky").status_code == 200
        counts.append(counter["n"])
    assert counts[0] == counts[1]
    assert counts[0] <= 12


def test_questions_by_kind_helper_covers_every_kind(app):
    consultation = make_consultation()
    assert set(questions_by_kind(consultation)) == set(QuestionKind)


def test_results_in_czech(fixture, client, login):
    consultation, m = fixture
    consultation.closes_at = consultation.opens_at
    db.session.commit()
    login(representative_of(consultation.grouping))
    base = f"/konzultace/{consultation.id}/vysledky"
    html = client.get(base + "?view=equal").get_data(as_text=True)
    assert "Každá obec stejně" in html and "Vychází z 2 z 3 zapojených obcí." in html
    html = client.get(base + "/tisk").get_data(as_text=True)
    assert "Účast" in html and "100\xa0%" in html
    assert "5 vyplněných dotazníků" in client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)


def test_wide_result_tables_can_be_scrolled_by_keyboard(fixture, client):
    """At 360 px the tables scroll sideways; each scroll area is focusable and named."""
    import re

    consultation, m = fixture
    consultation.closes_at = consultation.opens_at
    db.session.commit()
    base = f"/konzultace/{consultation.id}/vysledky"
    for url in (base, base + "?view=municipalities", base + "?view=equal", base + "?view=turnout", base + "/tisk"):
        html = client.get(url).get_data(as_text=True)
        wraps = re.findall(r'<div class="table-wrap"[^>]*>', html)
        assert wraps, url
        for wrap in wraps:
            assert 'tabindex="0"' in wrap and 'aria-labelledby="' in wrap, (url, wrap)
            label_id = re.search(r'aria-labelledby="([^"]+)"', wrap).group(1)
            assert f'id="{label_id}"' in html, (url, label_id)
