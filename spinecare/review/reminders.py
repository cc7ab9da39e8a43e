"""Emails that keep the sign-off moving: what waits, what is due, what came back."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from spinecare.pages.models import Page

from .models import REVIEWERS, Revision

DUE_WITHIN = datetime.timedelta(days=30)


def admin_url(path):
    return settings.SITE_URL.rstrip("/") + path


def page_link(page):
    return admin_url(reverse("admin:pages_page_change", args=[page.pk]))


def reviewers():
    return (
        get_user_model()
        .objects.filter(groups__name=REVIEWERS, is_active=True)
        .exclude(email="")
        .distinct()
    )


def pages_waiting():
    """(page, authors) for each page whose latest version is an edit to approve."""
    from .workflow import pending_change

    waiting = []
    for page in Page.objects.filter(revisions__kind__in=Revision.CHANGES).distinct():
        change = pending_change(page)
        if change is not None and not change.sent_back:
            waiting.append((page, change.authors))
    return waiting


def pages_due(today):
    """(page, due date) for pages whose latest sign-off falls due within 30 days."""
    due = []
    for page in Page.objects.filter(sign_offs__isnull=False).distinct():
        latest = page.sign_offs.first()
        if latest.next_review_due <= today + DUE_WITHIN:
            due.append((page, latest.next_review_due))
    return sorted(due, key=lambda item: item[1])


def send_reminders(today=None):
    """Email each reviewer what waits for them and what is due; return who got one."""
    today = today or timezone.localdate()
    waiting, due = pages_waiting(), pages_due(today)
    sent = []
    for reviewer in reviewers():
        theirs = [page for page, authors in waiting if reviewer not in authors]
        if not theirs and not due:
            continue
        lines = []
        if theirs:
            lines.append(f"Waiting for your approval ({len(theirs)}):")
            lines += [f"- {page.title}: {page_link(page)}" for page in theirs]
            lines.append("")
        overdue = [(p, d) for p, d in due if d < today]
        soon = [(p, d) for p, d in due if d >= today]
        if overdue:
            lines.append(f"Overdue for review ({len(overdue)}):")
            lines += [
                f"- {p.title}, due {d:%B %-d, %Y}: {page_link(p)}" for p, d in overdue
            ]
            lines.append("")
        if soon:
            lines.append(f"Review due in the next 30 days ({len(soon)}):")
            lines += [
                f"- {p.title}, due {d:%B %-d, %Y}: {page_link(p)}" for p, d in soon
            ]
            lines.append("")
        lines.append(
            "Open a page, read what changed, and press Approve, Send back, or "
            '"Reviewed, still correct".'
        )
        send_mail(
            subject=f"SpineCare: {len(theirs)} to approve, {len(overdue)} overdue, "
            f"{len(soon)} due soon",
            message="\n".join(lines),
            from_email=None,
            recipient_list=[reviewer.email],
        )
        sent.append((reviewer, len(theirs), len(overdue), len(soon)))
    return sent


def notify_sent_back(revision, authors):
    """Tell the authors of a change that a reviewer sent it back, and why."""
    emails = [user.email for user in authors if user.email]
    if not emails:
        return
    send_mail(
        subject=f"SpineCare: “{revision.page.title}” was sent back to you",
        message=(
            f"{revision.author.get_full_name() or revision.author.get_username()} sent "
            f"your change to “{revision.page.title}” back with this note:\n\n"
            f"{revision.note}\n\nEdit it here: {page_link(revision.page)}\n"
        ),
        from_email=None,
        recipient_list=emails,
    )
