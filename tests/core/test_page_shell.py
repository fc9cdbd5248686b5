"""The page shell (header, menu, account links, language switch, footer): shared parts kept, each person's own.

The parts everyone speaking a language sees alike are rendered once and kept
in the process (common/page_cache/shell.py); a person's name, unread count,
role links, CSRF token and the language links back to the page are theirs on
every request, right after any change.
"""

import re

import pytest
from flask import render_template_string
from flask_babel import force_locale

from participation.accounts.models import RoleKind
from participation.extensions import db
from participation.follows import services as follows
from tests.factories import MunicipalityFactory, RoleFactory, UserFactory, administrator, moderator_of
from tests.follows.factories import PlainProposalFactory
from tests.notifications.helpers import fire
from tests.page_checks import masked

CSRF = re.compile(r'(name="csrf_token" value="|"X-CSRFToken": ")([^"]+)')


@pytest.fixture
def town(app):
    return MunicipalityFactory(name="Horní Lhota")


@pytest.fixture
def signed_in(app, login):
    def _signed_in(user):
        return login(user, app.test_client())
    return _signed_in


def page(client, path: str = "/podminky-uziti") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def shell_of(html: str) -> str:
    """Everything but the page's own content."""
    return html[:html.index('<main id="main"')] + html[html.index("</main>"):]


def account_links(html: str) -> str:
    start = html.index('class="account-nav"')
    return html[start:html.index("</nav>", start)]


def language_links(html: str) -> str:
    start = html.index('class="language-nav"')
    return html[start:html.index("</nav>", start)]


def tokens(html: str) -> set[str]:
    return {match.group(2) for match in CSRF.finditer(html)}


def as_rendered_afresh(app, client, path: str = "/podminky-uziti") -> str:
    """The page with nothing kept: every part of the shell rendered for this request alone."""
    app.config.update(FRAGMENT_CACHE_ENABLED=False)
    try:
        return client.get(path).get_data(as_text=True)
    finally:
        app.config.update(FRAGMENT_CACHE_ENABLED=True)


def notify(reader, title: str = "Lávka přes potok") -> None:
    """An official answer on a proposal the reader follows: one more unread notification."""
    author = UserFactory()
    proposal = PlainProposalFactory(author=author, title=title)
    follows.follow(reader, proposal)
    fire("proposal.official_answer", "proposal", proposal.id, author)


def test_each_person_gets_their_own_account_links_from_the_shared_shell(app, signed_in, client, town):
    resident = UserFactory(home_municipality=town, display_name="Rita <Obyvatelka>", locale="en")
    moderator = moderator_of(town, display_name="Milan Moderátor", locale="en")
    notify(resident)
    resident_client, moderator_client = signed_in(resident), signed_in(moderator)
    client.set_cookie("lang", "en")

    for _ in range(2):  # the second round is served from the kept parts
        as_resident = page(resident_client, "/podnety/?sort=supported")
        as_moderator = page(moderator_client, "/podnety/?sort=supported")
        as_visitor = page(client, "/podnety/?sort=supported")

        links = account_links(as_resident)
        assert '<a href="/profil">Rita &lt;Obyvatelka&gt;</a>' in links
        assert '<span class="badge">1<span class="visually-hidden"> unread</span></span>' in links
        assert "My Spolu" in links and "Sign out" in links
        assert "Moderation" not in links and "Inbox" not in links and "Administration" not in links

        links = account_links(as_moderator)
        assert "Milan Moderátor" in links and "Rita" not in links
        assert 'class="badge"' not in links
        assert '<a href="/moderace">Moderation</a>' in links and '<a href="/schranka">Inbox</a>' in links
        assert "Administration" not in links

        links = account_links(as_visitor)
        assert '<a href="/prihlaseni?next=/podnety/?sort%3Dsupported">Sign in</a>' in links
        assert "Register" in links and "Sign out" not in links and "/profil" not in links
        assert tokens(as_visitor) == set()  # a visitor's page stays free of anything per person

        for html in (as_resident, as_moderator, as_visitor):
            languages = language_links(html)
            assert 'href="/jazyk/cs?next=/podnety/?sort%3Dsupported"' in languages
            assert 'href="/jazyk/en?next=/podnety/?sort%3Dsupported" lang="en" hreflang="en" rel="nofollow" ' \
                   'aria-current="true">English</a>' in languages
            assert '<a href="/podnety/" aria-current="page">Proposals</a>' in html

    for html in (as_resident, as_moderator):
        assert len(tokens(html)) == 1  # the session's token, in the sign-out form and for htmx alike


def test_the_language_links_return_to_each_page_and_the_menu_marks_it(app, signed_in, town):
    client = signed_in(UserFactory(home_municipality=town))
    for path, current in (("/podminky-uziti", None), ("/mapa", "/mapa"), ("/obce", "/obce"), ("/podnety/", "/podnety/")):
        html = page(client, path)
        assert f'href="/jazyk/en?next={path}"' in language_links(html)
        marked = re.findall(r'<a href="([^"]+)" aria-current="page">', html.split("</header>")[0])
        assert marked == ([current] if current else [])


def test_a_new_notification_a_role_a_new_name_and_a_language_show_on_the_next_request(app, signed_in, town):
    resident = UserFactory(home_municipality=town, display_name="Běla Původní")
    client = signed_in(resident)
    html = page(client)
    assert 'class="badge"' not in account_links(html) and "/moderace" not in html

    notify(resident)
    assert '<span class="badge">1<span class="visually-hidden"> nepřečtených</span></span>' in account_links(page(client))
    notify(resident, "Druhý podnět")
    assert '<span class="badge">2<span' in account_links(page(client))

    RoleFactory(user=resident, kind=RoleKind.MODERATOR, municipality=town)
    links = account_links(page(client))
    assert '<a href="/moderace">Moderování</a>' in links and "/sprava/" not in links

    resident.display_name = "Běla Nová"
    db.session.commit()
    links = account_links(page(client))
    assert "Běla Nová" in links and "Běla Původní" not in links

    assert client.get("/jazyk/en?next=/podminky-uziti").status_code in (302, 303)
    html = page(client)
    assert '<html lang="en">' in html
    assert '<a href="/moderace">Moderation</a>' in account_links(html) and "Sign out" in account_links(html)
    assert "Terms of use" in html.split("<footer")[1]
    assert 'lang="en" hreflang="en" rel="nofollow" aria-current="true">English</a>' in language_links(html)
    assert masked(html) == masked(as_rendered_afresh(app, client))  # tokens are signed with the second


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_shell_is_exactly_what_rendering_afresh_gives(app, signed_in, client, town, language):
    resident = UserFactory(home_municipality=town, display_name="Olga \"Q\" O'Neill & syn", locale=language)
    notify(resident)
    people = {
        "resident": signed_in(resident),
        "moderator": signed_in(moderator_of(town, locale=language)),
        "administrator": signed_in(administrator(locale=language)),
        "visitor": client,
    }
    client.set_cookie("lang", language)
    paths = ["/podminky-uziti", "/", "/podnety/", "/oznameni", "/hledat?q=lávka", "/obce", "/neexistuje"]
    for who, person in people.items():
        for path in paths:
            response = person.get(path)
            if response.status_code in (301, 302, 303):  # the notification centre sends visitors to sign in
                continue
            kept = shell_of(masked(response.get_data(as_text=True)))
            assert kept == shell_of(masked(as_rendered_afresh(app, person, path))), (who, path)


def test_a_signed_in_page_shell_runs_no_query_but_the_sign_in_check(app, signed_in, town, count_queries):
    client = signed_in(UserFactory(home_municipality=town))
    page(client)
    db.session.expire_all()  # as a new request finds it in production (the test's ORM session outlives requests)
    with count_queries(keep_cache=True) as counted:
        page(client)
    assert counted["n"] == 1, counted["statements"]  # the session's sign-in check (accounts/sessions.py)


def test_templates_translate_as_flask_babel_does(app):
    source = "{{ _('Sign out') }}|{{ _('Skip to content') }}|{{ _('Hello %(name)s', name='<b>') }}|{{ _('100%%') }}"
    with app.test_request_context("/", headers={"Accept-Language": "cs"}):
        assert render_template_string(source) == "Odhlásit se|Přeskočit na obsah|Hello &lt;b&gt;|100%"
        with force_locale("en"):  # an email in the recipient's language, sent while serving a Czech page
            assert render_template_string(source) == "Sign out|Skip to content|Hello &lt;b&gt;|100%"
        assert render_template_string(source).startswith("Odhlásit se|")
