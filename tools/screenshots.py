"""make screenshots: PNGs of the home page, an article, the checker and each verdict, phone and desktop, and
of an article in admin as an Editor sees it (desktop only: editors work at a desk).

The site runs as `make run` serves it (tools/measured_site.py); verdicts are reached as a person reaches
them, by answering the checker and pressing the button. Each PNG is the first screen at that width,
reduced to 64 colours so the folder stays small enough to keep in git.
"""

import os
import shutil
import sys
from pathlib import Path

import django
from PIL import Image
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backspasm_site.settings")
django.setup()  # tests.public_pages reads the Article model

from conftest import CHROMIUM_ARGS  # noqa: E402
from tests.checker_steps import complete_checker  # noqa: E402
from tests.public_pages import VERDICT_ANSWERS  # noqa: E402
from tests.servers import manage  # noqa: E402
from tools.measured_site import PAGES, measured_site  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SHOTS = ["home", "article", "checker", *(f"verdict-{name}" for name in VERDICT_ANSWERS)]


EDITOR = ("screenshot-editor", "a long screenshot password")
MAKE_EDITOR = """
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user({name!r}, password={password!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Editor"))
"""


def save(page, path: Path) -> None:
    page.screenshot(path=path)
    Image.open(path).convert("RGB").quantize(colors=64).save(path, optimize=True)
    print(f"{path.relative_to(OUT.parent.parent)}  {path.stat().st_size // 1024} KB")


def admin_article(browser, server) -> None:
    """A published article's admin page as an Editor sees it, for the README's editors' section."""
    name, password = EDITOR
    manage("shell", "-c", MAKE_EDITOR.format(name=name, password=password), env=server.env)
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.goto(server.url + "/admin/articles/article/")
    page.get_by_role("link", name="Treating a back spasm at home").click()
    save(page, OUT / "admin-article-desktop.png")
    context.close()


def show(page, base: str, name: str) -> None:
    if name.startswith("verdict-"):
        complete_checker(page, base, VERDICT_ANSWERS[name.removeprefix("verdict-")])
    else:
        page.goto(base + PAGES[name])


def main() -> int:
    chromium = shutil.which("chromium")
    if not chromium:
        print("Debian's chromium is needed: make chromium", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with measured_site() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for size, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for name in SHOTS:
                show(page, server.url, name)
                save(page, OUT / f"{name}-{size}.png")
            context.close()
        admin_article(browser, server)
        browser.close()
    total = sum(p.stat().st_size for p in OUT.glob("*.png"))
    print(f"{len(SHOTS) * len(SIZES) + 1} screenshots, {total // 1024} KB in total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
