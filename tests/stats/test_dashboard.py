"""The representative's dashboard against a hand-computed fixture; sorting, CSV, query counts."""

import csv
import io

import pytest
from sqlalchemy import insert

from participation.agreements.models import Agreement, AgreementKind, AgreementStatus, agreement_grouping
from participation.common.models import utcnow
from participation.consultations.models import Response, ResponseSource
from participation.extensions import db
from participation.projects.models import Project, ProjectKind, ProjectStatus
from participation.proposals.models import Support
from participation.stats import dashboard
from participation.territory.models import GroupingMembership
from tests.chart_reading import read_chart
from tests.consultations.factories import make_consultation
from tests.factories import GroupingFactory, MunicipalityFactory, administrator, representative_of
from tests.proposals.factories import DraftFactory, ProposalFactory, residents

NOW = utcnow()


def _responses(consultation, municipality, count):
    db.session.add_all(Response(consultation_id=consultation.id, municipality_id=municipality.id,
                                source=ResponseSource.PAPER) for _ in range(count))
    db.session.commit()


def _supports(proposal, municipality, count):
    users = residents(MunicipalityFactory(), count)  # supporters who moved away since: counted where they lived
    db.session.add_all(Support(proposal_id=proposal.id, user_id=u.id, municipality_id=municipality.id) for u in users)
    db.session.commit()


def _agreement(title, status, grouping=None):
    agreement = Agreement(title=title, search_title=title.lower(), kind=AgreementKind.MEMORANDUM, status=status)
    db.session.add(agreement)
    db.session.commit()
    if grouping is not None:
        db.session.execute(insert(agreement_grouping), {"agreement_id": agreement.id, "grouping_id": grouping.id})
        db.session.commit()
    return agreement


def _project(title, municipalities, status=ProjectStatus.BUILDING):
    project = Project(title=title, search_title=title.lower(), kind=ProjectKind.FIBRE_BACKBONE, status=status)
    project.municipalities = list(municipalities)
    db.session.add(project)
    db.session.commit()
    return project


@pytest.fixture
def world(app):
    """Two members (Alfa 200 inhabitants, Beta 1000) and a former member, Delta."""
    alfa = MunicipalityFactory(name="Alfa", population=200)
    beta = MunicipalityFactory(name="Beta", population=1000)
    delta = MunicipalityFactory(name="Delta", population=500)
    grouping = GroupingFactory(name="Svazek Alfa", members=[alfa, beta, delta])
    membership = db.session.query(GroupingMembership).filter_by(municipality_id=delta.id).one()
    membership.left_on = NOW.date()
    db.session.commit()

    # Residents: Alfa 2 counted (plus one deleted, one deactivated), Beta 10, Delta 3 (not a member).
    deleted, inactive, *_ = residents(alfa, 4)
    deleted.deleted_at = NOW
    inactive.is_active_account = False
    db.session.commit()
    residents(beta, 10)
    residents(delta, 3)

    # Proposals: shared (Alfa, Beta), Beta's own; not counted: a draft and a hidden one.
    shared = ProposalFactory(municipalities=[alfa, beta])
    own = ProposalFactory(municipalities=[beta])
    DraftFactory(municipalities=[alfa])
    hidden = ProposalFactory(municipalities=[beta], hidden_at=NOW)
    _supports(shared, alfa, 3)
    _supports(shared, beta, 2)
    _supports(own, beta, 1)
    _supports(hidden, beta, 4)  # not counted: the proposal is hidden
    _supports(own, alfa, 2)  # not counted for Alfa: Beta's own proposal does not touch Alfa

    # Consultations of the grouping: open (Alfa, Beta), closed (Beta), upcoming (Alfa, Beta, not counted);
    # another grouping's consultation in Alfa is not counted.
    open_one = make_consultation(grouping, [alfa, beta], phase="open")
    closed = make_consultation(grouping, [beta], phase="closed")
    make_consultation(grouping, [alfa, beta], phase="upcoming")
    other = make_consultation(None, [alfa], phase="open")
    make_consultation(grouping, [alfa, beta], phase="draft")
    _responses(open_one, alfa, 2)
    _responses(open_one, beta, 5)
    _responses(closed, beta, 5)
    _responses(other, alfa, 3)

    _agreement("Memorandum o optice", AgreementStatus.IN_FORCE, grouping)
    _agreement("Rozpracovaná smlouva", AgreementStatus.DRAFT, grouping)
    _agreement("Cizí dohoda", AgreementStatus.SIGNED)
    _project("Páteřní optika", [alfa, beta])
    _project("Delta kanalizace", [delta])
    _project("Jinde", [MunicipalityFactory()])
    return {"grouping": grouping, "alfa": alfa, "beta": beta}


def test_figures_per_member_municipality(world):
    rows = {row.name: row for row in dashboard.member_figures(world["grouping"].id)}
    assert set(rows) == {"Alfa", "Beta"}
    alfa, beta = rows["Alfa"], rows["Beta"]
    assert (alfa.population, alfa.residents, alfa.proposals, alfa.supports, alfa.responses, alfa.consultations) \
        == (200, 2, 1, 3, 2, 1)
    assert alfa.residents_share == pytest.approx(2 / 200)
    assert alfa.turnout == pytest.approx(2 / 200)
    assert (beta.population, beta.residents, beta.proposals, beta.supports, beta.responses, beta.consultations) \
        == (1000, 10, 2, 3, 10, 2)
    assert beta.residents_share == pytest.approx(10 / 1000)
    assert beta.turnout == pytest.approx(10 / 2000)  # two consultations, 1000 inhabitants each time


def test_totals(world):
    total = dashboard.totals(dashboard.member_figures(world["grouping"].id))
    assert (total.population, total.residents, total.proposals, total.supports, total.responses) \
        == (1200, 12, 3, 6, 12)
    assert total.turnout == pytest.approx(12 / 2200)
    assert total.residents_share == pytest.approx(12 / 1200)


def test_agreements_and_projects(world):
    grouping_id = world["grouping"].id
    assert [a.title for a in dashboard.agreements_of(grouping_id)] == ["Memorandum o optice"]
    assert [p.title for p in dashboard.projects_of(grouping_id)] == ["Páteřní optika"]


def test_no_population_gives_no_share(app):
    empty = MunicipalityFactory(population=0)
    grouping = GroupingFactory(members=[empty])
    row = dashboard.member_figures(grouping.id)[0]
    assert row.residents_share is None and row.turnout is None


@pytest.mark.parametrize(("value", "expected"), [
    ("", ("name", False)), ("name", ("name", False)), ("-name", ("name", True)),
    ("-turnout", ("turnout", True)), ("residents_share", ("residents_share", False)),
    ("bogus", ("name", False)), ("-", ("name", False)), ("--turnout", ("name", False)),
    (None, ("name", False)), ("__class__", ("name", False)),
])
def test_parse_sort(value, expected):
    assert dashboard.parse_sort(value) == expected


def _page(client, login, grouping, query=""):
    login(representative_of(grouping))
    response = client.get(f"/seskupeni/{grouping.id}/prehled{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _order(page, names=("Alfa", "Beta")):
    return sorted(names, key=page.index)


@pytest.mark.parametrize(("query", "order"), [
    ("", ["Alfa", "Beta"]),
    ("?sort=-name", ["Beta", "Alfa"]),
    ("?sort=-residents", ["Beta", "Alfa"]),
    ("?sort=turnout", ["Beta", "Alfa"]),
    ("?sort=-turnout", ["Alfa", "Beta"]),
    ("?sort=nonsense", ["Alfa", "Beta"]),
    ("?sort=%ff", ["Alfa", "Beta"]),
    ("?sort=-proposals", ["Beta", "Alfa"]),
])
def test_page_sorts_by_any_column(world, client, login, query, order):
    page = _page(client, login, world["grouping"], query)
    body = page[page.index("<tbody>"):]
    assert _order(body) == order


def test_page_is_accessible_and_printable(world, client, login):
    page = _page(client, login, world["grouping"], "?sort=-turnout")
    assert page.count("<h1") == 1
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    assert 'tabindex="0" role="region" aria-labelledby="dashboard-members-caption"' in page
    assert 'aria-sort="descending"' in page
    assert "css/stats.css" in page and "no-print" in page
    assert "Memorandum o optice" in page and "Rozpracovaná smlouva" not in page
    assert "Páteřní optika" in page and "Delta kanalizace" not in page
    assert "prehled.csv?sort=-turnout" in page


def test_page_draws_the_member_figures_as_charts(world, client, login):
    page = _page(client, login, world["grouping"], "?sort=-turnout")
    turnout = read_chart(page, "dashboard-chart-turnout")
    assert [(label, width) for label, _figure, width in turnout] == [("Alfa", 100.0), ("Beta", 50.0)]
    assert [figure for _label, figure, _width in turnout] == ["1,0\xa0%", "0,5\xa0%"]  # the table's order and format
    assert [width for _label, _figure, width in read_chart(page, "dashboard-chart-supports")] == [100.0, 100.0]


def test_csv_has_the_same_data(world, client, login):
    login(administrator())
    response = client.get(f"/seskupeni/{world['grouping'].id}/prehled.csv?sort=-population")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(dashboard.CSV_HEADER)
    assert [r[1] for r in rows[1:]] == ["Beta", "Alfa", "total"]
    beta = dict(zip(rows[0], rows[1], strict=True))
    assert beta == {"municipality_code": world["beta"].code, "municipality": "Beta", "population": "1000",
                    "registered_residents": "10", "residents_share": "0.0100", "proposals": "2",
                    "supports": "3", "consultation_responses": "10", "consultations": "2",
                    "turnout": "0.0050"}
    assert rows[-1][2:6] == ["1200", "12", "0.0100", "3"]


def _bulk_grouping(size: int):
    """A grouping of `size` members, each with residents, a proposal, supports and responses."""
    towns = [MunicipalityFactory(population=100 + n) for n in range(size)]
    grouping = GroupingFactory(members=towns)
    consultation = make_consultation(grouping, towns, phase="open")
    for n, town in enumerate(towns):
        residents(town, 2)
        proposal = ProposalFactory(municipalities=[town, towns[(n + 1) % size]])
        _supports(proposal, town, 2)
        _responses(consultation, town, 1)
    for n in range(size):
        _agreement(f"Dohoda {n}", AgreementStatus.SIGNED, grouping)
        _project(f"Projekt {n}", [towns[n]])
    return grouping


def test_query_count_does_not_grow_with_members(app, client, login, count_queries):
    small, large = _bulk_grouping(2), _bulk_grouping(20)
    login(administrator())
    urls = [f"/seskupeni/{grouping.id}{path}" for grouping in (small, large)
            for path in ("/prehled", "/prehled?sort=-turnout", "/prehled.csv")]
    counts = []
    for url in urls:
        db.session.expunge_all()  # nothing from the fixture's identity map: count as in production
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter["n"])
    print("dashboard query counts", counts)
    assert counts[:3] == counts[3:]
    # user, roles, grouping, member figures; the page adds agreements, projects and one of the layout
    assert counts[:3] == [7, 7, 4]
