"""How long a search takes with many articles: `python -m tools.search_timing [--articles 10000]`.

Not part of `make test`. Give it a database of its own (DATABASE_URL, e.g. sqlite:////tmp/search.sqlite3
or postgres://postgres@127.0.0.1:5432/search_timing): it migrates it, loads content/, adds generated
published articles (copies of the seed articles, each with a few words of its own, so the vocabulary
grows as real writing would), rebuilds the search index as a bulk import must, and then times whole
search pages through Django's test client: each query several times, p50 and p90 of all of them.
"""

import argparse
import os
import random
import statistics
import string
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backspasm_site.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from backspasm_site.articles.models import Article, Status  # noqa: E402
from backspasm_site.core.markdown import render_body  # noqa: E402

QUERIES = [
    "back spasm", "heat", "sciatca", "back spams", "pain killers", "when to see doctor", "slipped disc",
    "wetting themselves", "acupuncture", "hot water bottle", "zzzzqx", "how long does a back spasm last",
]  # fmt: skip
GENERATED = "generated-"


def add_generated_articles(count: int) -> None:
    seeds = list(Article.objects.published())
    have = Article.objects.filter(slug__startswith=GENERATED).count()
    rng = random.Random(16)  # noqa: S311 - test data, not secrets
    pool = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10))) for _ in range(20_000)]
    batch = []
    for n in range(have, count):
        seed = seeds[n % len(seeds)]
        own_words = " ".join(rng.sample(pool, 4))
        article = Article(
            title=f"{seed.title} ({n})",
            slug=f"{GENERATED}{n}",
            summary=seed.summary,
            topic=seed.topic,
            order=100,
            status=Status.PUBLISHED,
            body=f"{seed.body}\n\nAlso about {own_words}.",
        )
        render_body(article)  # bulk_create skips save(): render as save() does
        article.next_review_due = seed.next_review_due
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        # It adds thousands of articles: never to the site's own database by accident.
        raise SystemExit("Set DATABASE_URL to a database made for this measurement (see the docstring).")
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    started = time.perf_counter()
    add_generated_articles(args.articles)
    print(f"{Article.objects.published().count()} published articles ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    try:
        call_command("rebuild_search_index", verbosity=0)
        print(f"rebuild_search_index: {time.perf_counter() - started:.1f} s")
    except Exception as error:  # noqa: BLE001 - the code before the stored index had no such command
        print(f"no rebuild_search_index ({error})")
    setup_test_environment()  # the test client's host name
    client = Client()
    times = []
    for query in QUERIES:
        each = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            each.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        times += each
        print(f"{query!r:40} p50 {statistics.median(each):8.1f} ms")
    times.sort()
    print(f"all: p50 {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms")


if __name__ == "__main__":
    main()
