"""'Was this page helpful?' in a real browser: sent without JavaScript or cookies."""

import pytest

from spinecare.feedback.models import Feedback

from .probes import PHONE, PHONE_PROBLEMS, assert_no_problems
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

COMMENT = "The list of warning signs is long. A short one first would help."


def watch_cookies(page):
    """Every response that tries to set a cookie, by address."""
    setting = []
    page.on(
        "response",
        lambda response: (
            setting.append(response.url)
            if "set-cookie" in response.all_headers()
            else None
        ),
    )
    return setting


def test_the_form_is_sent_without_javascript_or_cookies(site, new_context, artifacts):
    context = new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    setting = watch_cookies(page)
    symptom = site.pages["symptoms"]
    page.goto(site(symptom.get_absolute_url()))
    form = page.locator("section.feedback form")
    form.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "phone-360" / "feedback-form.png")
    form.get_by_label("No", exact=True).check()
    form.get_by_label("What could we do better? (optional)").fill(COMMENT)
    form.get_by_role("button", name="Send").click()
    page.wait_for_url(f"**/feedback/{symptom.slug}/thanks/?answer=no")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Thank you for your feedback"
    )
    assert page.locator("main a[href^='mailto:']").count() == 1  # report a mistake
    page.get_by_role("link", name=f"Back to “{symptom.title}”").click()
    page.wait_for_url(site(symptom.get_absolute_url()))

    answer = Feedback.objects.get()
    assert (answer.page_id, answer.helpful, answer.comment) == (
        symptom.pk,
        False,
        COMMENT,
    )
    assert setting == [] and context.cookies() == []


def test_an_answer_to_fix_keeps_the_comment_and_reads_well(site, new_context):
    page = new_context(viewport=PHONE).new_page()
    setting = watch_cookies(page)
    page.goto(site(site.pages["treatments"].get_absolute_url()))
    form = page.locator("section.feedback form")
    # The browser asks for Yes or No itself; the server says so too, if it is sent.
    form.get_by_label("What could we do better? (optional)").fill(COMMENT)
    form.get_by_role("button", name="Send").click()
    assert page.url.endswith(site.pages["treatments"].get_absolute_url())
    form.evaluate("f => f.noValidate = true")
    form.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answer"
    assert page.locator(".feedback-error").inner_text() == "Error: Choose Yes or No."
    assert page.get_by_label("What could we do better? (optional)").input_value() == (
        COMMENT
    )
    assert_no_problems(
        {"feedback-check": axe_violations(page) + page.evaluate(PHONE_PROBLEMS)}
    )
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/thanks/")
    assert Feedback.objects.get().helpful is True
    assert setting == []


def test_the_keyboard_answers_the_form(site, page):
    page.goto(site(site.pages["diagnosis"].get_absolute_url()))
    page.get_by_label("Yes", exact=True).focus()
    page.keyboard.press("ArrowRight")  # arrows move between the answers
    assert page.get_by_label("No", exact=True).is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Clear.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Send"
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks/?answer=no")
    assert Feedback.objects.get().comment == "Clear."
