from django.urls import path

from . import pending_preview, views

app_name = "symptom_checker"

urlpatterns = [
    path("", views.checker, name="checker"),
    path("reminder.ics", views.reminder, name="reminder"),
    path("preview-changes/", pending_preview.checker_with_waiting_changes, name="preview-changes"),
]
