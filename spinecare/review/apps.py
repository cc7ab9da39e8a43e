"""The sign-off app: pages change for patients only through a clinician's approval."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "spinecare.review"
    verbose_name = "Clinical sign-off"

    def ready(self):
        from django.db.models.signals import post_migrate

        from spinecare.pages import loading

        from .roles import restore_groups
        from .workflow import SignOffGate

        post_migrate.connect(restore_groups, sender=self)

        # A changed file over an approved page becomes a pending change.
        loading.sign_off = SignOffGate()
