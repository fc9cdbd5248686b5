"""The page checks themselves catch what they are meant to catch."""

import pytest

BREAK_THE_PAGE = """() => {
  document.documentElement.removeAttribute('lang');
  document.querySelector('.skip-link').remove();
  const main = document.querySelector('main');
  main.insertAdjacentHTML('beforeend',
    '<h1>Second heading</h1><img src="/static/img/favicon.ico">' +
    '<input type="text" name="unlabelled"><a href="/x" tabindex="-1">Unreachable</a>' +
    '<p class="low-contrast">Grey on white</p>');
}"""


def test_a_broken_page_fails_every_check(page, check):
    page.goto("/")
    page.evaluate(BREAK_THE_PAGE)
    with pytest.raises(AssertionError) as failure:
        check(page)
    report = str(failure.value)
    assert "no lang attribute" in report
    assert "exactly one <h1>, found 2" in report
    assert "axe image-alt" in report and "axe label" in report
    assert "skip link" in report
    assert "not reachable with Tab" in report and "Unreachable" in report

