from django.urls import path

from . import views

app_name = "symptom_checker"

urlpatterns = [
    path("", views.checker, name="checker"),
    path("reminder.ics", views.reminder, name="reminder"),
]
