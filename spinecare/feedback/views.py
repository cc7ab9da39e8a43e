"""Receive "Was this page helpful?": a plain form that needs no cookie and no script.

Django's CSRF protection needs a cookie, and patient pages set none, so this one form
is exempt and protected otherwise: a size limit, a honeypot field, a refusal of posts
from other sites, and a rate limit per address that lives only in the cache.
"""

import hashlib
import hmac
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from spinecare.addresses import client_ip
from spinecare.pages.models import Page

from .forms import MAX_COMMENT, FeedbackForm
from .models import Feedback

MAX_BODY = 4096  # bytes: two answers and a 500-character comment fit many times over
# Answers accepted from one address in one window; a clinic's waiting room shares one.
RATE_LIMIT = 20
RATE_WINDOW = 60 * 60  # seconds


def _published(slug):
    return get_object_or_404(
        Page.objects.published().only("section", "slug", "title"), slug=slug
    )


def _refuse(request, page, *, status, reason):
    return render(
        request,
        "feedback/refused.html",
        {"feedback_page": page, "reason": reason},
        status=status,
    )


def _from_another_site(request):
    # Browsers name the page a form was sent from; a form on another site is refused.
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc != request.get_host()


def _over_rate_limit(request):
    """Count this answer against its address; True once the address has sent too many.

    The cache holds a keyed hash of the address and a count that expires with the
    window: the address itself is never kept, and the database never sees it.
    """
    address = client_ip(request) or ""
    window = int(time.time() // RATE_WINDOW)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{window}:{address}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    key = f"feedback-rate:{digest}"
    cache.add(key, 0, timeout=RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


@csrf_exempt
@require_POST
def send(request, slug):
    page = _published(slug)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return _refuse(request, page, status=413, reason="too-long")
    if _from_another_site(request):
        return _refuse(request, page, status=403, reason="other-site")
    if _over_rate_limit(request):
        return _refuse(request, page, status=429, reason="too-many")
    form = FeedbackForm(request.POST)
    if form.from_a_robot:  # thanked like anyone, so it learns nothing; kept nowhere
        return _see_thanks(page, helpful=True)
    if not form.is_valid():
        return render(
            request,
            "feedback/form.html",
            {"feedback_page": page, "form": form, "max_comment": MAX_COMMENT},
            status=400,
        )
    Feedback.objects.create(
        page=page,
        day=timezone.localdate(),
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
    )
    return _see_thanks(page, helpful=form.cleaned_data["helpful"])


def _see_thanks(page, *, helpful):
    url = reverse("feedback:thanks", kwargs={"slug": page.slug})
    response = redirect(url if helpful else f"{url}?answer=no")
    response.status_code = 303  # a reload of the thank-you page sends nothing again
    return response


@require_GET
def thanks(request, slug):
    page = _published(slug)
    return render(
        request,
        "feedback/thanks.html",
        {"feedback_page": page, "helpful": request.GET.get("answer") != "no"},
    )
