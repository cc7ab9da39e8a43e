"""The layout as a patient meets it on a phone: a short header, links that stay in
their sentences, a "Start here", one list of related pages, the page on how the
information is made, and care cards told apart without colour."""

import re

import pytest

from tests.conftest import ContentTree, run_command

from .probes import LIST_SENTENCE_LINKS, PHONE

pytestmark = pytest.mark.browser

# The six pages whose two lists repeated 41 links between them (issue 11).
SIX = [
    "/tumors/intramedullary-tumors/",
    "/tumors/extradural-tumors/",
    "/tumors/primary-and-metastatic-tumors/",
    "/symptoms/weakness/",
    "/symptoms/numbness-and-tingling/",
    "/symptoms/back-and-neck-pain/",
]
RELATED_PER_GROUP = 6


def test_the_phone_header_is_at_most_200px_tall(site, new_context, artifacts):
    page = new_context(viewport=PHONE).new_page()
    heights = {}
    for name, path in site.page_types:
        page.goto(site(path))
        heights[name] = page.locator(".site-header").bounding_box()["height"]
    page.goto(site("/"))
    page.locator(".site-header").screenshot(path=artifacts / "phone-360" / "header.png")
    assert max(heights.values()) <= 200, heights
    # Every section is still one tap away.
    nav = page.get_by_role("navigation", name="Main")
    for label in ("Tumor types", "Symptoms", "Diagnosis", "Treatments", "Guides"):
        assert nav.get_by_role("link", name=label).is_visible()


def test_every_link_inside_a_list_sentence_is_laid_out_inline(site, new_context):
    page = new_context(viewport=PHONE).new_page()
    seen, blocks = 0, []
    for slug, path in site.every_page:
        page.goto(site(path))
        links = page.evaluate(LIST_SENTENCE_LINKS)
        seen += len(links)
        blocks += [
            f"{slug}: {link['what']}" for link in links if link["display"] != "inline"
        ]
    assert seen > 20, "the real pages have links inside list sentences"
    assert not blocks, blocks


def test_the_home_page_opens_with_start_here_then_the_tumor_types(
    site, new_context, artifacts
):
    page = new_context(viewport=PHONE).new_page()
    page.goto(site("/"))
    start = page.get_by_role("link", name=re.compile(r"^Start here"))
    assert start.get_attribute("href") == "/guides/what-is-a-spinal-tumor/"
    box = start.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "on the first screen"
    types = page.locator(".tumor-types a")
    assert types.evaluate_all("els => els.map(a => a.getAttribute('href'))") == [
        "/tumors/intramedullary-tumors/",
        "/tumors/intradural-extramedullary-tumors/",
        "/tumors/extradural-tumors/",
    ]
    assert types.first.bounding_box()["y"] > box["y"]
    # The get-help panel, both cards, within the first two screens.
    panel = page.locator(".urgent-panel")
    assert panel.locator(".care-emergency").is_visible()
    assert panel.locator(".care-urgent").is_visible()
    assert panel.bounding_box()["y"] < 2 * PHONE["height"]
    # Sections and the start here, not every page.
    pages = page.locator("main a[href]").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )
    content = {href for href in pages if re.fullmatch(r"/[a-z]+/[a-z0-9-]+/", href)}
    assert content <= {
        "/guides/what-is-a-spinal-tumor/",
        "/guides/urgent-help/",
        *types.evaluate_all("els => els.map(a => a.getAttribute('href'))"),
    }, content
    page.screenshot(path=artifacts / "phone-360" / "home-first-screen.png")


def test_related_pages_are_one_list_with_no_repeats(site, page):
    checked = 0
    for path in SIX:
        response = page.goto(site(path))
        if response.status != 200:
            continue  # content is being rewritten: a page may be gone
        checked += 1
        assert page.locator(".backlinks, #page-backlinks").count() == 0, path
        related = page.locator("section.related")
        hrefs = related.locator("li a").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))"
        )
        assert hrefs and len(hrefs) == len(set(hrefs)), (path, hrefs)
        assert path not in hrefs
        for group in related.locator(".related-group").all():
            assert group.locator("li").count() <= RELATED_PER_GROUP, path
    assert checked >= 4


def test_a_hub_caps_its_related_pages_and_links_to_the_rest(site, page):
    page.goto(site("/guides/urgent-help/"))
    related = page.locator("section.related")
    more = related.locator(".related-more a")
    assert more.count() >= 1, "every symptom links to the urgent-help guide"
    more.first.click()
    assert re.fullmatch(r".*/[a-z]+/", page.url)
    assert page.locator(".page-list li").count() > RELATED_PER_GROUP


def test_the_footer_leads_to_how_the_information_is_made(site, page):
    page.goto(site("/"))
    footer = page.locator("footer.site-footer")
    footer.get_by_role("link", name="How we make this information").click()
    page.wait_for_url("**/guides/how-we-make-this-information/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "How we make this information"
    )
    text = page.locator("main").inner_text()
    for words in (
        "clinical reviewer",
        "did not write the change",
        "at least every 3 years",
        "National Cancer Institute",
        "never the only source",
        "Was this page helpful?",
        "medical advice",
        "sets no cookies and does not track you",
    ):
        assert words in text, words
    assert page.locator("main a[href^='mailto:']").count() >= 1
    assert page.locator("main a[href^='tel:']").count() >= 1
    # And every page's footer has the same link.
    for _, path in site.page_types[:4]:
        page.goto(site(path))
        assert footer.get_by_role("link", name="How we make this information").count()


CARDS = ("emergency", "urgent", "routine")


@pytest.fixture
def three_cards(live_server, tmp_path):
    """A page with the three care cards, one under another."""
    tree = ContentTree(tmp_path / "content")
    tree.page(
        "guides",
        "care-levels",
        title="Three levels of care",
        body="\n\n".join(
            ["## When", "Text."] + [f"!!! {level}" for level in CARDS] + ["## More"]
        ),
    )
    code, _, err = run_command("load_content", str(tree.root))
    assert code == 0, err
    return live_server.url + "/guides/care-levels/"


def card_looks(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('.care-card')].map(card => {
          const s = getComputedStyle(card);
          const title = card.querySelector('.care-title');
          return {style: s.borderTopStyle, left: parseFloat(s.borderLeftWidth),
                  colour: s.borderTopColor, symbol: getComputedStyle(title, '::before').content,
                  words: title.textContent.trim()};
        })"""
    )


def test_the_three_care_cards_differ_in_colour_and_in_shape_and_words(
    three_cards, page, artifacts
):
    page.goto(three_cards)
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        looks = card_looks(page)
        assert [look["words"].split(":")[0] for look in looks] == [
            "Emergency",
            "Urgent",
            "Not urgent",
        ]
        # Told apart without colour: the frame's line and the symbol differ.
        assert len({look["style"] for look in looks}) == 3, looks
        assert len({look["symbol"] for look in looks}) == 3, looks
        assert looks[0]["left"] > looks[2]["left"], "emergency has the heaviest edge"
        if media == "screen":
            assert len({look["colour"] for look in looks}) == 3, looks
        else:
            assert {look["colour"] for look in looks} == {"rgb(0, 0, 0)"}
        page.locator(".body").screenshot(
            path=artifacts
            / ("print" if media == "print" else "desktop-1280")
            / "care-cards.png"
        )
