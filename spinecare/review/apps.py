"""The sign-off app: pages change for patients only through a clinician's approval."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "spinecare.review"
    verbose_name = "Clinical sign-off"

    def ready(self):
        from spinecare.pages import loading

        from .workflow import SignOffGate

        # A changed file over an approved page becomes a pending change.
        loading.sign_off = SignOffGate()
