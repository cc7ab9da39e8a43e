"""Patient-facing URLs; a section is one of the five content folders."""

from django.urls import path, register_converter

from . import views
from .models import Section


class SectionConverter:
    regex = "|".join(Section.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SectionConverter, "section")

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("questions/", views.questions, name="questions"),
    path("questions/<section:section>/", views.questions_topic, name="questions_topic"),
    path("glossary/", views.glossary, name="glossary"),
    path("search/", views.search, name="search"),
    path("<section:section>/", views.section_index, name="section"),
    path("<section:section>/<slug:slug>/", views.page_detail, name="page"),
]
