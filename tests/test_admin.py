"""Staff editing: admin edits show at once; the editor's endpoints are staff-only."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from spinecare.pages.models import Page

from .conftest import change_form_data

pytestmark = pytest.mark.django_db


def test_staff_edit_in_admin_shows_on_the_public_page_at_once(
    loaded, admin_client, client
):
    page = Page.objects.get(slug="mri")
    url = reverse("admin:pages_page_change", args=[page.pk])
    data = change_form_data(
        page, body="An MRI takes **30 to 60 minutes**. See [[surgery]]."
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get("/diagnosis/mri/").content.decode()
    assert "<strong>30 to 60 minutes</strong>" in html
    assert '<a href="/treatments/surgery/"' in html
    # The new [[surgery]] link counts as a backlink on the surgery page.
    assert (
        "/diagnosis/mri/"
        in client.get("/treatments/surgery/")
        .content.decode()
        .split('id="page-backlinks"')[1]
    )
    # Who changed what is kept.
    assert page.history.first().history_user.username == "admin"


def test_admin_refuses_a_link_to_a_missing_page_and_keeps_the_text(
    loaded, admin_client
):
    page = Page.objects.get(slug="mri")
    url = reverse("admin:pages_page_change", args=[page.pk])
    body = "Careful words a nurse typed. See [[no-such-page]]."

    response = admin_client.post(url, change_form_data(page, body=body))

    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "These links name no page: [[no-such-page]]" in html
    assert "Careful words a nurse typed." in html  # nothing typed is lost
    assert Page.objects.get(slug="mri").body == "A scan that uses magnets."


def test_a_save_over_someone_elses_newer_save_is_refused_and_keeps_the_text(
    loaded, admin_client
):
    page = Page.objects.get(slug="mri")
    url = reverse("admin:pages_page_change", args=[page.pk])
    opened_by_nurse = change_form_data(page, body="The nurse's careful rewrite.")
    # Meanwhile a doctor saves the same page.
    assert (
        admin_client.post(
            url, change_form_data(page, body="The doctor's fix.")
        ).status_code
        == 302
    )

    response = admin_client.post(url, opened_by_nurse)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this page while you were editing it" in html
    assert "The nurse&#x27;s careful rewrite." in html
    assert Page.objects.get(slug="mri").body == "The doctor's fix."


def test_admin_lists_grade_filters_and_search(loaded, admin_client):
    html = admin_client.get(
        reverse("admin:pages_page_changelist") + "?q=intermedullary"
    ).content.decode()
    assert "Intramedullary tumors" in html and "Reading grade" in html
    for filter_name in ("By section", "By status", "By review due"):
        assert filter_name in html
    page = Page.objects.get(slug="mri")
    change = admin_client.get(
        reverse("admin:pages_page_change", args=[page.pk])
    ).content.decode()
    assert "markdownx" in change and "View on site" in change


def test_anonymous_preview_and_upload_are_refused_even_with_a_csrf_token(loaded):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))  # sets a real CSRF cookie
    token = client.cookies["csrftoken"].value
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    png.seek(0)
    png.name = "x.png"

    preview = client.post(
        reverse("markdownx_markdownify"),
        {"content": "**hi**", "csrfmiddlewaretoken": token},
    )
    upload = client.post(
        reverse("markdownx_upload"),
        {"image": png, "csrfmiddlewaretoken": token},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    for response in (preview, upload):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert b"<strong>" not in response.content


def test_staff_preview_is_sanitized_like_the_public_page(loaded, admin_client):
    response = admin_client.post(
        reverse("markdownx_markdownify"),
        {
            "content": "**Hi** <script>alert(1)</script> [x](javascript:alert(1)) [[mri]]"
        },
    )
    html = response.content.decode()
    assert "<strong>Hi</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    assert '<a href="/diagnosis/mri/"' in html


def upload(client, data, name, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("markdownx_upload"),
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_upload_accepts_a_real_picture_and_names_it_by_its_content(
    admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = upload(admin_client, png_bytes(), "photo.html", "image/png")
    assert response.status_code == 200
    assert response.json()["image_code"].endswith(".png)")


@pytest.mark.parametrize(
    "data, name, content_type",
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "x.svg",
            "image/svg+xml",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
            "x.png",
            "image/png",
        ),
        (b"<html><script>alert(1)</script></html>", "x.png", "image/png"),
        (b"GIF89a not really a gif", "x.gif", "image/gif"),
    ],
    ids=["svg", "svg-labelled-png", "html-labelled-png", "truncated-gif"],
)
def test_upload_refuses_anything_that_is_not_really_a_raster_image(
    admin_client, settings, tmp_path, data, name, content_type
):
    settings.MEDIA_ROOT = tmp_path
    response = upload(admin_client, data, name, content_type)
    assert response.status_code == 400
    assert not any(tmp_path.rglob("*.*"))


def test_upload_refuses_pictures_over_the_size_limit(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = png_bytes() + b"\0" * (6 * 1024 * 1024)
    response = upload(admin_client, big, "big.png", "image/png")
    assert response.status_code == 400
