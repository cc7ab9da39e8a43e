"""The feedback app: "Was this page helpful?" from patients, kept without naming them."""

from django.apps import AppConfig

# What both roles, "Editors" and "Clinical reviewers", may do with feedback: read it
# and mark a comment dealt with. ("Feedback by page" asks for the same rights.)
RIGHTS = {"feedback": {"feedback": ["view", "change"]}}


class FeedbackConfig(AppConfig):
    name = "spinecare.feedback"
    verbose_name = "Patient feedback"
