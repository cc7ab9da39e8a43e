"""Print: no navigation, search, buttons, related pages or feedback form; each source's
address printed once, under it, and no other link's; the care cards stay."""

import re

import pytest

from .probes import PRINT_STATE, assert_no_problems

pytestmark = pytest.mark.browser

BLACK = "rgb(0, 0, 0)"
WHITE = ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
NO_ADDRESS = ("none", "normal")


def print_problems(page):
    state = page.evaluate(PRINT_STATE)
    problems = [f"printed: {what}" for what in state["chrome"]]
    for link in state["links"]:
        if link["source"]:
            if link["printed"] != link["href"]:
                problems.append(f"source address not printed: {link['what']}")
        if link["after"] not in NO_ADDRESS:
            problems.append(f"address printed after a link: {link['what']}")
    for callout in state["callouts"]:
        if not callout["shown"]:
            problems.append(f"care card not printed: {callout['text']}")
        elif callout["border"] != BLACK or callout["color"] != BLACK:
            problems.append(f"care card not black on white: {callout}")
        elif callout["background"] not in WHITE:
            problems.append(f"care card on a tint: {callout}")
    return problems, state


def test_every_kind_of_page_prints_cleanly(site, page, artifacts):
    page.emulate_media(media="print")
    found = {}
    callouts = sources = 0
    for name, path in site.page_types:
        page.goto(site(path))
        found[name], state = print_problems(page)
        callouts += sum(1 for callout in state["callouts"] if callout["shown"])
        sources += sum(1 for link in state["links"] if link["printed"])
        page.screenshot(path=artifacts / "print" / f"{name}.png", full_page=True)
    assert_no_problems(found)
    assert callouts > 0, "no care card was seen in print"
    assert sources > 0, "no source address was seen in print"


def test_a_tumor_page_prints_its_care_card_and_its_sources_once(site, page, artifacts):
    tumor = site.pages["tumors"]
    assert 'class="care-card-' in tumor.body_html
    page.goto(site(tumor.get_absolute_url()))
    page.emulate_media(media="print")
    card = page.locator(".care-card").first
    assert card.is_visible()
    assert re.match(r"\W*(Emergency|Urgent|Not urgent):", card.inner_text())
    # The page's own address once, at the top; each source's address once, under it.
    text = page.locator("body").inner_text()
    assert text.count(site(tumor.get_absolute_url())) == 1
    hrefs = [source.href for source in tumor.sources.all()]
    for href in hrefs:
        assert text.count(href) == hrefs.count(href), href
    page.pdf(path=artifacts / "print" / "tumor-page.pdf", format="A4")
