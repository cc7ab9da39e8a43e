"""Admin under its Content-Security-Policy in a real browser: sign-in, editor, widgets."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from spinecare.pages.models import Page

pytestmark = pytest.mark.browser
PASSWORD = "a long admin password"
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def admin_browser(small_site, new_context, django_user_model):
    django_user_model.objects.create_superuser("ada", "ada@example.org", PASSWORD)
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_CSP)
    errors = []

    def note(message):
        # Chromium asks every page for /favicon.ico; admin names none: not an error.
        if message.type == "error" and "favicon" not in message.location["url"]:
            errors.append(f"{message.text} {message.location['url']}")

    context.on("console", note)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return small_site, page, errors


def violations(page):
    return page.evaluate("window.cspViolations")


def test_admin_and_the_editor_work_under_the_policy(admin_browser):
    site, page, errors = admin_browser
    response = page.goto(site("/admin/login/"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    seen = {"login": violations(page)}

    target = Page.objects.get(slug="mri")
    page.goto(site(f"/admin/pages/page/{target.pk}/change/"))
    page.fill("#id_body", "A **scan** with magnets. See [[surgery]].")
    preview = page.locator(".markdownx-preview")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "scan"
    # The date widget's calendar and "Today" shortcut are drawn by admin's scripts.
    page.click(".datetimeshortcuts a:has-text('Today')")
    assert page.input_value("#id_updated")
    page.click(".datetimeshortcuts .date-icon")
    page.locator(".calendarbox").first.wait_for()
    seen["editor"] = violations(page)

    # The user form's two-box permission picker is admin's most script-heavy widget.
    page.goto(site("/admin/auth/user/add/"))
    page.goto(site("/admin/auth/group/add/"))
    page.locator("#id_permissions_filter").wait_for()
    page.fill("#id_permissions_input", "page")
    seen["permissions"] = violations(page)

    page.goto(site("/admin/two-factor/"))
    qr = page.locator("img[alt^='QR code']")
    qr.wait_for()
    assert page.evaluate("(img) => img.naturalWidth > 0", qr.element_handle())
    seen["two-factor"] = violations(page)

    assert all(not found for found in seen.values()), seen
    assert not errors, errors


def test_a_staff_member_switches_on_two_factor_and_signs_in_with_a_code(
    admin_browser, settings
):
    site, page, errors = admin_browser
    page.goto(site("/admin/login/"))
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.click("text=Two-factor sign-in")
    page.locator("img[alt^='QR code']").wait_for()
    secret = page.inner_text("code")
    device = TOTPDevice.objects.get(user__username="ada", confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert secret.replace(" ", "")
    page.fill("#id_otp_token", f"{totp.token():06d}")
    page.click("text=Switch on two-factor sign-in")
    assert "Two-factor sign-in is on" in page.inner_text(".messagelist")

    page.click("#logout-form button")
    page.goto(site("/admin/login/"))
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert "Enter the six-digit code" in page.inner_text(".errornote")
    totp.time += device.step  # the app's next code: the last one is spent
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", f"{totp.token():06d}")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert not violations(page) and not errors, errors
