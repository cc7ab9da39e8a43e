"""The one fixed sign-off workflow: save, wait, approve or send back, review again."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from spinecare.pages import rendering
from spinecare.pages.loading import publish_page
from spinecare.pages.models import Page, claim_version

from .models import REVIEWERS, Revision, SignOff, reviewer_display

STALE = (
    "Someone else saved this page while you were working on it, so nothing was "
    "changed. Open the page again to see their version."
)


class SignOffRefused(Exception):
    """A step of the workflow that cannot be taken now; the message says why."""


@dataclass
class Pending:
    """The change waiting on a page: its latest version and every save in it."""

    revision: Revision  # the latest: its data is what approval would publish
    revisions: list  # every revision since the page last went live, oldest first

    @property
    def data(self):
        return self.revision.data

    @property
    def authors(self):
        """Everyone whose edits are in this change (a file's change has none)."""
        return {
            r.author
            for r in self.revisions
            if r.kind in Revision.CHANGES and r.author is not None
        }

    @property
    def sent_back(self):
        return self.revision.kind == Revision.Kind.SENT_BACK


def is_reviewer(user):
    """In the "Clinical reviewers" group: a superuser is not one unless added to it."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.groups.filter(name=REVIEWERS).exists()
    )


def pending_change(page):
    """The change waiting for approval on `page`, or None."""
    live = (
        page.revisions.filter(kind__in=Revision.LIVE).values_list("id", flat=True)
    ).first()
    since = list(page.revisions.filter(id__gt=live or 0).order_by("id"))
    if not since:
        return None
    return Pending(revision=since[-1], revisions=since)


def can_approve(user, pending):
    """(True, "") or (False, why not): four eyes, and a name patients can read."""
    if not is_reviewer(user):
        return False, "Only a clinical reviewer can approve a change."
    if pending is None or pending.sent_back:
        return False, "There is no change waiting for approval."
    if user in pending.authors:
        return False, (
            "This change has your own edits in it, so another clinical reviewer "
            "must approve it."
        )
    if not reviewer_display(user):
        return False, (
            "Add your name (and role) to your account first: patients see who "
            "reviewed each page."
        )
    return True, ""


def record(page, data, *, kind, author=None, note=""):
    """Keep a version of `page` holding `data`, rendered as patients would see it.

    An edit in admin is kept this way, as (part of) the pending change: patients see
    no change. The caller has claimed the page's edit version, so two saves that
    started from the same version cannot both land.
    """
    result = rendering.render_markdown(
        data["body"],
        targets=rendering.link_targets(),
        terms=rendering.glossary_terms(),
    )
    return Revision.objects.create(
        page=page,
        kind=kind,
        data=_jsonable(data),
        body_html=result.html,
        toc=result.toc,
        author=author,
        note=note,
    )


def _jsonable(data):
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in data.items()
    }


def as_page_data(data):
    """Revision data back in the loader's shape (dates as dates)."""
    updated = data["updated"]
    if isinstance(updated, str):
        updated = datetime.date.fromisoformat(updated)
    return {**data, "updated": updated}


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def interval_choices():
    """How soon the next review is due: the setting, or sooner, in months."""
    longest = settings.REVIEW_INTERVAL_MONTHS
    options = sorted({m for m in (6, 12, 24) if m < longest} | {longest})
    return [(m, _months_label(m)) for m in reversed(options)]


def _months_label(months):
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} months"


def _interval(months):
    months = int(months or settings.REVIEW_INTERVAL_MONTHS)
    if not 1 <= months <= settings.REVIEW_INTERVAL_MONTHS:
        raise SignOffRefused(
            f"The next review must be due within {settings.REVIEW_INTERVAL_MONTHS} "
            "months."
        )
    return months


@transaction.atomic
def approve(page, reviewer, *, edit_version, note="", months=None):
    """Publish the pending change, and record who approved it, when and until when."""
    pending = pending_change(page)
    allowed, why = can_approve(reviewer, pending)
    if not allowed:
        raise SignOffRefused(why)
    months = _interval(months)
    if not claim_version(page, int(edit_version)):
        raise SignOffRefused(STALE)
    data = as_page_data(pending.data)
    _check_slug_free(page, data["slug"])
    publish_page(page, data)
    page.refresh_from_db()
    revision = Revision.objects.create(
        page=page,
        kind=Revision.Kind.APPROVED,
        data=_jsonable(data),
        body_html=page.body_html,
        toc=page.toc,
        author=reviewer,
        note=note,
    )
    return _sign(page, revision, reviewer, note=note, months=months)


@transaction.atomic
def mark_reviewed(page, reviewer, *, edit_version, note="", months=None):
    """ "Reviewed, still correct": the same record for a page that has not changed."""
    if not is_reviewer(reviewer):
        raise SignOffRefused("Only a clinical reviewer can mark a page reviewed.")
    if not reviewer_display(reviewer):
        raise SignOffRefused(can_approve(reviewer, None)[1])
    if pending_change(page) is not None:
        raise SignOffRefused(
            "A change is waiting on this page: approve it or send it back first."
        )
    months = _interval(months)
    if not claim_version(page, int(edit_version)):
        raise SignOffRefused(STALE)
    revision = Revision.objects.create(
        page=page,
        kind=Revision.Kind.REVIEWED,
        data=_jsonable(page.as_data()),
        body_html=page.body_html,
        toc=page.toc,
        author=reviewer,
        note=note,
    )
    sign_off = _sign(page, revision, reviewer, note=note, months=months)
    # "Reviewed by" changes for patients: a save of the page is what tells every
    # cached copy of it to go (see pages.cache).
    page.save(render=False, update_fields=["edit_version"])
    return sign_off


@transaction.atomic
def send_back(page, reviewer, *, edit_version, note):
    """Return the pending change to its authors with a note; nothing is published."""
    if not is_reviewer(reviewer):
        raise SignOffRefused("Only a clinical reviewer can send a change back.")
    pending = pending_change(page)
    if pending is None or pending.sent_back:
        raise SignOffRefused("There is no change waiting for approval.")
    if not note.strip():
        raise SignOffRefused("Say what needs to change, for the author.")
    if not claim_version(page, int(edit_version)):
        raise SignOffRefused(STALE)
    revision = Revision.objects.create(
        page=page,
        kind=Revision.Kind.SENT_BACK,
        data=pending.data,
        body_html=pending.revision.body_html,
        toc=pending.revision.toc,
        author=reviewer,
        note=note.strip(),
    )
    return revision, pending.authors


@transaction.atomic
def restore(page, revision, user, *, edit_version):
    """Make an earlier version the pending change; it needs approval like any other."""
    if revision.page_id != page.pk:
        raise PermissionDenied
    if not claim_version(page, int(edit_version)):
        raise SignOffRefused(STALE)
    note = f"Restored the version of {timezone.localtime(revision.created_at):%Y-%m-%d %H:%M}"
    return record(
        page, revision.data, kind=Revision.Kind.RESTORED, author=user, note=note
    )


def _check_slug_free(page, slug):
    if Page.objects.exclude(pk=page.pk).filter(slug=slug).exists():
        raise SignOffRefused(f"Another page already uses the slug {slug!r}.")


def _sign(page, revision, reviewer, *, note, months):
    today = timezone.localdate()
    return SignOff.objects.create(
        page=page,
        revision=revision,
        reviewer=reviewer,
        reviewer_display=reviewer_display(reviewer),
        reviewed_on=today,
        next_review_due=add_months(today, months),
        note=note,
    )


class SignOffGate:
    """What the loader asks before it changes a page (see pages.loading.sign_off)."""

    def pending(self, page):
        change = pending_change(page)
        return (change.data, bool(change.authors)) if change else None

    def holds(self, page):
        return page.sign_offs.exists()

    def propose(self, page, data):
        record(page, data, kind=Revision.Kind.LOADED)

    def published(self, written):
        if not written:
            return
        shown = {
            pk: (html, toc)
            for pk, html, toc in Page.objects.filter(
                pk__in=[page.pk for page, _ in written]
            ).values_list("pk", "body_html", "toc")
        }
        Revision.objects.bulk_create(
            Revision(
                page=page,
                kind=Revision.Kind.PUBLISHED,
                data=_jsonable(
                    {k: v for k, v in data.items() if k not in ("path", "links")}
                ),
                body_html=shown[page.pk][0],
                toc=shown[page.pk][1],
            )
            for page, data in written
        )
