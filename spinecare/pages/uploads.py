"""The markdown editor's endpoints: pictures checked from their header and re-encoded."""

import io
import warnings

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.http import HttpResponse, JsonResponse
from markdownx.exceptions import MarkdownxImageUploadError
from markdownx.forms import ImageForm
from markdownx.settings import MARKDOWNX_IMAGE_MAX_SIZE
from markdownx.views import ImageUploadView, MarkdownifyView
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

# What Pillow says the file really is -> the only type and extension it is saved as.
# MPO is how phones' JPEGs with a second, hidden picture open: only the first is kept.
RASTER_FORMATS = {
    "JPEG": "jpeg",
    "MPO": "jpeg",
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
}
# An animation is kept only while all its frames together stay under the pixel limit.
MAX_FRAMES = 100
NOT_A_PICTURE = "The file is not a JPEG, PNG, GIF or WebP picture."
# What a re-encoded frame keeps of the original's extras: see-through colour only.
KEPT_INFO = ("transparency",)


def _refuse(message):
    raise MarkdownxImageUploadError(message)


def _too_big(width=None, height=None):
    limit = settings.IMAGE_MAX_PIXELS / 1e6
    size = (
        f"is {width} × {height} pixels ({width * height / 1e6:,.0f} megapixels)"
        if width and height
        else f"has more than {limit:g} megapixels"
    )
    return (
        f"This picture {size}; pictures can have at most {limit:g} megapixels. Make "
        "it smaller (most phones and editors can save a smaller copy) and upload it "
        "again."
    )


def reencode(upload):
    """The picture drawn afresh, as (bytes, extension), or MarkdownxImageUploadError.

    Its size is read from the header before a pixel is decoded; the new file holds
    the pixels only, so nothing hidden after or inside the picture survives.
    """
    try:
        with warnings.catch_warnings():  # too big for Pillow's taste: refused below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # MPO is not a format to open by: the JPEG opener returns it.
            image = Image.open(upload, formats=["JPEG", "PNG", "GIF", "WEBP"])
    except Image.DecompressionBombError:  # Pillow's own, looser guard
        _refuse(_too_big(*_declared_size(upload)))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        _refuse(NOT_A_PICTURE)
    with image:
        kind, (width, height) = image.format, image.size
        if width * height > settings.IMAGE_MAX_PIXELS:
            _refuse(_too_big(width, height))
        frames = getattr(image, "n_frames", 1) if kind != "MPO" else 1
        if frames > 1 and (
            frames > MAX_FRAMES or width * height * frames > settings.IMAGE_MAX_PIXELS
        ):
            _refuse(
                f"This animation has {frames} frames of {width} × {height} pixels: "
                f"too many to check. Upload a still picture or a shorter animation "
                f"(at most {MAX_FRAMES} frames, "
                f"{settings.IMAGE_MAX_PIXELS / 1e6:g} megapixels in all)."
            )
        try:
            return _draw(image, kind=kind, frames=frames), RASTER_FORMATS[kind]
        except (OSError, SyntaxError, ValueError, EOFError):
            _refuse(f"{NOT_A_PICTURE} It may be damaged or cut short.")


def _declared_size(upload):
    """Width and height from a header Pillow refused to open: it has read them."""
    upload.seek(0)
    head = upload.read(32)
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    return None, None


def _draw(image, *, kind, frames):
    size = MARKDOWNX_IMAGE_MAX_SIZE["size"]
    quality = MARKDOWNX_IMAGE_MAX_SIZE.get("quality") or 90
    out = io.BytesIO()
    if kind in ("JPEG", "MPO"):
        image.draft("RGB", size)  # decode at the reduced size: fast for big photos
        picture = ImageOps.exif_transpose(image)  # phones store "turn me" in EXIF
        picture = (
            picture.convert("RGB") if picture.mode not in ("RGB", "L") else picture
        )
        picture.thumbnail(size)
        picture.info = {}  # no comment or EXIF (a phone's EXIF says where it was)
        picture.save(out, "JPEG", quality=quality)
        return out.getvalue()
    loop = image.info.get("loop")
    pictures = [frame.copy() for frame in ImageSequence.Iterator(image)][:frames]
    durations = [frame.info.get("duration", 100) for frame in pictures]
    for picture in pictures:
        picture.thumbnail(size)
        # No comment, text chunk or EXIF is carried across.
        picture.info = {k: v for k, v in picture.info.items() if k in KEPT_INFO}
    options = {}
    if frames > 1:
        options = {"save_all": True, "append_images": pictures[1:]}
        options["duration"] = durations
        if loop is not None:  # without it, the animation plays once, as it did
            options["loop"] = loop
    if kind == "WEBP":
        options["quality"] = quality
    pictures[0].save(out, kind, **options)
    return out.getvalue()


class RasterImageForm(ImageForm):
    """Accept JPEG, PNG, GIF or WebP only, judged by the bytes, never by the label."""

    def clean(self):
        upload = super().clean()
        data, extension = reencode(upload)
        self.picture = InMemoryUploadedFile(
            file=io.BytesIO(data),
            field_name="image",
            name=f"image.{extension}",
            content_type=f"image/{extension}",
            size=len(data),
            charset=None,
        )
        return upload

    def save(self, commit=True):
        # Our re-encoded picture, not markdownx's resize of the upload as sent.
        return self._save(self.picture, self.picture.name, commit)


def _problem(message, status=400):
    return JsonResponse({"error": message}, status=status)


class RasterImageUploadView(ImageUploadView):
    """The editor's picture upload; any other request is told what is wrong (4xx)."""

    form_class = RasterImageForm
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if request.headers.get("x-requested-with") != "XMLHttpRequest":
            return _problem(
                "This address takes pictures from the page editor only: drop or "
                "paste a picture into the editor's text box."
            )
        if "image" not in request.FILES:
            return _problem("No picture was sent: send it in a field called image.")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        message = " ".join(
            str(error) for errors in form.errors.values() for error in errors
        )
        return _problem(message or NOT_A_PICTURE)


class PreviewView(MarkdownifyView):
    """The editor's live preview, exactly what patients would see."""

    def post(self, request, *args, **kwargs):
        if "content" not in request.POST:
            return HttpResponse(
                "Nothing to preview: send the text in a field called content.",
                status=400,
                content_type="text/plain",
            )
        if len(request.POST["content"].encode()) > settings.CONTENT_MAX_FILE_BYTES:
            return HttpResponse(
                "The text is too long to preview: a page can be at most "
                f"{settings.CONTENT_MAX_FILE_BYTES // 1024} KB.",
                status=413,
                content_type="text/plain",
            )
        return super().post(request, *args, **kwargs)
