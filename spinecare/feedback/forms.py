"""The feedback form: yes or no, a short comment, and a field only robots fill in."""

import re

from django import forms

MAX_COMMENT = 500  # characters: a short comment, not a medical history
# What a comment must not keep even if a patient types it: an email address, or a
# run of seven or more digits (a phone number, a record number).
PERSONAL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d(?:[\s().-]*\d){6,}")
REMOVED = "[removed]"


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        error_messages={
            "required": "Choose Yes or No.",
            "invalid_choice": "Choose Yes or No.",
        },
    )
    comment = forms.CharField(
        required=False,
        max_length=MAX_COMMENT,
        error_messages={
            "max_length": "Your comment is too long: keep it to %(limit_value)d "
            "characters (it has %(show_value)d)."
        },
    )
    # The honeypot: hidden from people by the stylesheet; robots fill in every field.
    website = forms.CharField(required=False)

    @property
    def from_a_robot(self):
        return bool(self.data.get("website", "").strip())

    def clean_comment(self):
        comment = " ".join(self.cleaned_data["comment"].split())
        return PERSONAL.sub(REMOVED, comment)
