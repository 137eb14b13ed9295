"""Admin widgets of the article form: tags as typed, authors chosen from a searchable list."""

from __future__ import annotations

import json

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.telepath import register
from wagtail.admin.telepath.widgets import WidgetAdapter
from wagtail.admin.widgets import AdminTagWidget
from wagtail.snippets.widgets import AdminSnippetChooser

#: The choosers' query parameter naming the article's portal: they offer its rows and every
#: portal's (admin_views.PortalChooserMixin).
PORTAL_PARAMETER = "cong"


def on_portal(url: str, site_id: int | None) -> str:
    """A chooser's address, naming the article's portal when it is known."""
    if site_id is None:
        return url
    return f"{url}{'&' if '?' in url else '?'}{PORTAL_PARAMETER}={int(site_id)}"


def tag_names(value) -> list[str]:
    """Names from what the tag field holds: tags, or the text `a b, c` (quotes of old forms dropped)."""
    if value is None:
        return []
    parts = value.split(",") if isinstance(value, str) else [getattr(tag, "name", str(tag)) for tag in value]
    names = [part.replace('"', "").strip() for part in parts]
    return [name for name in names if name]


class VietnameseTagWidget(AdminTagWidget):
    """Wagtail's tag chips without the double quotes around every multi-word tag.

    Vietnamese keywords are nearly all several words ("trật tự đô thị"): Wagtail wraps each in
    quotes for taggit's parser and the editor sees them on every chip. Here the chips hold the
    names as typed (commas or Enter separate them, never spaces) and the widget hands taggit's
    parser the quoted form it needs.
    """

    def format_value(self, value):
        return ", ".join(tag_names(value))

    def value_from_datadict(self, data, files, name):
        raw = super().value_from_datadict(data, files, name)
        return ", ".join(f'"{tag}"' for tag in tag_names(raw))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        options = json.loads(widget_attrs["data-w-tag-options-value"])
        options["preprocessTag"] = None  # Wagtail's default quotes any tag with a space
        widget_attrs["data-w-tag-options-value"] = json.dumps(options)
        context["widget"]["help_text"] = _(
            "Gõ từ khóa như bình thường, kể cả từ khóa nhiều chữ; ngăn cách các từ khóa bằng dấu phẩy "
            "hoặc phím Enter."
        )
        return context


class AuthorsChooser(forms.SelectMultiple):
    """The article's authors, picked in Wagtail's snippet chooser (searchable by name and pen name).

    Only the chosen authors are written in the page (one query); a plain multi-select listed every
    author of the paper, unsearchable. The chooser opens in Wagtail's multiple-choice mode; the
    chosen ones come back into a hidden `<select multiple>` the form posts as before.
    """

    template_name = "articles/widgets/authors_chooser.html"
    #: The Site of the article being edited (forms.ArticlePageForm), or None when unknown.
    portal_site_id: int | None = None

    def optgroups(self, name, value, attrs=None):
        return []  # the template writes the chosen authors only: no query for every author

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen_ids = [str(pk) for pk in (value or []) if str(pk).strip()]
        queryset = getattr(self.choices, "queryset", None)
        chosen = list(queryset.filter(pk__in=chosen_ids)) if queryset is not None and chosen_ids else []
        chosen.sort(key=lambda author: chosen_ids.index(str(author.pk)))
        context["chosen"] = chosen
        url = self.chooser_url(queryset.model) if queryset is not None else ""
        context["chooser_url"] = on_portal(url, self.portal_site_id) if url else ""
        return context

    @staticmethod
    def chooser_url(model) -> str:
        return reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose"))

    @property
    def media(self):
        return forms.Media(
            js=[
                versioned_static("wagtailadmin/js/chooser-modal.js"),
                "articles/admin/authors-chooser.js",
            ],
            css={"all": ["articles/admin/authors-chooser.css"]},
        )


class PortalSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser (the article's agency), opening on the article's portal's rows."""

    portal_site_id: int | None = None

    def get_chooser_modal_url(self):
        return on_portal(super().get_chooser_modal_url(), self.portal_site_id)


# Wagtail's client-side copy of the form treats it as a plain widget, not as a <select> of choices.
register(WidgetAdapter(), AuthorsChooser)
