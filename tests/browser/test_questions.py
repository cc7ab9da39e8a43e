"""My questions: ticked on any page, kept in this browser only, ordered and printed."""

from urllib.parse import urljoin

import pytest

from spinecare.pages.models import Question, Section

from .probes import PRINT_STATE

pytestmark = pytest.mark.browser

KEY = "spinecare.my-questions.v1"
OWN = "Can I keep working while I am treated?"


def stored(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}') || '[]')")


def my_list(page):
    return page.locator(".my-questions-list .my-question-text").all_inner_texts()


def fill_my_list(page, site):
    """Tick two questions on a page, add one of one's own; end on /questions/."""
    page.goto(site(site.pages["tumors"].get_absolute_url()))
    boxes = page.locator(".question-list input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.goto(site("/questions/"))
    page.get_by_label("Write your own question").fill(OWN)
    page.get_by_role("button", name="Add to my list").click()
    return page


def test_ticked_questions_stay_ticked_and_make_my_list(site, page):
    tumor = site.pages["tumors"]
    questions = [q.text for q in tumor.questions.all()]
    page.goto(site(tumor.get_absolute_url()))
    hint = page.locator(".question-hint")
    assert hint.is_visible()
    page.get_by_role("checkbox", name=questions[1]).check()
    page.get_by_role("checkbox", name=questions[0]).check()
    assert [item["text"] for item in stored(page)] == [questions[1], questions[0]]

    page.reload()
    assert page.get_by_role("checkbox", name=questions[0]).is_checked()
    assert page.get_by_role("checkbox", name=questions[1]).is_checked()
    assert not page.get_by_role("checkbox", name=questions[2]).is_checked()

    page.get_by_role("checkbox", name=questions[1]).uncheck()
    page.reload()
    assert not page.get_by_role("checkbox", name=questions[1]).is_checked()

    hint.get_by_role("link").click()
    assert page.locator("#my-questions").is_visible()
    assert my_list(page) == [questions[0]]
    # The same question is ticked on its topic's page of questions too.
    topics = page.locator(".question-topics")
    topics.get_by_role("link", name=Section(tumor.section).label).click()
    assert page.get_by_role("checkbox", name=questions[0]).is_checked()
    assert not page.get_by_role("checkbox", name=questions[1]).is_checked()


def test_my_list_adds_reorders_removes_and_survives_a_reload(site, page):
    tumor = site.pages["tumors"]
    first, second = [q.text for q in tumor.questions.all()[:2]]
    fill_my_list(page, site)
    assert my_list(page) == [first, second, OWN]
    status = page.get_by_role("status")
    assert OWN in status.inner_text()

    page.get_by_role("button", name=f"Up: {OWN}").click()
    assert my_list(page) == [first, OWN, second]
    # Focus stays on the moved question's button, for keyboard users.
    assert page.evaluate("document.activeElement.closest('li').textContent").startswith(
        OWN
    )
    page.get_by_role("button", name=f"Down: {first}").click()
    assert my_list(page) == [OWN, first, second]

    page.reload()
    assert my_list(page) == [OWN, first, second]

    page.get_by_role("button", name=f"Remove: {first}").click()
    assert my_list(page) == [OWN, second]
    page.reload()
    assert my_list(page) == [OWN, second]
    assert [item["text"] for item in stored(page)] == [OWN, second]
    # Taken off the list is unticked on its page; still on it, still ticked.
    page.goto(site(tumor.get_absolute_url()))
    assert not page.get_by_role("checkbox", name=first).is_checked()
    assert page.get_by_role("checkbox", name=second).is_checked()
    page.goto(site("/questions/"))

    for text in (OWN, second):
        page.get_by_role("button", name=f"Remove: {text}").click()
    assert my_list(page) == []
    assert page.locator(".my-questions-empty").is_visible()


def test_the_list_is_never_sent_and_sets_no_cookie(site, page, context):
    fill_my_list(page, site)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_label("Write your own question").fill("Who reads my scans?")
    page.get_by_role("button", name="Add to my list").click()
    page.get_by_role("button", name="Up: Who reads my scans?").click()
    page.get_by_role("button", name="Remove: Who reads my scans?").click()
    assert requests == []
    # Ticking on a topic's page sends nothing either.
    page.goto(site("/questions/tumors/"), wait_until="networkidle")
    requests.clear()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("checkbox").first.uncheck()
    assert requests == []
    assert context.cookies() == []


def test_my_list_prints_as_one_sheet_to_write_on(site, page, artifacts):
    fill_my_list(page, site)
    page.emulate_media(media="print")
    sheet = page.locator("#my-questions")
    assert sheet.is_visible()
    assert page.locator(".sheet-site").inner_text() == "SpineCare"
    assert page.locator(".sheet-date").inner_text().startswith("Printed on ")
    assert len(page.locator(".sheet-date [data-print-date]").inner_text()) > 6
    items = page.locator(".my-questions-list > li")
    assert items.count() == 3
    for i in range(3):
        assert items.nth(i).locator(".answer-space").is_visible()
        assert items.nth(i).locator(".answer-space").bounding_box()["height"] > 60
    for hidden in (
        "h1",
        ".all-questions",
        ".site-header",
        ".site-footer",
        ".add-question",
    ):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.evaluate(PRINT_STATE)["chrome"] == []
    page.screenshot(path=artifacts / "print" / "my-questions.png", full_page=True)
    page.pdf(path=artifacts / "print" / "my-questions.pdf", format="A4")


def test_without_javascript_every_question_prints_by_topic(
    site, new_context, artifacts
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site("/questions/"))
    assert not page.locator("#my-questions").is_visible()
    topics = page.locator(".question-topics a")
    urls = [
        site(href)
        for href in topics.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    ]
    assert {url.rstrip("/").rsplit("/", 1)[1] for url in urls} == set(site.pages)
    printed = ""
    for url in urls:  # each topic, sheet by sheet
        while url:
            page.goto(url)
            assert page.locator("input[type=checkbox]").count() == 0
            page.emulate_media(media="print")
            printed += page.locator(".all-questions").inner_text()
            page.emulate_media(media="screen")
            following = page.locator("a[rel=next]")
            url = (
                urljoin(page.url, following.get_attribute("href"))
                if following.count()
                else None
            )
    for question in Question.objects.filter(page__status="published"):
        assert question.text in printed
    page.goto(urls[0])
    page.emulate_media(media="print")
    page.screenshot(
        path=artifacts / "print" / "topic-questions-no-js.png", full_page=True
    )
