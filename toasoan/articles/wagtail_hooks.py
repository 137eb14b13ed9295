"""The authors' and agencies' snippets, each portal's staff keeping their portal's, with choosers
that offer an article its portal's rows (admin_views); republishing another portal's article
("Đăng lại", republish_views) from the menu and from an article's page."""

from django.urls import path, reverse
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import republish_views
from .admin_views import AGENCY_POLICY, AUTHOR_POLICY, AgencyViewSet, AuthorViewSet
from .models import Agency, ArticlePage, Author

# Before the viewsets, which would otherwise make plain model policies of their own.
register_permission_policy(Author, AUTHOR_POLICY, exact_class=True)
register_permission_policy(Agency, AGENCY_POLICY, exact_class=True)
register_snippet(AgencyViewSet)
register_snippet(AuthorViewSet)


@hooks.register("register_admin_urls")
def register_republish_urls():
    return [path("dang-lai/", republish_views.republish_view, name="articles_republish")]


@hooks.register("register_admin_menu_item")
def register_republish_menu_item():
    return MenuItem(
        "Đăng lại bài", reverse("articles_republish"), name="dang-lai", icon_name="link", order=250
    )


class RepublishButton(PageMenuItem):
    label = "Đăng lại lên cổng khác"
    icon_name = "link"

    @property
    def url(self) -> str:
        return reverse("articles_republish") + "?" + urlencode({"bai": self.page.pk})

    def is_shown(self, user) -> bool:
        page = self.page.specific_deferred
        return isinstance(page, ArticlePage) and page.live and page.alias_of_id is None


@hooks.register("register_page_header_buttons")
def republish_header_button(page, user, view_name, next_url=None):
    yield RepublishButton(page=page, priority=35)


@hooks.register("register_page_listing_more_buttons")
def republish_listing_button(page, user, next_url=None):
    yield RepublishButton(page=page, priority=25)
