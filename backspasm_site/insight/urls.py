from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("seen.gif", views.seen, name="seen"),
]
