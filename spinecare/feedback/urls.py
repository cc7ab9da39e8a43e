"""Feedback URLs: where a page's form is sent, and the thank-you page after it."""

from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("<slug:slug>/", views.send, name="send"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
]
