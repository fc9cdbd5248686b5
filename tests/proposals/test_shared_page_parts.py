"""A proposal's page for signed-in people: the parts alike for everyone rendered once, each person's own beside them.

The support figures and the record (merged duplicates, official answers,
history) are shared fragments with their queries inside: a second person
reads them without a query, yet sees their own support button, and every
write that changes them shows on the next request.
"""

from participation.extensions import db
from participation.proposals import moderation, services
from participation.proposals.models import ProposalStatus
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.page_checks import html_of, without_cache
from tests.proposals.factories import ProposalFactory


def Resident(**kwargs):  # noqa: N802  (reads as a factory)
    return UserFactory(locale="en", **kwargs)


def page(client, proposal) -> str:
    return html_of(client.get(f"/podnety/{proposal.id}"))


def fresh(app, client, proposal) -> str:
    return without_cache(app, client, f"/podnety/{proposal.id}")


def panel_of(html: str, proposal) -> str:
    start = html.index(f'id="proposal-{proposal.id}-support"')
    return html[start:html.index("</section>", start)]


def test_two_residents_share_the_figures_and_each_gets_their_own_button(app, signed_in, count_queries):
    town = MunicipalityFactory(name="Libchavy")
    proposal = ProposalFactory(municipalities=[town])
    supporter, other = Resident(home_municipality=town), Resident(home_municipality=town)
    db.session.commit()
    services.support(supporter, proposal)
    (_, supporter_client), (_, other_client) = signed_in(supporter), signed_in(other)

    with count_queries() as first:
        as_supporter = page(supporter_client, proposal)
    with count_queries(keep_cache=True) as second:
        as_other = page(other_client, proposal)

    assert "You support this proposal." in panel_of(as_supporter, proposal)
    assert "Withdraw my support" in panel_of(as_supporter, proposal)
    assert "You support this proposal." not in panel_of(as_other, proposal)
    assert "Support this proposal" in panel_of(as_other, proposal)
    for html in (as_supporter, as_other):
        assert "<strong>1</strong> supporter" in panel_of(html, proposal)
    # The second person's figures and record came from the shared renderings: none of their queries ran.
    shared_tables = ("proposal_support_count", "status_change", "official_answer")
    assert not [s for s in second["statements"] if any(f"FROM {t}" in s for t in shared_tables)]
    assert second["n"] < first["n"]
    # The proposal (with its places, author, grouping and thread), and in one statement my support, my follow,
    # the follower count and whether a block stops me posting; on my first page, my roles and unread count (the
    # page shell remembers them after). Which link sections have rows and whether advisors gave opinions are
    # kept until those tables change. Was 7.
    assert second["n"] <= 4, "\n".join(s[:120] for s in second["statements"])
    assert as_other == fresh(app, other_client, proposal)


def test_a_support_shows_in_everyone_s_figures_on_the_next_request(app, signed_in):
    town = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[town])
    reader, supporter = Resident(home_municipality=town), Resident(home_municipality=town)
    db.session.commit()
    (_, reader_client), (_, supporter_client) = signed_in(reader), signed_in(supporter)
    assert "<strong>0</strong> supporters" in panel_of(page(reader_client, proposal), proposal)

    response = supporter_client.post(f"/podnety/{proposal.id}/podpora", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<strong>1</strong> supporter" in response.get_data(as_text=True)
    assert "You support this proposal." in response.get_data(as_text=True)

    html = page(reader_client, proposal)
    assert "<strong>1</strong> supporter" in panel_of(html, proposal)
    assert "You support this proposal." not in html
    assert html == fresh(app, reader_client, proposal)

    supporter_client.post(f"/podnety/{proposal.id}/odebrat-podporu")
    assert "<strong>0</strong> supporters" in panel_of(page(reader_client, proposal), proposal)


def test_an_official_answer_a_status_change_and_a_merge_show_on_the_next_request(app, signed_in):
    town = MunicipalityFactory()
    proposal = ProposalFactory(municipalities=[town])
    duplicate = ProposalFactory(municipalities=[town], title="Stejný problém jinými slovy")
    reader = Resident(home_municipality=town)
    office = moderator_of(town)
    db.session.commit()
    _, reader_client = signed_in(reader)
    assert "Official answers" not in page(reader_client, proposal)

    moderation.add_official_answer(office, proposal, "Obec **podá žádost** o dotaci.", municipality_id=town.id)
    html = page(reader_client, proposal)
    assert "<strong>podá žádost</strong>" in html

    moderation.change_status(office, proposal, ProposalStatus.UNDER_REVIEW, "Posuzujeme s krajem.")
    html = page(reader_client, proposal)
    assert "Posuzujeme s krajem." in html

    moderation.merge(office, duplicate, proposal, "Totéž")
    html = page(reader_client, proposal)
    assert "Stejný problém jinými slovy" in html
    assert html == fresh(app, reader_client, proposal)


def test_the_author_keeps_their_forms_while_readers_share_the_text_and_updates(app, signed_in, count_queries):
    from participation.proposals import updates

    town = MunicipalityFactory()
    author = Resident(home_municipality=town)
    proposal = ProposalFactory(municipalities=[town], author=author, body="Text **pro všechny**")
    reader, neighbour = Resident(home_municipality=town), Resident(home_municipality=town)
    db.session.commit()
    (_, author_client), (_, reader_client), (_, neighbour_client) = (
        signed_in(author), signed_in(reader), signed_in(neighbour))

    assert "<strong>pro všechny</strong>" in page(reader_client, proposal)
    with count_queries(keep_cache=True) as neighbours:
        as_neighbour = page(neighbour_client, proposal)
    assert "<strong>pro všechny</strong>" in as_neighbour
    assert not [s for s in neighbours["statements"] if "FROM proposal_update" in s or "FROM proposal_photo" in s]
    as_author = page(author_client, proposal)
    assert "Post the update" in as_author and "Post the update" not in as_neighbour

    updates.post_update(author, proposal, "Obec slíbila **odpověď** do pátku.")
    for client in (reader_client, author_client):
        assert "<strong>odpověď</strong>" in page(client, proposal)
    assert page(reader_client, proposal) == fresh(app, reader_client, proposal)


def test_the_shared_comment_form_carries_each_person_s_own_token_and_posts(app, signed_in):
    """The blank comment form is rendered once; the CSRF token in it must be each person's, and work."""
    import re

    from tests.comments.factories import DiscussedProposalFactory

    app.config["WTF_CSRF_ENABLED"] = True
    try:
        proposal = DiscussedProposalFactory()
        town = proposal.municipalities[0]
        (_, first), (_, second) = signed_in(Resident(home_municipality=town)), signed_in(Resident(home_municipality=town))
        tokens = []
        for client in (first, second):
            html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
            form = html[html.index(f'id="thread-{proposal.thread_id}-form"'):]
            form = form[:form.index("</form>")]
            tokens.append(re.search(rf'name="(t{proposal.thread_id}-csrf_token)"[^>]*value="([^"]+)"', form).groups())
        (name, mine), (_, theirs) = tokens
        assert mine != theirs
        address = f"/vlakna/{proposal.thread_id}/komentare"
        data = {f"t{proposal.thread_id}-body": "Souhlasím, chodník chybí.", f"t{proposal.thread_id}-return_to":
                f"/podnety/{proposal.id}"}
        assert second.post(address, data={**data, name: mine}).status_code == 400  # not the second person's token
        assert second.post(address, data={**data, name: theirs}).status_code in (200, 302, 303)
        assert "Souhlasím, chodník chybí." in first.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
