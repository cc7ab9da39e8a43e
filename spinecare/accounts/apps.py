"""Staff sign-in: lockout after wrong passwords, two-factor codes, sessions that end."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "spinecare.accounts"
    verbose_name = "Staff sign-in"

    def ready(self):
        from . import signin  # noqa: F401  (connects the sign-in time to each login)


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django admin, with SpineCare's sign-in (see sites.StaffAdminSite)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin

    default_site = "spinecare.accounts.sites.StaffAdminSite"
