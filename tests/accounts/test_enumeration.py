"""Registration and password reset never tell whether an address has an account; mail leaves off the request path."""

import re

import pytest

from participation.accounts.models import User
from participation.extensions import db
from participation.notifications import queue
from tests.factories import MunicipalityFactory, UserFactory

PASSWORD_TYPED = "modrá louka nad řekou"


@pytest.fixture
def queued(app, monkeypatch):
    """The jobs requests queue, instead of running them (as with a separate worker)."""
    jobs = []
    monkeypatch.setitem(app.config, "NOTIFICATIONS_QUEUE", "manual")
    original = queue.enqueue

    def record(func, *args, **kwargs):
        jobs.append((func.__name__, args))
        return original(func, *args, **kwargs)

    monkeypatch.setattr(queue, "enqueue", record)
    return jobs


def _normalise(html: str) -> str:
    """The page without what differs on every request (the CSRF token, the nonce-free parts stay)."""
    return re.sub(r'value="[^"]{20,}"', 'value=""', html)


def _register(client, email):
    return client.post("/registrace", data={"email": email, "password": PASSWORD_TYPED, "display_name": "Jana",
                                          "home_municipality_id-q": "kurim"})


def test_registration_answers_the_same_for_a_taken_and_a_free_address(app, queued, outbox):
    MunicipalityFactory(name="Kuřim", code="583251")
    UserFactory(email="taken@example.cz")
    taken_browser, free_browser = app.test_client(), app.test_client()
    taken = _register(taken_browser, "taken@example.cz")
    free = _register(free_browser, "free@example.cz")
    assert (taken.status_code, taken.headers["Location"]) == (free.status_code, free.headers["Location"])
    assert sorted(h for h in taken.headers.keys()) == sorted(h for h in free.headers.keys())
    assert (_normalise(taken_browser.get(taken.headers["Location"]).get_data(as_text=True))
            == _normalise(free_browser.get(free.headers["Location"]).get_data(as_text=True)))
    # Both queued exactly one mail and sent none during the request.
    assert [name for name, _args in queued] == ["send_account_mail", "send_account_mail"]
    assert [args[1] for _name, args in queued] == ["registration_attempt", "confirm"]
    assert outbox == []
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2


def test_password_reset_answers_the_same_and_mails_off_the_request_path(app, queued, outbox):
    UserFactory(email="taken@example.cz")
    answers = [app.test_client().post("/heslo/obnova", data={"email": email})
               for email in ("taken@example.cz", "nobody@example.cz")]
    assert {(a.status_code, a.headers["Location"]) for a in answers} == {(303, "/heslo/obnova/odeslano")}
    assert [args[1] for _name, args in queued] == ["reset"]
    assert outbox == []


def test_a_queued_account_mail_is_sent_by_the_job(app, queued, outbox):
    from participation.notifications.jobs import send_account_mail

    UserFactory(email="taken@example.cz")
    app.test_client().post("/heslo/obnova", data={"email": "taken@example.cz"})
    (_name, args), = queued
    send_account_mail(*args)
    assert [mail.to for mail in outbox] == ["taken@example.cz"]
    assert "/heslo/obnova/" in outbox[0].text


def test_the_confirmation_link_signs_a_new_account_in_once(app, client, outbox):
    MunicipalityFactory(name="Kuřim", code="583251")
    _register(client, "jana@example.cz")
    link = re.search(r"http://localhost(/potvrzeni/\S+)", outbox[0].text).group(1)
    assert client.get(link).status_code == 200
    assert client.get("/profil").status_code == 200
    other = app.test_client()
    assert other.get(link).status_code == 200  # "confirmed already"
    assert other.get("/profil").status_code == 302  # the link does not sign in twice
