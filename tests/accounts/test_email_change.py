"""Changing the account's email address: a link to the new address, a notice to the old one."""

import re

from participation.accounts.tokens import Purpose, make_token
from participation.extensions import db
from tests.factories import PASSWORD, UserFactory


def _link(mail) -> str:
    return re.search(r"http://localhost(/profil/email/potvrzeni/\S+)", mail.text).group(1)


def _ask(client, email="nova.adresa@example.cz", password=PASSWORD):
    return client.post("/profil/email", data={"email": email, "current_password": password})


def test_the_page_needs_sign_in(client):
    response = client.get("/profil/email")
    assert response.status_code == 302 and response.headers["Location"].startswith("/prihlaseni")


def test_the_profile_links_to_the_change(client, login):
    login(UserFactory())
    assert 'href="/profil/email"' in client.get("/profil").get_data(as_text=True)


def test_the_address_changes_only_when_the_link_mailed_to_it_is_opened(client, login, outbox):
    user = UserFactory(email="stara@example.cz", locale="en")
    login(user)
    response = _ask(client, email="  Nova.Adresa@Example.cz ")
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.email == "stara@example.cz"  # nothing changes yet
    assert [m.to for m in outbox] == ["nova.adresa@example.cz"]
    assert outbox[0].subject == "Confirm your new email address for Spolu"

    page = client.get(_link(outbox[0]))
    assert page.status_code == 200
    assert "Your email address is changed" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "nova.adresa@example.cz" and user.is_confirmed
    notice = outbox[-1]
    assert notice.to == "stara@example.cz"
    assert "nova.adresa@example.cz" in notice.text
    # The link works once: a second visit says the address is the account's already.
    assert client.get(_link(outbox[0])).status_code == 200
    assert len(outbox) == 2


def test_a_wrong_password_keeps_what_was_typed_and_sends_nothing(client, login, outbox):
    login(UserFactory(locale="en"))
    response = _ask(client, email="jina@example.cz", password="not my password")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This is not your current password." in html or "Toto není vaše současné heslo." in html
    assert 'value="jina@example.cz"' in html
    assert outbox == []


def test_the_answer_does_not_tell_whether_another_account_uses_the_address(client, login, outbox):
    owner = UserFactory(email="obsazena@example.cz", display_name="Olga", locale="en")
    user = UserFactory(email="moje@example.cz", locale="en")
    login(user)
    client.set_cookie("lang", "en")
    taken = _ask(client, email="OBSAZENA@example.cz")
    taken_page = client.get("/profil").get_data(as_text=True)
    free = _ask(client, email="volna@example.cz")
    free_page = client.get("/profil").get_data(as_text=True)
    assert taken.status_code == free.status_code == 303
    assert taken.headers["Location"] == free.headers["Location"]
    assert "We sent a link to obsazena@example.cz." in taken_page
    assert "We sent a link to volna@example.cz." in free_page
    assert "Another account" not in taken_page
    # The owner of the taken address is told, with no link that could hand the address over.
    notice, confirmation = outbox
    assert notice.to == "obsazena@example.cz" and "Olga" in notice.text
    assert notice.subject == "Someone tried to use your address for another Spolu account"
    assert "/profil/email/potvrzeni/" not in notice.text and "moje@example.cz" not in notice.text
    assert confirmation.to == "volna@example.cz" and _link(confirmation)
    db.session.refresh(user)
    db.session.refresh(owner)
    assert user.email == "moje@example.cz" and owner.email == "obsazena@example.cz"


def test_a_taken_address_still_needs_the_password(client, login, outbox):
    UserFactory(email="obsazena@example.cz")
    login(UserFactory())
    wrong = _ask(client, email="obsazena@example.cz", password="nespravne heslo")
    assert wrong.status_code == 422 and 'value="obsazena@example.cz"' in wrong.get_data(as_text=True)
    assert outbox == []


def test_the_current_address_and_a_malformed_one_are_refused(client, login, outbox):
    user = UserFactory(email="moje@example.cz")
    login(user)
    assert _ask(client, email="moje@example.cz").status_code == 422
    assert _ask(client, email="bez-zavinace").status_code == 422
    assert outbox == []


def test_a_link_is_dead_once_the_address_changed_another_way_or_was_taken_meanwhile(client, login, outbox):
    user = UserFactory(email="prvni@example.cz")
    login(user)
    _ask(client, email="druha@example.cz")
    _ask(client, email="treti@example.cz")
    first, second = _link(outbox[0]), _link(outbox[1])
    assert client.get(second).status_code == 200
    assert client.get(first).status_code == 400  # issued for the old address
    db.session.refresh(user)
    assert user.email == "treti@example.cz"

    other = UserFactory(email="x@example.cz")
    login(other)
    _ask(client, email="zabrana@example.cz")
    UserFactory(email="zabrana@example.cz")  # someone registers it before the link is opened
    assert client.get(_link(outbox[-1])).status_code == 400
    db.session.refresh(other)
    assert other.email == "x@example.cz"


def test_forged_expired_and_foreign_tokens_change_nothing(app, client, login):
    user = UserFactory(email="pevna@example.cz")
    assert client.get("/profil/email/potvrzeni/nonsense").status_code == 400
    # A confirmation token (another purpose) is not a change token.
    confirm = make_token(Purpose.CONFIRM_EMAIL, {"user": user.id, "from": user.email, "to": "a@example.cz"})
    assert client.get(f"/profil/email/potvrzeni/{confirm}").status_code == 400
    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    expired = make_token(Purpose.CHANGE_EMAIL, {"user": user.id, "from": user.email, "to": "b@example.cz"})
    response = client.get(f"/profil/email/potvrzeni/{expired}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.email == "pevna@example.cz"
