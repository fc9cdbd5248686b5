"""Issue 21's targets for the load runner (bench/load.py): which each page must meet, the table, the growth.

Every ratio is read against the bare route measured just before the page in
the same run (the machine is shared: its speed drifts within a run), the
support toggle against the bare write route (one insert and a commit).
"""

import json
from pathlib import Path

CACHED_P99, OTHER_P99 = 100.0, 250.0
REGION_GROWTH = 1.2  # each page at region within this factor of its small-scale figure


def target_of(name: str, page_cache: bool) -> tuple[float, float] | None:
    """(least ratio to the bare route, greatest p99 in ms) issue 21 sets for a page; None: no target."""
    if name.startswith(("bare", "CSV")):
        return None  # the bare routes are the yardsticks; a whole file's size grows with the data
    if name == "support toggle":
        return 0.5, OTHER_P99  # against the bare write route
    if name.startswith("signed in"):
        return 0.2, OTHER_P99
    if name.startswith("API"):
        return 0.1, OTHER_P99  # never from the page cache: as an uncached page
    return (0.5, CACHED_P99) if page_cache else (0.1, OTHER_P99)


def ratio_of(name: str, pages: dict) -> float:
    """req/s against its yardstick: the bare write route for the support toggle, else the bare route
    measured just before the page."""
    result = pages[name]
    if name == "support toggle" and "bare write route" in pages:
        return result["rps"] / pages["bare write route"]["rps"]
    return result["rps"] / (result.get("bare_rps") or pages["bare route"]["rps"])


def verdict(name: str, pages: dict, page_cache: bool) -> str:
    target = target_of(name, page_cache)
    if target is None:
        return ""
    ratio, p99 = target
    fast, steady = ratio_of(name, pages) >= ratio, pages[name]["p99"] < p99
    return (f"  {'met' if fast else 'MISSED'} ≥ {ratio} × bare, "
            f"{'met' if steady else 'MISSED'} p99 < {p99:.0f} ms")


def print_table(report: dict) -> None:
    pages, page_cache = report["pages"], report.get("page_cache", False)
    print(f"\n{'page':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× bare':>7} {'queries':>8} {'errors':>7}"
          "  target")
    for name, r in pages.items():
        queries = r["queries"] if r.get("queries") is not None else ""
        print(f"{name:<44} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} {ratio_of(name, pages):>7.2f} "
              f"{queries:>8} {r['errors']:>7}{verdict(name, pages, page_cache)}")


def compare(before_path: str, after_path: str) -> None:
    """Growth from one run to another (small → region): each page's ratio to its bare route, region over
    small (so that a busier machine does not count as growth), p50 and queries; met when within 1.2 ×."""
    before, after = (json.loads(Path(p).read_text()) for p in (before_path, after_path))
    print(f"Growth {before['database']} → {after['database']}")
    print(f"{'page':<44} {'× bare ratio':>12} {'req/s ratio':>12} {'p50 ratio':>10} {'queries':>12}  target")
    for name, a in after["pages"].items():
        b = before["pages"].get(name)
        if not b or name.startswith("bare"):
            continue
        relative = ratio_of(name, after["pages"]) / ratio_of(name, before["pages"])
        same_queries = b.get("queries") == a.get("queries")
        met = relative >= 1 / REGION_GROWTH and same_queries
        print(f"{name:<44} {relative:>12.2f} {a['rps'] / b['rps']:>12.2f} {a['p50'] / max(b['p50'], 0.001):>10.2f} "
              f"{str(b.get('queries')) + ' → ' + str(a.get('queries')):>12}  "
              f"{'met' if met else 'MISSED'} (within {REGION_GROWTH} ×, queries unchanged)")
