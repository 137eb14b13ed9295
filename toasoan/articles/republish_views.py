"""The admin's "Đăng lại bài" view: an editor republishes another portal's article in a section of
theirs (services.republish), by pasting its address or from the article's own admin page."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from toasoan.sections.models import SectionPage
from toasoan.sections.routing import deepest_page

from .models import ArticlePage
from .services import republish

NOT_FOUND = _("Không tìm thấy bài viết nào ở địa chỉ này trên các cổng của hệ thống.")


def publishable_sections(user) -> list[SectionPage]:
    """The live sections the user may publish in, in tree order, each titled with its portal."""
    sections = SectionPage.objects.live().order_by("path")
    return [section for section in sections if section.permissions_for_user(user).can_publish_subpage()]


def article_at(address: str) -> ArticlePage | None:
    """The article an address (full URL with the portal's host, or a page id) names."""
    address = address.strip()
    if address.isdigit():
        page = Page.objects.filter(pk=int(address)).first()
        return page.specific if page is not None and isinstance(page.specific, ArticlePage) else None
    parts = urlsplit(address if "://" in address else f"http://{address}")
    if not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(hostname=parts.hostname.lower(), port=port).select_related("root_page").first()
    if site is None:
        site = Site.objects.filter(hostname=parts.hostname.lower()).select_related("root_page").first()
    if site is None:
        return None
    components = [component for component in parts.path.split("/") if component]
    found = deepest_page(site.root_page, components)
    if found is None or found[1]:
        return None
    page = found[0].specific
    return page if isinstance(page, ArticlePage) else None


class RepublishForm(forms.Form):
    address = forms.CharField(
        label=_("Địa chỉ bài gốc"),
        max_length=500,
        help_text=_(
            "Dán địa chỉ đầy đủ của bài trên cổng thành phần, ví dụ http://xa-an-binh.localhost/tin-tuc/bai-a/"
        ),
    )
    section = forms.TypedChoiceField(label=_("Đăng lại vào chuyên mục"), coerce=int)

    def __init__(self, *args, sections: list[SectionPage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sections = {section.pk: section for section in sections}
        self.fields["section"].choices = [(section.pk, _label(section)) for section in sections]

    def clean_address(self) -> ArticlePage:
        article = article_at(self.cleaned_data["address"])
        if article is None:
            raise forms.ValidationError(NOT_FOUND)
        return article


def _label(section: SectionPage) -> str:
    site = section.get_site()
    portal = site.site_name or site.hostname if site is not None else ""
    return f"{portal} › {section.title}" if portal else section.title


def republish_view(request):
    sections = publishable_sections(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("bai", "").isdigit():
        initial["address"] = request.GET["bai"]
    form = RepublishForm(request.POST or None, initial=initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        section = form.sections[form.cleaned_data["section"]]
        try:
            result = republish.republish(form.cleaned_data["address"], section, user=request.user)
        except republish.RepublishError as error:
            form.add_error(None, str(error))
        else:
            if result.created:
                messages.success(request, _("Đã đăng lại “%(title)s”.") % {"title": result.page.title})
            else:
                messages.info(
                    request,
                    _("“%(title)s” đã được đăng lại trên cổng này từ trước.") % {"title": result.page.title},
                )
            return redirect(reverse("wagtailadmin_explore", args=[result.page.get_parent().pk]))
    return TemplateResponse(
        request, "articles/republish.html", {"form": form, "has_sections": bool(sections)}
    )
