"""Print: no navigation, search or buttons; links print their addresses; callouts stay."""

import pytest

from .probes import PRINT_STATE, assert_no_problems

pytestmark = pytest.mark.browser

BLACK = "rgb(0, 0, 0)"
WHITE = ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")


def print_problems(page):
    state = page.evaluate(PRINT_STATE)
    problems = [f"printed: {what}" for what in state["chrome"]]
    problems += [
        f"address not printed: {link['what']} (after: {link['after']})"
        for link in state["links"]
        if link["href"] not in link["after"]
    ]
    for callout in state["callouts"]:
        if not callout["shown"]:
            problems.append(f"urgent callout not printed: {callout['text']}")
        elif callout["border"] != BLACK or callout["color"] != BLACK:
            problems.append(f"urgent callout not black on white: {callout}")
        elif callout["background"] not in WHITE:
            problems.append(f"urgent callout on a tint: {callout}")
    return problems, state


def test_every_kind_of_page_prints_cleanly(site, page, artifacts):
    page.emulate_media(media="print")
    found = {}
    callouts = 0
    for name, path in site.page_types:
        page.goto(site(path))
        found[name], state = print_problems(page)
        callouts += sum(1 for callout in state["callouts"] if callout["shown"])
        page.screenshot(path=artifacts / "print" / f"{name}.png", full_page=True)
    assert_no_problems(found)
    assert callouts > 0, "no urgent callout was seen in print"


def test_a_page_with_an_urgent_callout_prints_it(site, page, artifacts):
    tumor = site.pages["tumors"]
    assert 'class="admonition urgent"' in tumor.body_html
    page.goto(site(tumor.get_absolute_url()))
    page.emulate_media(media="print")
    callout = page.locator(".admonition.urgent").first
    assert callout.is_visible()
    assert "Get help now" in callout.inner_text()
    page.pdf(path=artifacts / "print" / "tumor-page.pdf", format="A4")
