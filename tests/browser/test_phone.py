"""Phones: at 360px nothing scrolls sideways, text is 16px or more, targets 44px or more."""

import pytest

from .probes import DESKTOP, PHONE, PHONE_PROBLEMS, assert_no_problems
from .test_questions import fill_my_list

pytestmark = pytest.mark.browser


def test_every_kind_of_page_fits_a_360px_phone(site, new_context, artifacts):
    page = new_context(viewport=PHONE, device_scale_factor=1, has_touch=True).new_page()
    found = {}
    for name, path in site.page_types:
        page.goto(site(path))
        found[name] = page.evaluate(PHONE_PROBLEMS)
        page.screenshot(path=artifacts / "phone-360" / f"{name}.png", full_page=True)
    fill_my_list(page, site)
    found["questions-with-my-list"] = page.evaluate(PHONE_PROBLEMS)
    page.screenshot(
        path=artifacts / "phone-360" / "questions-with-my-list.png", full_page=True
    )
    assert_no_problems(found)


def test_screenshots_of_every_kind_of_page_on_a_desktop(site, new_context, artifacts):
    page = new_context(viewport=DESKTOP).new_page()
    for name, path in site.page_types:
        page.goto(site(path))
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        page.screenshot(path=artifacts / "desktop-1280" / f"{name}.png", full_page=True)
    fill_my_list(page, site)
    page.screenshot(
        path=artifacts / "desktop-1280" / "questions-with-my-list.png", full_page=True
    )
