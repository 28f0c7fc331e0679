"""Moved pages (old addresses and where they lead) and links that point nowhere, for editors."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from backspasm_site.articles.models import Article
from backspasm_site.core.admin_bases import CheckedSelectionMixin, ReadOnlyAdmin

from . import links, moves
from .models import BrokenLink, MovedPage, Problem


class MovedPageForm(forms.ModelForm):
    class Meta:
        model = MovedPage
        fields = ["old_path", "new_path", "note"]

    def _site_path(self, name: str, example: str) -> str:
        value = self.cleaned_data[name].strip()
        if not moves.is_site_path(value):
            raise forms.ValidationError(example)
        return value

    def clean_old_path(self):
        old = self._site_path(
            "old_path", "Write the address as it is after the site's name, e.g. /articles/old/."
        )
        slug = links.last_part(old)
        if old == moves.address_of(slug) and Article.objects.published().filter(slug=slug).exists():
            raise forms.ValidationError(
                "A published page is at this address, so a redirect would never be used."
            )
        return old

    def clean_new_path(self):
        new = self._site_path(
            "new_path", "Write a page of this site, e.g. /articles/new-name/ or / for the home page."
        )
        old = self.cleaned_data.get("old_path")  # checked first (fields are cleaned in order)
        if old and moves.same_address(old, new):
            raise forms.ValidationError("The new address is the old one: it would lead in a circle.")
        if old and moves.leads_back(old, new):
            raise forms.ValidationError(
                f"{new} already leads back to {old}: this would send readers round in a circle."
            )
        wrong = links.what_is_wrong(new)
        if wrong and wrong[0] == Problem.NOWHERE:
            raise forms.ValidationError(f"That address {wrong[1]}")
        return new


@admin.register(MovedPage)
class MovedPageAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    form = MovedPageForm
    list_display = ["old_path", "new_path", "created_at", "why"]
    list_filter = ["reason"]
    search_fields = ["old_path", "new_path", "note"]
    readonly_fields = ["reason", "created_at"]

    @admin.display(description="Why")
    def why(self, obj):
        return f"{obj.get_reason_display()}: {obj.note}" if obj.note else obj.get_reason_display()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moves.collapse_into(obj, destination_chosen="new_path" in form.changed_data)


@admin.register(BrokenLink)
class BrokenLinkAdmin(ReadOnlyAdmin):
    """Found on save (links.py); the list is refreshed, never edited: fix the article's text instead."""

    list_display = ["article_link", "text", "target", "problem", "detail", "in_pending_change", "checked_at"]
    list_filter = ["problem", "in_pending_change"]
    search_fields = ["article__title", "text", "target"]
    list_select_related = ["article"]

    @admin.display(description="Article", ordering="article__title")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article,
        )
