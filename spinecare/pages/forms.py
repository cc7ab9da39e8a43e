"""Staff forms: the page form's link checks, and image uploads checked by content."""

from django import forms
from markdownx.exceptions import MarkdownxImageUploadError
from markdownx.forms import ImageForm
from markdownx.views import ImageUploadView
from PIL import Image, UnidentifiedImageError

from . import rendering
from .models import Page

# What Pillow says the file really is -> the only type and extension it is saved as.
RASTER_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class RasterImageForm(ImageForm):
    """Accept JPEG, PNG, GIF or WebP only, judged by the bytes, never by the label."""

    def clean(self):
        upload = super().clean()
        try:
            with Image.open(upload) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise MarkdownxImageUploadError(
                "The file is not a JPEG, PNG, GIF or WebP picture."
            ) from None
        if kind not in RASTER_FORMATS:
            raise MarkdownxImageUploadError(
                "Only JPEG, PNG, GIF or WebP pictures can be uploaded."
            )
        upload.seek(0)
        extension = RASTER_FORMATS[kind]
        upload.content_type = f"image/{extension}"
        upload.name = f"image.{extension}"
        return upload


class RasterImageUploadView(ImageUploadView):
    form_class = RasterImageForm


class PageAdminForm(forms.ModelForm):
    # The version the editor started from: a save over someone else's newer save is
    # refused, with the editor's own text still in the form.
    edit_base = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "section",
            "status",
            "summary",
            "body",
            "aliases",
            "updated",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_base"].initial = self._latest_version()

    def _latest_version(self):
        return str(self.instance.edit_version) if self.instance.pk else ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("edit_base") != self._latest_version():
            raise forms.ValidationError(
                "Someone else saved this page while you were editing it. Nothing was "
                "saved. Your text is still below: copy it, open the page again to see "
                "their version, and add your changes to it."
            )
        return cleaned

    def clean_body(self):
        body = rendering.normalize_newlines(self.cleaned_data["body"])
        missing = rendering.render_markdown(
            body, targets=rendering.link_targets()
        ).missing
        if missing:
            names = ", ".join(f"[[{slug}]]" for slug in dict.fromkeys(missing))
            raise forms.ValidationError(
                f"These links name no page: {names}. Check the slug."
            )
        return body

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if (
            self.instance.pk
            and slug != self.instance.slug
            and self.instance.links_in.exists()
        ):
            raise forms.ValidationError(
                "Other pages link to this slug; change their links before renaming it."
            )
        return slug
