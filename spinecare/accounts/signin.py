"""When a staff member signed in, and from which address, for the lockout and the session."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "signed_in_at"


@receiver(user_logged_in)
def _note_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account: what happened and what to do."""
    from axes.helpers import get_client_username
    from django.contrib import admin
    from django.shortcuts import render

    context = {
        **admin.site.each_context(request),
        "title": "Sign-in locked",
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
