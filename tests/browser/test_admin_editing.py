"""Staff edit a page in admin in a real browser: live preview, the sign-off, no lost text."""

import pytest

from spinecare.pages.models import Page
from spinecare.review.workflow import pending_change
from tests.conftest import make_staff

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"


def log_in(context, site, username):
    page = context.new_page()
    page.goto(site("/admin/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return page


def open_editor(page, site, slug):
    target = Page.objects.get(slug=slug)
    page.goto(site(f"/admin/pages/page/{target.pk}/change/"))
    page.wait_for_selector("#id_body")
    return target


@pytest.fixture
def people(small_site, new_context, django_user_model):
    make_staff("nina", "Editors", name="Nina Cole", password=PASSWORD)
    make_staff(
        "ana",
        "Clinical reviewers",
        name="Dr Ana Ruiz",
        role="neuro-oncologist",
        password=PASSWORD,
    )
    return small_site, new_context


def test_an_edit_waits_until_a_reviewer_approves_it_on_the_change_form(people):
    site, new_context = people
    editor_context = new_context(viewport={"width": 1280, "height": 900})
    editor = log_in(editor_context, site, "nina")
    target = open_editor(editor, site, "intramedullary-tumors")

    editor.fill(
        "#id_body",
        "Your team may watch it with **regular scans**. <script>window.hacked=1</script>"
        "\n\n## What they are\n\nSee [[mri]].",
    )
    preview = editor.locator(".markdownx-preview")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "regular scans"
    assert "<script" not in preview.inner_html()
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")
    assert "Patients still see the approved version" in editor.inner_text(
        ".messagelist"
    )
    assert editor.locator("button[name=approve]").count() == 0

    patient = new_context(viewport={"width": 360, "height": 800}).new_page()
    patient.goto(site(target.get_absolute_url()))
    assert "regular scans" not in patient.inner_text("main")
    assert "has not yet been reviewed by a clinician" in patient.inner_text("main")

    reviewer = log_in(new_context(viewport={"width": 1280, "height": 900}), site, "ana")
    open_editor(reviewer, site, "intramedullary-tumors")
    assert "A change is waiting for approval" in reviewer.inner_text(".review-panel")
    assert reviewer.locator(".review-diff ins").count() > 0
    reviewer.fill("#approve-note", "Checked against NCI.")
    reviewer.click("button[name=approve]")
    reviewer.wait_for_selector(".messagelist .success")

    patient.reload()
    text = patient.inner_text("main")
    assert "watch it with regular scans" in text
    assert "Reviewed by Dr Ana Ruiz, neuro-oncologist on" in text
    assert "Next review due" in text
    assert patient.evaluate("window.hacked === undefined")


def test_unsaved_text_is_offered_back_after_the_tab_is_lost(people):
    site, new_context = people
    context = new_context(viewport={"width": 1280, "height": 900})
    page = log_in(context, site, "nina")
    open_editor(page, site, "mri")
    page.fill("#id_body", "Words a nurse typed before the browser crashed.")
    page.close()  # no save

    again = context.new_page()
    target = open_editor(again, site, "mri")
    assert "unsaved text" in again.locator(".spinecare-draft-note").inner_text()
    again.click("text=Put my unsaved text back")
    assert (
        again.input_value("#id_body")
        == "Words a nurse typed before the browser crashed."
    )
    again.click("input[name=_continue]")
    again.wait_for_selector(".messagelist .success")
    assert (
        pending_change(target).data["body"]
        == "Words a nurse typed before the browser crashed."
    )

    # Once saved, the kept copy matches the page and is not offered again.
    reopened = context.new_page()
    open_editor(reopened, site, "mri")
    assert reopened.locator(".spinecare-draft-note").count() == 0
