"""Account mail goes through the job queue; here it runs at once, so tests read it from the outbox."""

import pytest


@pytest.fixture(autouse=True)
def account_mail_sent_at_once(app):
    app.config["NOTIFICATIONS_QUEUE"] = "sync"
