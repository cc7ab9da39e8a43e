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


def client_ip(request):
    """The address django-axes counts wrong passwords for.

    Behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the
    address the nearest trusted proxy saw; otherwise the connection's own, since a
    header the client wrote itself would let it pick a new address for every guess.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if hops and len(addresses) >= hops:
        return addresses[-hops]
    return request.META.get("REMOTE_ADDR")


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
