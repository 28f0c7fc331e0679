from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.give_feedback, name="give"),
    path("thanks/", views.thanks, name="thanks"),
    path("comment/", views.add_comment, name="comment"),
]
