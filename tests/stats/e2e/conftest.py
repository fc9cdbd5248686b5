"""The browser fixtures of tests/e2e (live server with demo data, Chromium at 360 px, axe checks)."""

from tests.e2e.conftest import *  # noqa: F403
