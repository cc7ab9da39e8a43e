"""The feedback app: "Was this page helpful?" from patients, kept without naming them."""

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "spinecare.feedback"
    verbose_name = "Patient feedback"
