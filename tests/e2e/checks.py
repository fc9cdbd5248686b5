"""The checks run on every page a journey visits (PageChecker) and optional screenshots.

axe-core is evaluated into the page through the DevTools protocol: the app's
Content-Security-Policy (script-src 'self') rightly refuses an inline <script>,
so page.add_script_tag cannot inject it. With JavaScript off, axe's timers
cannot run in the page itself; the page's HTML is then re-opened, scripts
blocked, in a JavaScript-on audit page with the same stylesheets and viewport.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_DIR = ROOT / "docs" / "screenshots"
# SPOLU_SCREENSHOTS=1 python -m pytest tests/e2e -n0 -k js  saves each named page at 360 and 1280 px.
SCREENSHOTS = os.environ.get("SPOLU_SCREENSHOTS", "") not in ("", "0")

_axe_source: str | None = None


def axe_source() -> str:
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    return _axe_source


RUN_AXE = """async (rules) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""

# Every visible control a keyboard user must reach (not inside aria-hidden, e.g. a
# honeypot field); radio buttons count once per group.
MARK_CONTROLS = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const controls = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.type === 'hidden' || el.closest('[inert], [aria-hidden="true"]')) continue;
    // A native control taken out of the tab order (tabindex=-1) is a failure, not an exemption.
    if (!el.matches('a[href], button, input, select, textarea, summary') && el.tabIndex < 0) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const key = el.type === 'radio' ? 'radio:' + (el.form ? el.form.id || 'f' : '') + ':' + el.name
                                    : 'el:' + controls.length;
    el.dataset.e2eKey = key;
    controls.push({key: key, html: el.outerHTML.slice(0, 160)});
  }
  const start = document.createElement('span');
  start.id = 'e2e-start';
  start.tabIndex = -1;
  document.body.prepend(start);
  return controls;
}"""

# The page must fit the phone's width (tables may scroll inside their own wrapper).
WIDEST = r"""() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return null;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && el.checkVisibility() && !el.closest('.skip-link')) {
      let inside = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== 'visible' && style.overflowX !== 'clip') { inside = true; break; }
      }
      if (!inside) culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                                 (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
                                 ' (right edge ' + Math.round(box.right) + ' px)');
    }
    if (culprits.length >= 3) break;
  }
  return document.documentElement.scrollWidth + ' px wide; ' + culprits.join(', ');
}"""

FOCUS_START = "() => document.getElementById('e2e-start').focus()"
ACTIVE_KEY = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return el.dataset.e2eKey || ('other:' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
}"""
# htmx keeps the document between checks, so an earlier check's listener is replaced, not doubled.
RECORD_FOCUS = """() => {
  window.__e2eFocus = [];
  if (window.__e2eFocusListener) document.removeEventListener('focusin', window.__e2eFocusListener, true);
  window.__e2eFocusListener = (event) => {
    const el = event.target;
    window.__e2eFocus.push(el.dataset.e2eKey || ('other:' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')));
  };
  document.addEventListener('focusin', window.__e2eFocusListener, true);
}"""
UNMARK = """() => {
  document.getElementById('e2e-start')?.remove();
  for (const el of document.querySelectorAll('[data-e2e-key]')) delete el.dataset.e2eKey;
}"""


class PageChecker:
    """Called after every navigation: check(page, "proposal-detail")."""

    def __init__(self, audit_page, javascript: bool):
        self.audit_page = audit_page
        self.javascript = javascript

    def __call__(self, page, name: str | None = None) -> None:
        page.wait_for_load_state("load")
        problems = []
        problems += self.structure(page)
        problems += self.axe(page)
        problems += self.keyboard(page, self.javascript)
        if page.console_errors:
            problems.append("console or network errors: " + " | ".join(page.console_errors))
            page.console_errors.clear()
        assert not problems, f"{page.url} ({'JS on' if self.javascript else 'JS off'}):\n" + "\n".join(problems)
        if SCREENSHOTS and name and self.javascript:
            screenshot(page, name)

    @staticmethod
    def structure(page) -> list[str]:
        problems = []
        lang = page.evaluate("() => document.documentElement.getAttribute('lang') || ''")
        if not lang.strip():
            problems.append("<html> has no lang attribute")
        overflow = page.evaluate(WIDEST)
        if overflow:
            problems.append(f"the page is wider than the {page.viewport_size['width']} px screen "
                            f"(WCAG 1.4.10 reflow): {overflow}")
        h1_count = page.evaluate("() => document.querySelectorAll('h1').length")
        if h1_count != 1:
            problems.append(f"expected exactly one <h1>, found {h1_count}")
        return problems

    def axe(self, page) -> list[str]:
        if self.javascript:
            violations = run_axe(page)
        else:
            violations = self.axe_without_javascript(page)
        lines = []
        for violation in violations:
            lines.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    at {node['target']}\n      {node['summary']}".replace("\n", "\n      "))
        return lines

    def axe_without_javascript(self, page) -> list[dict]:
        """Open the JS-off page's HTML at its own URL in the audit page, scripts blocked."""
        html = page.content()
        url = page.url.split("#")[0]
        audit = self.audit_page

        def serve(route):
            if route.request.url.split("#")[0] == url and route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            elif route.request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        audit.route("**/*", serve)
        try:
            audit.goto(url)
            return run_axe(audit)
        finally:
            audit.unroute("**/*", serve)

    @staticmethod
    def keyboard(page, javascript: bool = False) -> list[str]:
        """Tab from the top: the skip link comes first, moves focus to <main>, and every control is reached."""
        problems = []
        controls = page.evaluate(MARK_CONTROLS)
        try:
            page.evaluate(FOCUS_START)
            order = tab_through(page, controls, javascript)
            reached = set(order)
            first_href = page.evaluate(
                "() => document.querySelector('[data-e2e-key]')?.getAttribute('href') ?? null")
            skip_link_first = bool(order) and bool(controls) and order[0] == controls[0]["key"]
            if not skip_link_first or first_href != "#main":
                problems.append(f"the first Tab does not reach a skip link to #main (got {order[:1]}, href={first_href!r})")
            for control in controls:
                if control["key"] not in reached:
                    problems.append(f"not reachable with Tab: {control['html']}")
            if skip_link_first and first_href == "#main":
                page.evaluate(FOCUS_START)
                page.keyboard.press("Tab")
                page.keyboard.press("Enter")
                focused = page.evaluate("() => document.activeElement.tagName + '#' + document.activeElement.id")
                if focused.lower() != "main#main":
                    problems.append(f"the skip link does not move focus to <main id=main> (focus on {focused})")
        finally:
            page.evaluate(UNMARK)
        return problems


def tab_through(page, controls: list[dict], javascript: bool) -> list[str]:
    """Press Tab until focus leaves the page or comes round again; the keys focused, in order."""
    limit = 3 * len(controls) + 10  # date and time inputs take one Tab per part (day, month, year)
    if not javascript:
        order = []
        for _ in range(limit):
            page.keyboard.press("Tab")
            key = page.evaluate(ACTIVE_KEY)
            if key is None or (order and key == order[0]):
                break  # left the document, or came round again
            order.append(key)
        return order
    # With JavaScript a focusin listener records each stop, so Tab can be pressed in batches.
    page.evaluate(RECORD_FOCUS)
    pressed, batch, wanted = 0, len(controls) + 2, {c["key"] for c in controls}
    while pressed < limit:
        for _ in range(min(batch, limit - pressed)):
            page.keyboard.press("Tab")
        pressed += batch
        log = page.evaluate("() => window.__e2eFocus")
        if log and (log[0] in log[1:] or wanted <= set(log)):
            break
        batch = len(controls) // 2 + 5
    order = []
    for key in log:
        if order and key == order[0]:
            break
        order.append(key)
    return order


def run_axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, AXE_RULES)


def screenshot(page, name: str) -> None:
    """docs/screenshots/<name>-360.png and <name>-1280.png (full page)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    viewport = page.viewport_size
    errors_before = len(page.console_errors)
    # caret="initial": hiding the caret would inject a <style> that the CSP (rightly) refuses.
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-360.png"), full_page=True, caret="initial")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-1280.png"), full_page=True, caret="initial")
    page.set_viewport_size(viewport)
    del page.console_errors[errors_before:]  # what the screenshot tooling caused is not the page's fault
