from django.urls import path

from backspasm_site.core import converters  # noqa: F401 (registers <page:...>)

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("topic/<slug:topic>/", views.topic_list, name="topic"),
    path("topic/<slug:topic>/page/<page:number>/", views.topic_list, name="topic_page"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
