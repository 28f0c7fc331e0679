from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from backspasm_site.page_cache.content import memo

from .models import Article


@require_safe
def article_list(request):
    return render(request, "articles/list.html", {"topics": Article.objects.published().grouped_by_topic()})


def _published_pages() -> dict[str, tuple[Article, list[Article]]]:
    published = Article.objects.published()
    articles = published.prefetch_related(Prefetch("related", queryset=published, to_attr="live_related"))
    return {article.slug: (article, article.live_related) for article in articles}


def published_page(slug: str) -> tuple[Article, list[Article]]:
    """A published article and its published related pages. Read once per content version for all articles:
    a page is rendered again after every edit, and one read serves every article page that follows."""
    try:
        return memo("published-articles", _published_pages)[slug]
    except KeyError:
        raise Http404("No such article.") from None


@require_safe
def article_detail(request, slug):
    if request.user.is_staff:
        # Staff see drafts at their real address, to preview them in the site's layout.
        article = get_object_or_404(Article.objects.all(), slug=slug)
        related = article.related.published()
    else:
        article, related = published_page(slug)
    response = render(request, "articles/detail.html", {"article": article, "related": related})
    if not article.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
