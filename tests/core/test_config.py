"""Operators tune Spolu through the environment; every setting the code reads is declared in config.py."""

import os
import re
import subprocess
import sys
from pathlib import Path

import config

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_the_code_reads_is_declared_in_config():
    read = set()
    for path in (ROOT / "participation").rglob("*.py"):
        read |= set(re.findall(r"""config\[["']([A-Z][A-Z0-9_]+)["']\]""", path.read_text(encoding="utf-8")))
    assert {"RATELIMIT_COMMENT", "NOTIFICATIONS_MAX_ATTEMPTS"} <= read  # the scan sees the code
    flask_own = {"TESTING", "SERVER_NAME", "MAIL_BACKEND", "RATELIMIT_STORAGE_URI", "BABEL_TRANSLATION_DIRECTORIES",
                 "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", "RATELIMIT_SWALLOW_ERRORS"}
    missing = sorted(name for name in read - flask_own if not hasattr(config.Config, name))
    assert not missing, f"read by the code but not declared in config.py: {missing}"


def test_the_environment_sets_limits_and_thresholds():
    environment = dict(os.environ, SPOLU_REPORT_HIDE_THRESHOLD="5", RATELIMIT_COMMENT="2 per minute;10 per hour",
                       NOTIFICATIONS_RETRY_INTERVALS="10,20")
    code = ("import config; c = config.Config; "
            "print(c.SPOLU_REPORT_HIDE_THRESHOLD, c.RATELIMIT_COMMENT, c.NOTIFICATIONS_RETRY_INTERVALS, sep='|')")
    printed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True,
                             text=True, check=True).stdout.strip()
    assert printed == "5|2 per minute;10 per hour|(10, 20)"
