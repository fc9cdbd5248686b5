#!/bin/sh
# Regenerate docs/screenshots/<page>-360.png and <page>-1280.png of Spolu's main pages.
#
#   scripts/screenshots.sh          the main pages (tests/e2e/test_phone_layout.py)
#   scripts/screenshots.sh --all    every page a browser journey names (slow)
#
# Needs what the browser tests need (docs/features/e2e.md): Debian's chromium and `npm install`.
set -e
cd "$(dirname "$0")/.."
target=tests/e2e/test_phone_layout.py
[ "$1" = "--all" ] && target=tests/e2e
SPOLU_SCREENSHOTS=1 .venv/bin/python -m pytest -q -n 0 -p no:cacheprovider "$target" -k "not nojs"
