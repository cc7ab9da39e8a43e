"""The staff login form (password, then the authenticator app's code) and its setup."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django_otp import devices_for_user

NO_DEVICE = (
    "Two-factor sign-in is required, and your account has no authenticator app yet. "
    "Ask an administrator to set one up for you (Staff sign-in > TOTP devices)."
)
CODE_MISSING = "Enter the six-digit code from your authenticator app."
CODE_WRONG = (
    "That code is wrong or has expired. Enter the code your app shows now; "
    "wrong codes count toward the lockout like wrong passwords."
)
CODE_THROTTLED = (
    "Too many wrong codes in a row: wait a minute, then enter the code your app "
    "shows now."
)


def code_field():
    return forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def check_code(device, code):
    """None if `code` is the device's current code; else what is wrong with it."""
    code = "".join(code.split())
    if not code:
        return CODE_MISSING
    if not device.verify_is_allowed()[0]:
        return CODE_THROTTLED
    return None if device.verify_token(code) else CODE_WRONG


class StaffLoginForm(AdminAuthenticationForm):
    """The password first (django-axes counts every wrong one), then the code."""

    otp_token = code_field()

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        devices = list(devices_for_user(user, confirmed=True))
        if not devices:
            if settings.OTP_REQUIRED:
                raise forms.ValidationError(NO_DEVICE, code="no_device")
            return cleaned
        problem = CODE_MISSING
        for device in devices:
            problem = check_code(device, cleaned.get("otp_token", ""))
            if problem is None:
                user.otp_device = device  # django_otp marks the session verified
                return cleaned
        if problem == CODE_WRONG:
            # A wrong code counts as a failed login, so a guessed password cannot be
            # followed by unlimited guessed codes.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
        raise forms.ValidationError(problem, code="otp")


class ConfirmDeviceForm(forms.Form):
    otp_token = code_field()

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean(self):
        cleaned = super().clean()
        problem = check_code(self.device, cleaned.get("otp_token", ""))
        if problem:
            raise forms.ValidationError(problem)
        return cleaned
