from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "spinecare.review"
    verbose_name = "Clinical sign-off"
