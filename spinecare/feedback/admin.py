"""Staff read the feedback: each page's yes and no counts, its comments, and what is done."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator

from .models import Feedback, PageFeedback, helpful_rate

PAGE_TEXT = ["body", "body_html", "toc", "search_vector", "search_head", "aliases"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Feedback comes only from patients: staff never add or delete an answer."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PageFeedback)
class PageFeedbackAdmin(ReadOnlyAdmin):
    list_display = ["title", "section", "yes", "no", "helpful", "comments"]
    list_filter = ["section"]
    search_fields = ["title", "slug"]
    ordering = ["section", "title"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .only("section", "slug", "title")
            .with_counts()
            .filter(Q(yes__gt=0) | Q(no__gt=0))
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may read the feedback may read its counts: no right of its own.
        user = request.user
        return user.has_perm("feedback.view_feedback") or user.has_perm(
            "feedback.change_feedback"
        )

    @admin.display(description="Yes", ordering="yes")
    def yes(self, page):
        return page.yes

    @admin.display(description="No", ordering="no")
    def no(self, page):
        return page.no

    @admin.display(description="Helpful")
    def helpful(self, page):
        return helpful_rate(page.yes, page.no)

    @admin.display(description="Comments to deal with", ordering="open_comments")
    def comments(self, page):
        url = reverse("admin:feedback_feedback_changelist")
        query = urlencode({"page__id__exact": page.pk})
        return format_html(
            '<a href="{}?{}">{} waiting, see all</a>', url, query, page.open_comments
        )


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["day", "page", "answer", "comment_text", "dealt_with"]
    list_editable = ["dealt_with"]
    list_filter = [
        "dealt_with",
        "helpful",
        ("comment", admin.EmptyFieldListFilter),
        ("page", admin.RelatedOnlyFieldListFilter),
        "day",
    ]
    list_select_related = ["page"]
    search_fields = ["comment", "page__title"]
    fields = ["page", "day", "helpful", "comment", "dealt_with"]
    readonly_fields = ["page", "day", "helpful", "comment"]
    actions = ["mark_dealt_with", "mark_not_dealt_with"]
    date_hierarchy = "day"

    def get_queryset(self, request):
        # The list shows each page's title only: leave its text and search vectors.
        return (
            super()
            .get_queryset(request)
            .defer(*(f"page__{name}" for name in PAGE_TEXT))
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            answers = changelist.queryset
            yes = answers.filter(helpful=True).count()
            no = answers.filter(helpful=False).count()
            response.context_data["title"] = (
                f"Feedback: {yes} yes, {no} no, helpful {helpful_rate(yes, no)}"
            )
        return response

    @admin.display(description="Helpful?", ordering="helpful")
    def answer(self, feedback):
        return "Yes" if feedback.helpful else "No"

    @admin.display(description="Comment")
    def comment_text(self, feedback):
        return Truncator(feedback.comment).chars(120) or "—"

    @admin.action(
        description="Mark the chosen comments dealt with", permissions=["change"]
    )
    def mark_dealt_with(self, request, queryset):
        done = queryset.update(dealt_with=True)
        self.message_user(request, f"{done} marked dealt with.")

    @admin.action(
        description="Mark the chosen comments not dealt with", permissions=["change"]
    )
    def mark_not_dealt_with(self, request, queryset):
        done = queryset.update(dealt_with=False)
        self.message_user(request, f"{done} marked not dealt with.")
