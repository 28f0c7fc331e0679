from django.urls import path

from . import pending_preview, views

app_name = "symptom_checker"

urlpatterns = [
    path("", views.step, name="checker"),
    path("step-<int:number>/", views.step, name="step"),
    path("result/", views.result, name="result"),
    path("start-again/", views.start_again, name="start-again"),
    path("reminder.ics", views.reminder, name="reminder"),
    path("preview-changes/", pending_preview.checker_with_waiting_changes, name="preview-changes"),
]
