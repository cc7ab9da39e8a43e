"""Pictures staff upload: refused from the header when too big, re-encoded when kept."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db
AJAX = {"x-requested-with": "XMLHttpRequest"}
TAIL = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_declaring(width, height, *, rows=1):
    """A small PNG whose header claims width x height; only `rows` rows of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    squeezer = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)
    data = b"".join(squeezer.compress(row) for _ in range(rows)) + squeezer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )


def picture(kind="PNG", size=(8, 8), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, kind, **options)
    return buffer.getvalue()


def animation(frames, size=(8, 8)):
    images = [
        Image.new("RGB", size, (i % 250, 0, 255 - i % 250)) for i in range(frames)
    ]
    buffer = io.BytesIO()
    images[0].save(
        buffer, "GIF", save_all=True, append_images=images[1:], duration=50, loop=0
    )
    return buffer.getvalue()


def upload(client, data, name="picture.png", content_type="image/png", headers=AJAX):
    return client.post(
        reverse("markdownx_upload"),
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers=headers,
    )


def stored(media):
    (path,) = [p for p in media.rglob("*") if p.is_file()]
    return path


def test_a_small_png_declaring_fifty_thousand_pixels_square_is_refused(
    admin_client, media
):
    bomb = png_declaring(50_000, 50_000)
    assert len(bomb) < 1024
    response = upload(admin_client, bomb)
    assert response.status_code == 400
    message = response.json()["error"]
    assert "50000 × 50000 pixels" in message and "at most 40 megapixels" in message
    assert not any(media.rglob("*.*"))


@pytest.mark.parametrize("size", [(13_000, 13_000), (7_000, 6_000)])
def test_a_picture_over_the_pixel_limit_is_refused_before_decoding(
    admin_client, media, size
):
    response = upload(admin_client, png_declaring(*size, rows=50))
    assert response.status_code == 400
    assert f"{size[0]} × {size[1]} pixels" in response.json()["error"]
    assert not any(media.rglob("*.*"))


def test_the_pixel_limit_is_a_setting(admin_client, media, settings):
    settings.IMAGE_MAX_PIXELS = 60
    assert upload(admin_client, picture(size=(8, 8))).status_code == 400
    settings.IMAGE_MAX_PIXELS = 64
    assert upload(admin_client, picture(size=(8, 8))).status_code == 200


def test_a_gif_with_a_script_tail_is_stored_without_it(admin_client, media):
    response = upload(admin_client, picture("GIF") + TAIL, "x.gif", "image/gif")
    assert response.status_code == 200
    assert response.json()["image_code"].endswith(".gif)")
    data = stored(media).read_bytes()
    assert b"script" not in data and data.endswith(b";")  # the GIF trailer
    with Image.open(stored(media)) as image:
        assert image.format == "GIF" and image.size == (8, 8)


def test_a_png_keeps_its_pixels_and_loses_its_text_and_tail(admin_client, media):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    response = upload(admin_client, picture("PNG", pnginfo=info) + TAIL)
    assert response.status_code == 200
    data = stored(media).read_bytes()
    assert b"script" not in data and data.endswith(b"IEND\xaeB`\x82")
    with Image.open(stored(media)) as image:
        assert image.getpixel((0, 0)) == (0, 128, 128)


def test_a_photo_loses_its_location_and_comment_and_stays_upright(admin_client, media):
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn me 90 degrees": how a phone held upright says so
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    photo = picture("JPEG", size=(40, 20), exif=exif, comment=b"<script>x</script>")
    response = upload(admin_client, photo + TAIL, "photo.jpg", "image/jpeg")
    assert response.status_code == 200
    data = stored(media).read_bytes()
    assert b"script" not in data and data.endswith(b"\xff\xd9")
    with Image.open(stored(media)) as image:
        assert image.size == (20, 40)
        assert not image.getexif() and "comment" not in image.info


def test_a_big_photo_is_made_smaller_like_the_editor_always_did(admin_client, media):
    assert upload(admin_client, picture("JPEG", size=(2000, 1000))).status_code == 200
    with Image.open(stored(media)) as image:
        assert image.size == (500, 250)


def test_a_short_animation_stays_animated(admin_client, media):
    response = upload(admin_client, animation(3) + TAIL, "a.gif", "image/gif")
    assert response.status_code == 200
    with Image.open(stored(media)) as image:
        assert image.n_frames == 3
    assert b"script" not in stored(media).read_bytes()


def test_a_long_animation_is_refused_with_what_to_do(admin_client, media):
    response = upload(admin_client, animation(150), "a.gif", "image/gif")
    assert response.status_code == 400
    assert "150 frames" in response.json()["error"]
    assert "Upload a still picture" in response.json()["error"]


@pytest.mark.parametrize(
    "data",
    [picture("PNG", size=(64, 64))[:60], b"\x89PNG\r\n\x1a\n" + b"\0" * 100],
    ids=["cut-short", "header-only"],
)
def test_a_damaged_picture_gets_a_message(admin_client, media, data):
    response = upload(admin_client, data)
    assert response.status_code == 400
    assert "not a JPEG, PNG, GIF or WebP picture" in response.json()["error"]


def test_an_upload_without_the_editors_header_is_told_what_is_wrong(
    admin_client, media
):
    response = upload(admin_client, picture(), headers={})
    assert response.status_code == 400
    assert "from the page editor only" in response.json()["error"]
    assert not any(media.rglob("*.*"))


def test_an_upload_without_a_file_is_told_what_is_wrong(admin_client, media):
    response = admin_client.post(reverse("markdownx_upload"), {}, headers=AJAX)
    assert response.status_code == 400
    assert "No picture was sent" in response.json()["error"]


def test_asking_the_upload_address_for_a_page_is_refused(admin_client):
    assert admin_client.get(reverse("markdownx_upload")).status_code == 405


def test_a_preview_without_text_is_told_what_is_wrong(admin_client):
    response = admin_client.post(reverse("markdownx_markdownify"), {})
    assert response.status_code == 400
    assert "Nothing to preview" in response.content.decode()
    assert admin_client.get(reverse("markdownx_markdownify")).status_code == 405


def test_a_preview_too_long_for_a_page_is_refused(admin_client, settings):
    settings.CONTENT_MAX_FILE_BYTES = 1000
    response = admin_client.post(
        reverse("markdownx_markdownify"), {"content": "word " * 300}
    )
    assert response.status_code == 413
    assert "too long to preview" in response.content.decode()
