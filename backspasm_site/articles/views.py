from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from backspasm_site.editorial import preview as editorial_preview
from backspasm_site.page_cache import edge

from . import listing, quality
from .models import Article, Topic


@require_safe
def article_list(request):
    groups = listing.topic_groups(listing.LIST_PER_TOPIC)
    listing.tag_list_page(request)
    return render(request, "articles/list.html", {"groups": groups})


@require_safe
def topic_list(request, topic, number=None):
    """One page of a topic's list: /articles/topic/<topic>/, then .../page/2/ and on."""
    if topic not in Topic.values:
        raise Http404("No such topic.")
    if number == 1:
        return redirect(listing.topic_url(topic), permanent=True)
    try:
        page = listing.topic_page(Topic(topic), number or 1)
    except InvalidPage as error:
        raise Http404("No such page.") from error
    listing.tag_list_page(request)
    context = {"topic": Topic(topic), "page": page, "pages": listing.pagination(page, topic)}
    return render(request, "articles/topic.html", context)


def shown_keys(article: Article) -> list[str]:
    """The page shows this article and its related pages; drafts among those too, since publishing one
    adds it to this page (page_cache/edge.py)."""
    linked = article.related.values_list("pk", flat=True)
    return [edge.article_key(article.pk), *(edge.article_key(pk) for pk in linked)]


def published_page(slug: str) -> tuple[Article, list[Article]]:
    """A published article and its published related pages."""
    published = Article.objects.published()
    with_related = published.prefetch_related(Prefetch("related", queryset=published, to_attr="live_related"))
    article = with_related.filter(slug=slug).first()
    if article is None:
        raise Http404("No such article.")
    return article, article.live_related


def as_staff_see_it(request, slug):
    """Staff see drafts, and a live page's pending change, at the real address in the site's layout:
    (article, related, the change shown, the change waiting while the live page is shown)."""
    live = get_object_or_404(Article.objects.all(), slug=slug)
    edge.tag(request, *shown_keys(live))
    article, related, pending = editorial_preview.article_as_staff_see_it(live)
    if pending and request.GET.get("live") == "1":  # staff asked for the page as the public sees it
        return live, list(live.related.published()), None, pending
    return article, related, pending, None


@require_safe
def article_detail(request, slug):
    if request.user.is_staff:
        article, related, pending, waiting = as_staff_see_it(request, slug)
    else:
        (article, related), pending, waiting = published_page(slug), None, None
        edge.tag(request, *shown_keys(article))
    # The other version (Easy Read or standard) is linked at the top of the page, not among related pages.
    other_version = next((page for page in related if page.slug == article.other_version_slug()), None)
    related = [page for page in related if page is not other_version]
    context = {
        "article": article,
        "related": related,
        "pending_change": pending,
        "waiting_change": waiting,
        "other_version": other_version,
    }
    response = render(request, "articles/detail.html", context)
    if pending or waiting or not article.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_POST
def quality_check(request):
    """Staff only: the reading grade and the warnings for the body being written (article-quality.js)."""
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    return JsonResponse(quality.for_editor(request.POST.get("body", ""), request.POST.get("slug", "")))
