"""Accessibility in Chromium: axe-core finds nothing at WCAG 2.1 A/AA; the keyboard reaches all."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .probes import (
    FOCUS_STATE,
    MARK_FOCUSABLE,
    PHONE,
    PHONE_PROBLEMS,
    assert_no_problems,
)
from .test_print import print_problems
from .test_questions import fill_my_list

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()  # axe-playwright-python ships axe-core 4.12.1: nothing is downloaded


def axe_violations(page):
    results = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:4])
        for v in results.response["violations"]
    ]


def test_no_axe_violations_on_any_kind_of_page(site, page):
    found = {}
    for name, path in site.page_types:
        page.goto(site(path))
        found[name] = axe_violations(page)
    fill_my_list(page, site)  # the questions page as the script builds it
    found["questions-with-my-list"] = axe_violations(page)
    assert_no_problems(found)


def test_every_published_page_passes_axe_on_a_phone_and_on_paper(site, new_context):
    """The sweeps above visit one page of each kind; this one visits every page."""
    page = new_context(viewport=PHONE).new_page()
    found = {}
    for slug, path in site.every_page:
        page.emulate_media(media="screen")
        page.goto(site(path))
        found[slug] = axe_violations(page) + page.evaluate(PHONE_PROBLEMS)
        page.emulate_media(media="print")
        found[slug] += print_problems(page)[0]
    assert len(found) == len(site.every_page) > 30
    assert_no_problems(found)


def tab_through(page):
    """Tab from the top of the page until focus comes back round; return each stop."""
    expected = page.evaluate(MARK_FOCUSABLE)
    stops = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or (stops and state["kb"] == stops[0]["kb"]):
            return expected, stops, True  # out of the page and round again: no trap
        assert state["kb"] is not None, f"focus went to an unexpected {state['what']}"
        assert not stops or state["kb"] != stops[-1]["kb"], f"stuck at {state['what']}"
        stops.append(state)
    return expected, stops, False


def keyboard_problems(page):
    expected, stops, came_round = tab_through(page)
    problems = []
    if not came_round:
        problems.append("focus never left the page: trapped")
    if not stops or not stops[0]["what"].startswith("<a href=#main> Skip to main"):
        problems.append(f"first stop is not the skip link: {stops[:1]}")
    reached = [int(stop["kb"]) for stop in stops]
    missed = [expected[i] for i in range(len(expected)) if i not in reached]
    if missed:
        problems.append(f"never reached: {missed}")
    if reached != sorted(reached):
        problems.append("focus order differs from reading order")
    problems += [f"no visible focus: {s['what']}" for s in stops if not s["ring"]]
    problems += [f"focused off screen: {s['what']}" for s in stops if not s["inView"]]
    return problems


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, None])
def test_keyboard_alone_reaches_everything_and_sees_focus(site, new_context, viewport):
    page = new_context(viewport=viewport or {"width": 360, "height": 740}).new_page()
    found = {}
    for name, path in site.page_types:
        page.goto(site(path))
        found[name] = keyboard_problems(page)
    fill_my_list(page, site)
    page.reload()
    found["questions-with-my-list"] = keyboard_problems(page)
    assert_no_problems(found)


def test_skip_link_is_first_and_jumps_to_the_content(site, page):
    page.goto(site(site.pages["tumors"].get_absolute_url()))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] >= 44  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_the_menu_says_where_you_are(site, page):
    nav = page.get_by_role("navigation", name="Main")
    page.goto(site(site.pages["tumors"].get_absolute_url()))
    assert nav.locator("[aria-current]").all_inner_texts() == ["Tumor types"]
    assert nav.get_by_role("link", name="Tumor types").get_attribute(
        "aria-current"
    ) == ("true")
    page.goto(site("/questions/"))
    assert nav.locator("[aria-current=page]").all_inner_texts() == ["Questions"]
    page.goto(site("/"))
    assert nav.locator("[aria-current]").count() == 0
