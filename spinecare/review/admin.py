"""Pages in admin, under sign-off: edits wait, reviewers approve on the change form."""

import datetime

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from markdownx.admin import MarkdownxModelAdmin

from spinecare.feedback.models import helpful_rate, with_answer_counts
from spinecare.pages.forms import PageForm
from spinecare.pages.loading import publish_page
from spinecare.pages.models import Page

from . import diff, workflow
from .models import ReviewerProfile, Revision, SignOff
from .preview import render_version
from .reminders import notify_sent_back

SOON = datetime.timedelta(days=30)


def with_review_state(queryset):
    """Pages annotated with their latest version's kind and their next review date."""
    latest = Revision.objects.filter(page=OuterRef("pk")).order_by("-id")
    sign_off = SignOff.objects.filter(page=OuterRef("pk")).order_by(
        "-reviewed_on", "-id"
    )
    return queryset.annotate(
        latest_kind=Subquery(latest.values("kind")[:1]),
        next_due=Subquery(sign_off.values("next_review_due")[:1]),
    )


def waiting(queryset):
    return queryset.filter(latest_kind__in=Revision.CHANGES)


def overdue(queryset, today):
    return queryset.filter(next_due__lt=today)


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review state"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting for approval"),
            ("sent_back", "Sent back to the author"),
            ("overdue", "Overdue for review"),
            ("soon", "Review due in the next 30 days"),
            ("never", "Never reviewed"),
            ("approved", "Approved"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "waiting":
                return waiting(queryset)
            case "sent_back":
                return queryset.filter(latest_kind=Revision.Kind.SENT_BACK)
            case "overdue":
                return overdue(queryset, today)
            case "soon":
                return queryset.filter(next_due__gte=today, next_due__lte=today + SOON)
            case "never":
                return queryset.filter(next_due__isnull=True)
            case "approved":
                return queryset.filter(next_due__gte=today)
        return queryset


def review_state(page, today):
    """What a reviewer needs to know first about a page, in words."""
    if page.latest_kind in Revision.CHANGES:
        return "Waiting for approval"
    if page.latest_kind == Revision.Kind.SENT_BACK:
        return "Sent back to the author"
    if page.next_due is None:
        return "Never reviewed"
    if page.next_due < today:
        return "Overdue for review"
    return "Approved"


@admin.register(Page)
class PageAdmin(MarkdownxModelAdmin):
    form = PageForm
    change_form_template = "review/change_form.html"
    list_display = [
        "title",
        "section",
        "status",
        "state",
        "next_review",
        "helpful",
        "reading_grade",
        "updated",
    ]
    list_filter = [ReviewStateFilter, "section", "status"]
    search_fields = ["title", "aliases", "slug"]
    readonly_fields = ["reading_grade"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "status", "summary", "body"]}),
        (
            "Questions, sources and links",
            {"fields": ["questions", "sources", "related", "aliases"]},
        ),
        (None, {"fields": ["updated", "reading_grade", "edit_base"]}),
    ]

    class Media:
        js = ["admin-extra/drafts.js"]
        css = {"all": ["admin-extra/drafts.css", "admin-extra/review.css"]}

    def get_queryset(self, request):
        return with_answer_counts(with_review_state(super().get_queryset(request)))

    @admin.display(description="review")
    def state(self, page):
        return review_state(page, timezone.localdate())

    @admin.display(description="next review due", ordering="next_due")
    def next_review(self, page):
        return page.next_due or "—"

    @admin.display(description="helpful", ordering="yes")
    def helpful(self, page):
        """Patients' answers to "Was this page helpful?": the share who said yes."""
        answers = page.yes + page.no
        return f"{helpful_rate(page.yes, page.no)} of {answers}" if answers else "—"

    def has_delete_permission(self, request, obj=None):
        # A published page is taken down by a change that a reviewer approves.
        if obj is not None and (
            obj.status == Page.Status.PUBLISHED or obj.sign_offs.exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    # Editing: the form shows the pending version; a save adds to it.

    def get_object(self, request, object_id, from_field=None):
        page = super().get_object(request, object_id, from_field)
        if page is not None:
            pending = workflow.pending_change(page)
            if pending is not None:
                page.editing_data = workflow.as_page_data(pending.data)
                for key in (
                    "section",
                    "slug",
                    "title",
                    "summary",
                    "updated",
                    "status",
                    "body",
                ):
                    setattr(page, key, page.editing_data[key])
                page.aliases = "\n".join(page.editing_data["aliases"])
        return page

    def save_model(self, request, obj, form, change):
        data = form.page_data
        if not change:  # a new page stays a draft until a reviewer approves it
            publish_page(obj, {**data, "status": Page.Status.DRAFT})
        workflow.record(obj, data, kind=Revision.Kind.SAVED, author=request.user)

    def save_related(self, request, form, formsets, change):
        pass  # questions, sources and links are part of the version just saved

    def response_add(self, request, obj, post_url_continue=None):
        return self._saved(request, obj)

    def response_change(self, request, obj):
        return self._saved(request, obj)

    def _saved(self, request, page):
        live = page.status == Page.Status.PUBLISHED
        messages.success(
            request,
            "Saved. Patients still see the approved version until a clinical reviewer "
            "approves this change."
            if live
            else "Saved. This page is not public until a clinical reviewer approves it.",
        )
        return HttpResponseRedirect(reverse("admin:pages_page_change", args=[page.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        extra = {}
        if page is not None:
            extra = self._review_context(request, page)
        return super().change_view(
            request, object_id, form_url, {**extra, **(extra_context or {})}
        )

    def _review_context(self, request, page):
        live = Page.objects.get(pk=page.pk)
        pending = workflow.pending_change(live)
        allowed, why_not = workflow.can_approve(request.user, pending)
        return {
            "live": live,
            "pending": pending,
            "changes": diff.page_changes(live.as_data(), pending.data)
            if pending
            else [],
            "can_approve": allowed,
            "why_not": why_not if pending and not pending.sent_back else "",
            "is_reviewer": workflow.is_reviewer(request.user),
            "sign_off": live.sign_offs.first(),
            "intervals": workflow.interval_choices(),
            "today": timezone.localdate(),
        }

    # The sign-off's own pages and buttons.

    def get_urls(self):
        def view(name, func):
            return path(
                f"<int:page_id>/{name}/",
                self.admin_site.admin_view(func),
                name=f"pages_page_{name.replace('/', '_')}",
            )

        return [
            view("approve", self.approve_view),
            view("send-back", self.send_back_view),
            view("reviewed", self.reviewed_view),
            view("preview", self.preview_view),
            view("versions", self.versions_view),
            path(
                "<int:page_id>/versions/<int:revision_id>/",
                self.admin_site.admin_view(self.version_view),
                name="pages_page_version",
            ),
            path(
                "<int:page_id>/versions/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="pages_page_restore",
            ),
        ] + super().get_urls()

    def _page(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id)
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        return page

    def _step(self, request, page_id, step, done):
        """Run a POSTed workflow step; say what happened, back on the change form."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        page = self._page(request, page_id)
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        try:
            result = step(page)
        except workflow.SignOffRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, done(result) if callable(done) else done)
        return HttpResponseRedirect(reverse("admin:pages_page_change", args=[page.pk]))

    def _sign(self, request, page_id, sign, done):
        """Approve, or mark reviewed: a sign-off with the reviewer's note and interval."""
        return self._step(
            request,
            page_id,
            lambda page: sign(
                page,
                request.user,
                edit_version=request.POST.get("edit_version", "-1"),
                note=request.POST.get("note", ""),
                months=request.POST.get("months"),
            ),
            lambda sign_off: (
                f"{done} Next review due {sign_off.next_review_due:%B %-d, %Y}."
            ),
        )

    def approve_view(self, request, page_id):
        return self._sign(
            request,
            page_id,
            workflow.approve,
            "Approved and published: patients now see this version, with your name.",
        )

    def reviewed_view(self, request, page_id):
        return self._sign(
            request, page_id, workflow.mark_reviewed, "Marked reviewed, still correct."
        )

    def send_back_view(self, request, page_id):
        def step(page):
            revision, authors = workflow.send_back(
                page,
                request.user,
                edit_version=request.POST.get("edit_version", "-1"),
                note=request.POST.get("note", ""),
            )
            transaction.on_commit(lambda: notify_sent_back(revision, authors))
            return revision

        return self._step(
            request, page_id, step, "Sent back to the author with your note."
        )

    def preview_view(self, request, page_id):
        page = self._page(request, page_id)
        pending = workflow.pending_change(page)
        if pending is None:
            messages.info(request, "No change is waiting on this page.")
            return HttpResponseRedirect(
                reverse("admin:pages_page_change", args=[page.pk])
            )
        return render_version(
            request, page, pending.revision, banner="The change waiting for approval"
        )

    def versions_view(self, request, page_id):
        page = self._page(request, page_id)
        revisions = page.revisions.select_related("author").order_by("-id")
        return TemplateResponse(
            request,
            "review/versions.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "page": page,
                "revisions": revisions,
                "title": f"Every version of “{page.title}”",
            },
        )

    def version_view(self, request, page_id, revision_id):
        page = self._page(request, page_id)
        revision = get_object_or_404(page.revisions, pk=revision_id)
        return render_version(
            request,
            page,
            revision,
            banner=f"{revision.get_kind_display()}, "
            f"{timezone.localtime(revision.created_at):%B %-d, %Y, %H:%M}",
            restore=self.has_change_permission(request, page),
        )

    def restore_view(self, request, page_id, revision_id):
        def step(page):
            revision = get_object_or_404(page.revisions, pk=revision_id)
            return workflow.restore(
                page,
                revision,
                request.user,
                edit_version=request.POST.get("edit_version", "-1"),
            )

        return self._step(
            request,
            page_id,
            step,
            "Restored as the pending change. A clinical reviewer must approve it "
            "before patients see it.",
        )


@admin.register(SignOff)
class SignOffAdmin(admin.ModelAdmin):
    """The record of clinical sign-offs: read-only, made only by approving a page."""

    list_display = ["page", "reviewer_display", "reviewed_on", "next_review_due"]
    list_filter = ["reviewed_on"]
    search_fields = ["page__title", "reviewer_display"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewerProfileInline(admin.StackedInline):
    model = ReviewerProfile
    can_delete = False
    verbose_name = "what patients see when this person reviews a page"
    verbose_name_plural = verbose_name


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [ReviewerProfileInline]
