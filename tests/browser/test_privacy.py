"""No third parties: requests stay on this site, no cookie, nothing the CSP refuses."""

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.browser


def test_pages_ask_only_this_site_and_set_no_cookie(site, context, outside_requests):
    page = context.new_page()
    seen, set_cookie, errors = [], [], []
    current = {}

    def on_response(response):
        seen.append(response.url)
        if "set-cookie" in response.all_headers():
            set_cookie.append(response.url)

    def on_console(message):
        # The 404 page's own status is the one error a browser should report.
        if message.type == "error" and current["name"] != "not-found":
            errors.append(f"{current['name']}: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)  # a CSP violation shows up here
    page.on("pageerror", lambda error: errors.append(f"{current['name']}: {error}"))
    for name, path in site.page_types:
        current["name"] = name
        page.goto(site(path))
        page.wait_for_load_state("networkidle")
    assert any(url.endswith(".css") for url in seen)
    assert any(url.endswith(".js") for url in seen)
    assert outside_requests == []  # the new_context fixture also fails the test on any
    assert set_cookie == []
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert errors == []


def test_the_recorder_catches_a_request_to_another_host(site, page, outside_requests):
    page.goto(site("/"))
    # The site's CSP would block a script or image from elsewhere before it is sent,
    # so leave the site the way a link would: another loopback address, a closed port.
    with pytest.raises(PlaywrightError):
        page.goto("http://127.0.0.2:9/pixel.gif", timeout=5000)
    assert outside_requests == ["http://127.0.0.2:9/pixel.gif"]
    outside_requests.clear()  # caught, as it should be: let the test pass
