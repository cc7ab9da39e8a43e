"""The spine picture: a slice with three linked places a tumor grows, and the regions."""

import pytest

from spinecare.pages.models import Page

from .probes import PHONE

pytestmark = pytest.mark.browser

PLACES = {
    "Inside the cord": "/tumors/intramedullary-tumors/",
    "Inside the dura, outside the cord": "/tumors/intradural-extramedullary-tumors/",
    "Outside the dura, in the bone": "/tumors/extradural-tumors/",
}
REGIONS = ["Cervical", "Thoracic", "Lumbar", "Sacrum"]


@pytest.mark.parametrize("path", ["/", "/tumors/"])
def test_the_slice_links_each_place_to_its_tumor_page(site, page, path):
    page.goto(site(path))
    slice_ = page.get_by_role("group", name="A slice across the spine")
    assert slice_.count() == 1
    for place, href in PLACES.items():
        link = slice_.get_by_role("link", name=place)
        assert link.get_attribute("href") == href
    side = page.get_by_role("img", name="The spine from the side")
    assert side.count() == 1
    description = side.evaluate(
        "el => el.querySelector('desc').textContent.toLowerCase()"
    )
    for region in REGIONS:
        assert region.lower() in description
        assert side.get_by_text(f"{region}", exact=False).count() >= 1


@pytest.mark.parametrize("part", [".xs-place", ".xs-tumor"])
def test_tapping_a_place_or_its_tumor_opens_its_page(site, page, part):
    for place, href in PLACES.items():
        page.goto(site("/tumors/"))
        page.get_by_role("link", name=place).locator(part).first.click()
        page.wait_for_url(site(href))
        title = Page.objects.get(slug=href.split("/")[2]).title
        assert page.get_by_role("heading", level=1).inner_text() == title


def test_the_picture_reads_on_a_phone_and_on_paper(site, new_context, artifacts):
    page = new_context(viewport=PHONE).new_page()
    page.goto(site("/"))
    figure = page.locator(".spine-figure")
    box = figure.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    smallest = figure.evaluate(
        """fig => Math.min(...[...fig.querySelectorAll('svg text')].map(t => {
            const m = t.getScreenCTM();
            return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        }))"""
    )
    assert smallest >= 16
    figure.screenshot(path=artifacts / "phone-360" / "spine-figure.png")
    page.emulate_media(media="print")
    assert figure.is_visible()
    for place in PLACES:
        assert page.get_by_role("link", name=place).is_visible()
    figure.screenshot(path=artifacts / "print" / "spine-figure.png")
