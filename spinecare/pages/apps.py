"""The pages app: what a page is, how it is loaded, rendered and shown."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "spinecare.pages"
    label = "pages"
    verbose_name = "Content"
