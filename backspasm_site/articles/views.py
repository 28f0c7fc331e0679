from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Article


@require_safe
def article_list(request):
    return render(request, "articles/list.html", {"topics": Article.objects.published().grouped_by_topic()})


@require_safe
def article_detail(request, slug):
    # Staff see drafts at their real address, to preview them in the site's layout.
    articles = Article.objects.all() if request.user.is_staff else Article.objects.published()
    article = get_object_or_404(articles, slug=slug)
    response = render(
        request,
        "articles/detail.html",
        {"article": article, "related": article.related.published()},
    )
    if not article.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
