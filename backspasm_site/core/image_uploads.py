"""Editors' image uploads (django-markdownx's upload, checked): what the file really is decides.

markdownx trusts what the browser says: the type it names and the file's extension. Here Pillow reads the
file's header first, which gives the size in pixels without decoding the picture, so a small file that
would unpack into a huge picture is refused before it takes the worker's memory; then `verify()` checks
the file is a whole picture. The name it is saved under gets the extension of its real type, which the
site's media route serves (urls.py). Every refusal is a sentence the editor sees beside the text box
(static/js/image-upload.js), never a server error or words put into the page.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from markdownx.forms import ImageForm
from markdownx.views import ImageUploadView
from PIL import Image, UnidentifiedImageError

from backspasm_site.articles.models import Article
from backspasm_site.core.models import SiteText
from backspasm_site.editorial.models import OPEN_STATES, PendingChange
from backspasm_site.symptom_checker.models import Advice

# The picture types the site serves, by what Pillow finds in the file: (content type, extension).
IMAGE_TYPES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "WEBP": ("image/webp", "webp")}

NOT_AN_IMAGE = (
    "This file is not a PNG, JPEG or WebP picture, so it was not added. Save it as one and try again."
)
TOO_BIG = "This file is {size:.1f} MB; pictures can be at most {limit:.0f} MB. Make it smaller and try again."
TOO_MANY_PIXELS = (
    "This picture is too large to use{dimensions}. Make it at most {limit:,} pixels in all (for example "
    "4000 × 4000) and try again."
)
NOT_SAVED = "The picture could not be read, so it was not added. Save it again as PNG or JPEG and try again."


def check_image(upload) -> str:
    """The real type of an uploaded picture (a key of IMAGE_TYPES), or ValidationError saying why not."""
    limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
    if upload.size > limit:
        raise ValidationError(TOO_BIG.format(size=upload.size / 2**20, limit=limit / 2**20))
    try:
        upload.seek(0)
        with Image.open(upload) as picture:  # reads the header only
            kind, (width, height) = picture.format, picture.size
            if width * height > settings.MARKDOWNX_IMAGE_MAX_PIXELS:
                raise too_many_pixels(f" ({width} × {height} pixels)")
            picture.verify()
    except Image.DecompressionBombError:  # Pillow's own, far higher limit, met before ours
        raise too_many_pixels("") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(NOT_AN_IMAGE) from None
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise ValidationError(NOT_AN_IMAGE)
    return kind


def too_many_pixels(dimensions: str) -> ValidationError:
    return ValidationError(
        TOO_MANY_PIXELS.format(dimensions=dimensions, limit=settings.MARKDOWNX_IMAGE_MAX_PIXELS)
    )


def used_by_a_live_page(path: str) -> bool:
    """Whether a page the public sees shows this uploaded picture (markdownx/<name>): a published article,
    site text or checker advice (always live). A picture only in a draft, a change waiting for review or a
    deleted page is not."""
    address = settings.MEDIA_URL + path
    return (
        Article.objects.published().filter(body__contains=address).exists()
        or SiteText.objects.filter(body__contains=address).exists()
        or Advice.objects.filter(body__contains=address).exists()
    )


def unused_pictures() -> list[str]:
    """Uploaded pictures (names under MEDIA_ROOT/markdownx/) that no page shows and no draft, waiting
    change, site text or advice uses: left by a deleted page or a removed picture. Listed for an editor to
    remove (`manage.py unused_pictures`), never removed here: an old version in a page's history may be
    restored with them."""
    folder = Path(settings.MEDIA_ROOT) / settings.MARKDOWNX_MEDIA_PATH
    if not folder.is_dir():
        return []
    texts = [
        *Article.objects.values_list("body", flat=True),
        *SiteText.objects.values_list("body", flat=True),
        *Advice.objects.values_list("body", flat=True),
        *map(str, PendingChange.objects.filter(state__in=OPEN_STATES).values_list("fields", flat=True)),
    ]
    used = "\n".join(texts)
    return sorted(file.name for file in folder.iterdir() if file.is_file() and file.name not in used)


class CheckedImageForm(ImageForm):
    image = forms.FileField(error_messages={"required": "Choose a picture to add."})

    def clean(self):
        upload = self.cleaned_data.get("image")
        if upload is None:
            return self.cleaned_data  # the field's own error says so
        content_type, extension = IMAGE_TYPES[check_image(upload)]
        upload.content_type, upload.name = content_type, f"picture.{extension}"  # what markdownx saves by
        return self.cleaned_data


class CheckedImageUploadView(ImageUploadView):
    form_class = CheckedImageForm

    def form_invalid(self, form):
        errors = [message for messages in form.errors.values() for message in messages]
        return JsonResponse({"error": " ".join(errors) or NOT_AN_IMAGE}, status=400)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):  # breaks on decoding
            return JsonResponse({"error": NOT_SAVED}, status=400)
