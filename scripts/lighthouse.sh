#!/bin/sh
# Lighthouse (mobile, the default form factor) on a running Spolu: one line of scores per page.
#
#   scripts/lighthouse.sh http://127.0.0.1:5000 / /proposals/ /proposals/1 ...
#
# Needs Debian's chromium and Lighthouse 12.8 (npm; LIGHTHOUSE=path/to/lighthouse if it is not
# on npx's path); about 12 s a page.
set -e
base=$1; shift
out=$(mktemp -d)
for path in "$@"; do
  CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} ${LIGHTHOUSE:-npx lighthouse} "$base$path" --output=json --output-path="$out/lh.json" \
    --quiet --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$(mktemp -d)"
  node -e 'const r = require(process.argv[1]); const c = r.categories;
    console.log([process.argv[2], ...["performance", "accessibility", "best-practices", "seo"].map(k => k + " " + Math.round(c[k].score * 100))].join(" | "));
    for (const a of Object.values(r.audits)) if (a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary") console.log("   failing: " + a.id);' \
    "$out/lh.json" "$path"
done
