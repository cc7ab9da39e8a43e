"""Staff edit a page in admin in a real browser: live preview, the site, no lost text."""

import pytest

from spinecare.pages.models import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_page(small_site, new_context, django_user_model):
    django_user_model.objects.create_superuser(
        "nurse", "nurse@example.org", "a-long-password"
    )
    context = new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(small_site("/admin/login/"))
    page.fill("#id_username", "nurse")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    return small_site, context, page


def open_editor(page, site, slug):
    target = Page.objects.get(slug=slug)
    page.goto(site(f"/admin/pages/page/{target.pk}/change/"))
    page.wait_for_selector("#id_body")
    return target


def test_edit_in_admin_previews_safely_and_shows_on_the_site(staff_page):
    site, context, page = staff_page
    target = open_editor(page, site, "mri")

    page.fill(
        "#id_body", "Bring your **implant card**. <script>window.hacked=1</script>"
    )
    preview = page.locator(".markdownx-preview")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "implant card"
    assert "<script" not in preview.inner_html()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    public = context.new_page()
    public.goto(site(target.get_absolute_url()))
    assert public.locator(".body strong").inner_text() == "implant card"
    assert public.evaluate("window.hacked === undefined")


def test_unsaved_text_is_offered_back_after_the_tab_is_lost(staff_page):
    site, context, page = staff_page
    open_editor(page, site, "mri")
    page.fill("#id_body", "Words a nurse typed before the browser crashed.")
    page.close()  # no save

    again = context.new_page()
    open_editor(again, site, "mri")
    assert "unsaved text" in again.locator(".spinecare-draft-note").inner_text()
    again.click("text=Put my unsaved text back")
    assert (
        again.input_value("#id_body")
        == "Words a nurse typed before the browser crashed."
    )
    again.click("input[name=_continue]")
    again.wait_for_selector(".messagelist .success")
    assert (
        Page.objects.get(slug="mri").body
        == "Words a nurse typed before the browser crashed."
    )

    # Once saved, the kept copy matches the page and is not offered again.
    reopened = context.new_page()
    open_editor(reopened, site, "mri")
    assert reopened.locator(".spinecare-draft-note").count() == 0
