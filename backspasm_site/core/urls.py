from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about-this-content/", views.about_content, name="about-content"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
]
