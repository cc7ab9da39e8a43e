"""The admin site: a password and, where settings require it, a code from a phone."""

from django.conf import settings
from django.contrib import admin

from .forms import StaffLoginForm


class StaffAdminSite(admin.AdminSite):
    login_form = StaffLoginForm
    login_template = "accounts/login.html"

    def has_permission(self, request):
        # A session signed in without a code (before OTP_REQUIRED was turned on, say)
        # is sent back to the login page, as if it were not staff.
        return super().has_permission(request) and (
            not settings.OTP_REQUIRED or request.user.is_verified()
        )

    def get_urls(self):
        from django.urls import path

        from . import views

        return [
            path(
                "two-factor/",
                self.admin_view(views.two_factor),
                name="two_factor",
            ),
            path(
                "two-factor/qr-code.svg",
                self.admin_view(views.two_factor_qr_code),
                name="two_factor_qr_code",
            ),
            *super().get_urls(),
        ]
