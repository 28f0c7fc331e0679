"""The parts of `make bench-growth` that run inside the site (bench/growth.py starts them, one process each).

    python bench/growth_site.py generate <articles>   clone content/'s articles up to <articles> published
    python bench/growth_site.py edit <slug> <marker>  a reviewer publishes a new title for one article

Each runs with the settings its environment gives (DATABASE_URL, EDGE_PURGE, ...) and prints one JSON object
as its last line of output.
"""

import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path
from unittest import mock

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backspasm_site.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from backspasm_site.articles import readability  # noqa: E402
from backspasm_site.articles.models import Article, Status  # noqa: E402
from backspasm_site.editorial import roles, services  # noqa: E402
from backspasm_site.page_cache import edge  # noqa: E402

SEED = 16  # the number: the same articles on SQLite and PostgreSQL
BATCH = 500
SECTION = re.compile(r"^## ", re.M)
ADMIN_USER = "growth-bench"
# What Article.save() sets on its own: these may differ between two saves of the same article.
BOOKKEEPING = {"updated_at"}


def sections_of(body: str) -> tuple[str, list[str]]:
    """(the text before the first heading, ['## heading\\n...', ...])."""
    starts = [match.start() for match in SECTION.finditer(body)]
    if not starts:
        return body.strip(), []
    intro = body[: starts[0]].strip()
    return intro, [body[a:b].strip() for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]


def as_save_sets_it(article: Article) -> Article:
    """The article with every field Article.save() derives (body_html, next_review_due, and whatever else
    save() computes now or later) set as save() sets it, without writing it: save() runs with the database
    write and its signals left out."""
    with mock.patch.object(models.Model, "save", lambda self, *args, **kwargs: None):
        article.save()
    return article


def concrete_values(article: Article) -> dict:
    return {
        field.attname: getattr(article, field.attname)
        for field in Article._meta.concrete_fields
        if field.attname not in BOOKKEEPING
    }


def check_like_save(pk: int) -> None:
    """A generated row must be the one a real save() writes: save one for real, compare, and roll back."""
    with transaction.atomic():
        generated = Article.objects.get(pk=pk)
        before = concrete_values(generated)
        generated.save()
        generated.refresh_from_db()
        after = concrete_values(generated)
        different = sorted(name for name, value in after.items() if before[name] != value)
        transaction.set_rollback(True)
    if different:
        raise SystemExit(f"generated articles differ from saved ones in {different}: set them as save() does")


def generate(total: int) -> dict:
    """Published articles cloned from the real ones up to `total`: numbered titles and slugs, sections of two
    or three real articles shuffled together, a real article's summary and topic, 2-4 related pages each."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    real = list(Article.objects.published().order_by("order"))
    if not real:
        raise SystemExit("no published articles to clone: run load_content first")
    parts = {article.pk: sections_of(article.body) for article in real}
    today = timezone.localdate()
    made = []
    for number in range(1, total - len(real) + 1):
        base, *others = rng.sample(real, rng.choice((2, 3)))
        intro, sections = parts[base.pk]
        pool = sections + [section for other in others for section in parts[other.pk][1]]
        chosen = rng.sample(pool, min(len(pool), rng.randint(4, 7)))
        body = "\n\n".join(([intro] if intro else []) + chosen)
        made.append(
            as_save_sets_it(
                Article(
                    title=f"{base.title} ({number})"[:120],
                    slug=f"{base.slug}-{number}"[:80],
                    summary=base.summary,
                    topic=base.topic,
                    order=100 + number,
                    status=Status.PUBLISHED,
                    body=body,
                    sources=base.sources,
                    last_reviewed=today - timezone.timedelta(days=rng.randint(0, 330)),
                )
            )
        )
    prepared = time.perf_counter()
    with transaction.atomic():
        Article.objects.bulk_create(made, batch_size=BATCH)
        ids = list(Article.objects.published().values_list("pk", flat=True))
        link = Article.related.through
        links = []
        for article_id in ids:
            others = [other for other in rng.sample(ids, min(6, len(ids))) if other != article_id]
            for other in others[: rng.randint(2, 4)]:
                links.append(link(from_article_id=article_id, to_article_id=other))
        link.objects.bulk_create(links, batch_size=BATCH * 4, ignore_conflicts=True)
    check_like_save(made[len(made) // 2].pk if made else real[0].pk)
    user = get_user_model()
    if not user.objects.filter(username=ADMIN_USER).exists():
        user.objects.create_superuser(ADMIN_USER, password=os.environ["GROWTH_ADMIN_PASSWORD"])
    return {
        "articles": Article.objects.published().count(),
        "related links": link.objects.count(),
        "prepare s": prepared - started,
        "write s": time.perf_counter() - prepared,
    }


def reviewer(name: str):
    user, _ = get_user_model().objects.get_or_create(username=name, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=roles.CLINICAL_REVIEWER))
    return user


def edit(slug: str, marker: str) -> dict:
    """A new title (with `marker`) for the article, written and submitted by one reviewer and published by
    another, as in an editor's worker (editorial/services/). Returns when the publish started, the keys it
    named for purging, and the process's CPU time up to then (growth.py reads the whole process's CPU when
    it has exited: the page cache emptied at the commit and the purge sent in the background included)."""
    article = Article.objects.get(slug=slug)
    writer, checker = reviewer("growth-writer"), reviewer("growth-checker")
    change = services.save_change(
        obj=article,
        values={"title": f"{article.title} {marker}"[:120]},
        user=writer,
        reason="A clearer title",
        submit=True,
    )
    # An editor's worker has loaded the reading grade's pronouncing dictionary (about 2 s) for the admin's
    # lists long before it publishes: so has this one.
    readability.flesch_kincaid_grade("A warm worker.")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    print("saving", flush=True)  # growth.py starts watching the pages
    saved_at = time.time()
    with mock.patch.object(edge, "content_changed", wraps=edge.content_changed) as named:
        services.publish(change=change, user=checker)
    keys = sorted({key for call in named.call_args_list for key in call.kwargs["keys"]})
    return {"saved at": saved_at, "purged keys": keys, "cpu before save s": cpu_before}


def main() -> None:
    command, argument = sys.argv[1], sys.argv[2]
    if command == "generate":
        result = generate(int(argument))
    elif command == "edit":
        result = edit(argument, sys.argv[3])
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
