"""The shared scoping rules: who may give an item which municipalities and groupings, and which items lie where."""

from werkzeug.datastructures import MultiDict

from participation.accounts.models import User
from participation.agreements import queries as agreement_queries
from participation.agreements.models import Agreement, AgreementKind, AgreementStatus
from participation.chain.filters import apply_filters, read_filters
from participation.chain.scoping import ScopeMessages, Scoping, check_scope
from participation.extensions import db
from participation.projects import queries as project_queries
from tests.agreements.factories import AgreementFactory
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory, administrator, moderator_of
from tests.projects.factories import ProjectFactory

MESSAGES = ScopeMessages(none_chosen="none", all_outside="outside: %(names)s", cannot_remove="kept: %(names)s")


def test_an_editor_needs_one_municipality_or_grouping_within_their_scope(app):
    home, other = MunicipalityFactory(name="Horní Ves"), MunicipalityFactory(name="Lhota")
    moderator = moderator_of(home)

    assert check_scope(moderator, MESSAGES, [], []) == "none"
    assert check_scope(moderator, MESSAGES, [other], []) == "outside: Lhota"
    assert check_scope(moderator, MESSAGES, [home, other], []) is None
    assert check_scope(administrator(), MESSAGES, [other], []) is None


def test_an_editor_cannot_remove_what_lies_outside_their_scope(app):
    home, other = MunicipalityFactory(name="Horní Ves"), MunicipalityFactory(name="Lhota")
    grouping = GroupingFactory(name="MAS Orlicko")
    agreement = AgreementFactory(municipalities=[home, other], groupings=[grouping])
    moderator = moderator_of(home)

    assert check_scope(moderator, MESSAGES, [home], [grouping], agreement) == "kept: Lhota"
    assert check_scope(moderator, MESSAGES, [home, other], [], agreement) == "kept: MAS Orlicko"
    assert check_scope(moderator, MESSAGES, [home, other], [grouping], agreement) is None


def _titles(statement) -> set[str]:
    return {item.title for item in db.session.scalars(statement)}


def test_a_grouping_lists_its_parties_and_its_members_items_but_its_section_only_its_own_kind(app):
    member, outsider = MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[member])
    as_party = AgreementFactory(title="Stanovy svazku", groupings=[grouping])
    of_member = AgreementFactory(title="Smlouva obce", municipalities=[member])
    AgreementFactory(title="Cizí smlouva", municipalities=[outsider])
    project = ProjectFactory(title="Páteř", municipalities=[member])
    scoping = agreement_queries.SCOPING

    listed = _titles(db.select(Agreement).where(scoping.in_grouping(grouping.id)))
    assert listed == {as_party.title, of_member.title}
    # A grouping's page shows the agreements it is a party to; projects (parties are municipalities
    # only) of its current members.
    assert [a.title for a in agreement_queries.of_grouping(grouping.id)] == [as_party.title]
    assert [p.title for p in project_queries.of_grouping(grouping.id)] == [project.title]


def test_an_item_of_one_municipality_is_scoped_by_its_column(app):
    home, other = MunicipalityFactory(), MunicipalityFactory()
    resident = UserFactory(home_municipality=home)
    UserFactory(home_municipality=other)
    scoping = Scoping(User, municipality_column="home_municipality_id")

    found = db.session.scalars(db.select(User).where(scoping.in_municipality(home.id))).all()
    assert found == [resident]


def test_malformed_filters_are_dropped_and_flagged_never_an_error(app):
    filters = read_filters(MultiDict({"municipality": "12x", "grouping": "99999999999", "kind": "treaty",
                                      "status": "signed", "q": "  optika\x00 " + "x" * 200}),
                           kind=AgreementKind, status=AgreementStatus)

    assert filters.municipality_id is None and filters.grouping_id is None
    assert filters.choices == {"kind": None, "status": AgreementStatus.SIGNED}
    assert filters.unknown
    assert filters.q.startswith("optika") and "\x00" not in filters.q and len(filters.q) <= 100


def test_strict_lists_show_nothing_for_an_unknown_filter_value_lenient_ones_ignore_it(app):
    AgreementFactory(title="Memorandum o optice")
    filters = read_filters(MultiDict({"municipality": "abc"}), kind=AgreementKind)
    scoping = agreement_queries.SCOPING
    lenient = apply_filters(db.select(Agreement), scoping, filters, scoping.model.search_title)
    strict = apply_filters(db.select(Agreement), scoping, filters, scoping.model.search_title,
                           strict=True)

    assert _titles(lenient) == {"Memorandum o optice"}
    assert _titles(strict) == set()
