"""Top-level URLs: patient pages, sitemap, robots.txt, admin and its editor endpoints."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from spinecare.pages.sitemaps import sitemaps
from spinecare.pages.uploads import PreviewView, RasterImageUploadView
from spinecare.pages.views import robots_txt

urlpatterns = [
    # django-markdownx's own URLs check no login (its issues #136, #160): staff only.
    path(
        "admin/markdownx/markdownify/",
        staff_member_required(PreviewView.as_view()),
        name="markdownx_markdownify",
    ),
    path(
        "admin/markdownx/upload/",
        staff_member_required(RasterImageUploadView.as_view()),
        name="markdownx_upload",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("feedback/", include("spinecare.feedback.urls")),
    path("", include("spinecare.pages.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
