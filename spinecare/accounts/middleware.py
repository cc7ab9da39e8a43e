"""Staff sessions end a fixed time after sign-in, however busy they have been."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from .signin import SIGNED_IN_AT


def end_sessions_past_their_age(get_response):
    def middleware(request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT, 0)
            if time.time() - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                hours = settings.SESSION_ABSOLUTE_AGE / 3600
                messages.info(
                    request,
                    f"You were signed out: a sign-in lasts {hours:g} hours. "
                    "Sign in again to go on; text the editor kept for you is still "
                    "offered back.",
                )
        return get_response(request)

    return middleware
