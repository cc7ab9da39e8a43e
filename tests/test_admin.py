"""Staff editing: admin edits show at once; the editor's endpoints are staff-only."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


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
