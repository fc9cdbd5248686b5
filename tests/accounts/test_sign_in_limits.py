"""Sign-in limited per account as well as per address; the client address behind a reverse proxy."""

from sqlalchemy import select

from participation.accounts.models import SignInSession
from participation.extensions import db
from tests.factories import PASSWORD, UserFactory


def _post_login(browser, email, password, address):
    return browser.post("/prihlaseni", data={"email": email, "password": password},
                        environ_base={"REMOTE_ADDR": address})


def test_failed_sign_ins_are_limited_per_account_from_any_address(limited_app):
    limited = limited_app(RATELIMIT_LOGIN="100 per minute", RATELIMIT_LOGIN_ACCOUNT="3 per hour")
    UserFactory(email="eva@example.cz")
    UserFactory(email="jan@example.cz")
    codes = [_post_login(limited.test_client(), "eva@example.cz", f"guess number {n}", f"203.0.113.{n}").status_code
             for n in range(1, 5)]
    assert codes == [200, 200, 200, 429]
    # Another address, even the right password: this account waits (the address is not what counts).
    assert _post_login(limited.test_client(), "EVA@example.cz ", PASSWORD, "198.51.100.7").status_code == 429
    # Another account is not held up by attacks on this one.
    assert _post_login(limited.test_client(), "jan@example.cz", PASSWORD, "203.0.113.1").status_code == 303


def test_successful_sign_ins_do_not_use_up_the_account_limit(limited_app):
    limited = limited_app(RATELIMIT_LOGIN="100 per minute", RATELIMIT_LOGIN_ACCOUNT="2 per hour")
    UserFactory(email="eva@example.cz")
    codes = [_post_login(limited.test_client(), "eva@example.cz", PASSWORD, "203.0.113.1").status_code
             for _ in range(4)]
    assert codes == [303, 303, 303, 303]


def test_sign_in_is_still_limited_per_address(limited_app):
    limited = limited_app(RATELIMIT_LOGIN="2 per minute", RATELIMIT_LOGIN_ACCOUNT="100 per hour")
    browser = limited.test_client()
    codes = [_post_login(browser, f"user{n}@example.cz", "wrong password", "203.0.113.1").status_code
             for n in range(3)]
    assert codes == [200, 200, 429]
    assert _post_login(browser, "other@example.cz", "wrong password", "203.0.113.2").status_code == 200


def _forwarded(browser, email, forwarded_for):
    return browser.post("/prihlaseni", data={"email": email, "password": "wrong password"},
                        headers={"X-Forwarded-For": forwarded_for}, environ_base={"REMOTE_ADDR": "10.0.0.2"})


def test_without_trusted_proxies_a_forwarded_address_is_ignored(limited_app):
    limited = limited_app(RATELIMIT_LOGIN="2 per minute", TRUSTED_PROXY_COUNT=0)
    browser = limited.test_client()
    # A client that makes up X-Forwarded-For does not escape the limit on its real address.
    codes = [_forwarded(browser, f"u{n}@example.cz", f"203.0.113.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(limited_app):
    limited = limited_app(RATELIMIT_LOGIN="2 per minute", TRUSTED_PROXY_COUNT=1)
    browser = limited.test_client()
    codes = [_forwarded(browser, f"u{n}@example.cz", "203.0.113.5").status_code for n in range(3)]
    assert codes == [200, 200, 429]
    # Another client behind the same proxy; a value the client prepended itself is not trusted either.
    assert _forwarded(browser, "u9@example.cz", "203.0.113.5, 203.0.113.6").status_code == 200


def test_behind_a_trusted_proxy_the_session_records_the_client_network(limited_app):
    limited = limited_app(TRUSTED_PROXY_COUNT=1)
    user = UserFactory(email="eva@example.cz")
    browser = limited.test_client()
    response = browser.post("/prihlaseni", data={"email": "eva@example.cz", "password": PASSWORD},
                            headers={"X-Forwarded-For": "192.0.2.77", "X-Forwarded-Proto": "https"},
                            environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 303
    record = db.session.scalar(select(SignInSession).where(SignInSession.user_id == user.id))
    assert record.address_prefix == "192.0.2.0/24"
