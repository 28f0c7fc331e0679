"""Page numbers in addresses (/articles/topic/<topic>/page/<n>/, /sitemap-<section>-<n>.xml)."""

from django.urls import register_converter


class PageNumber:
    """1, 2, 3, ... as written: no 0, no leading zeros, no sign, at most 9 digits. Anything else is not a
    page address (a 404). Page 1 is the list's plain address; the views send its numbered address there."""

    regex = "[1-9][0-9]{0,8}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(PageNumber, "page")
