"""Republishing ("đăng lại"): another portal's article shown in this portal, a reference, not a copy.

A republished article is a Wagtail alias of the origin (`Page.create_alias`) placed in a section
of this portal. Wagtail keeps it in step: every publish of the origin rewrites the alias and sends
`page_published` for it (so its page, its lists, feeds and search entry are purged and indexed as
an article's are), an unpublish of the origin unpublishes it, and the admin will not edit it (the
origin's editors own the text). Being an article row of its own in this portal's tree, it is in
this portal's lists, feeds, tag pages and search with no query more; the origin stays in its own
portal's lists only, so neither lists it twice.

What Wagtail leaves to us: the canonical link points to the origin at its own site's address
(`pages.article_context`); the lists never show an alias whose origin is hidden, not live or under
a view restriction, whichever section above it carries it (`listing.hidden_origin`); the page
itself follows the origin's restrictions (`ArticlePage.get_view_restrictions`); a change to the
origin purges the alias's pages (`pages.stale_republished`); a deleted origin takes its aliases
with it (`signal_handlers`), since Wagtail would keep them as plain copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.signals import page_published

from toasoan.sections.mixins import free_slug

from ..models import ArticlePage
from . import listing


class RepublishError(Exception):
    """A republishing that cannot be done, said in Vietnamese for the editor."""


@dataclass(frozen=True)
class Republished:
    page: ArticlePage
    #: False when the article was already republished in that portal (nothing was done).
    created: bool


def portal_path(page: Page) -> str:
    """The tree path of the portal (the Site's home page, depth 2) a page belongs to."""
    return page.path[: 2 * Page.steplen]


def origin_of(page: Page) -> ArticlePage:
    """The article an alias follows, through any chain of aliases; the article itself otherwise."""
    article = page.specific
    seen = set()
    while article.alias_of_id is not None and article.pk not in seen:
        seen.add(article.pk)
        article = Page.objects.get(pk=article.alias_of_id).specific
    return article


def republished_in(origin: ArticlePage, portal: Page) -> ArticlePage | None:
    """The alias of `origin` already in `portal` (any section of it), if any."""
    return (
        ArticlePage.objects.filter(alias_of_id=origin.pk, path__startswith=portal_path(portal))
        .order_by("path")
        .first()
    )


def republish(article: Page, section: Page, *, user=None) -> Republished:
    """Show `article` (another portal's live, public article) in `section`, as an alias.

    With `user`, they must be allowed to publish in `section`: the alias goes live at once, as the
    origin is. Nothing is asked of the origin's portal: its article is public already. A second
    call for the same portal finds the first alias and does nothing (`created=False`).
    """
    from toasoan.sections.models import SectionPage

    origin = origin_of(article)
    section = section.specific
    if not isinstance(origin, ArticlePage):
        raise RepublishError(_("Chỉ đăng lại được bài viết."))
    if not isinstance(section, SectionPage):
        raise RepublishError(_("Bài đăng lại phải nằm trong một chuyên mục."))
    if portal_path(origin) == portal_path(section):
        raise RepublishError(
            _("Bài “%(title)s” đã thuộc cổng này; chỉ đăng lại bài của cổng khác.") % {"title": origin.title}
        )
    if not listing.live_public().filter(pk=origin.pk).exists():
        raise RepublishError(
            _("Bài “%(title)s” chưa đăng hoặc đang bị giới hạn quyền xem: không đăng lại được.")
            % {"title": origin.title}
        )
    existing = republished_in(origin, section)
    if existing is not None:
        return Republished(existing, created=False)
    if user is not None and not section.permissions_for_user(user).can_publish_subpage():
        raise RepublishError(
            _("Bạn không có quyền đăng bài vào chuyên mục “%(section)s”.") % {"section": section.title}
        )
    # Our own checks replace Wagtail's: its alias action asks for the right to edit the origin,
    # which a main portal's editor does not have over a component portal's article.
    from wagtail.actions.create_alias import CreatePageAliasAction

    alias = CreatePageAliasAction(
        origin,
        parent=section,
        update_slug=free_slug(origin.slug, section),
        user=user,
    ).execute(skip_permission_checks=True)
    alias = ArticlePage.objects.get(pk=alias.pk)
    # As Wagtail does for the aliases it updates: the page, its lists, feeds and search see it.
    page_published.send(sender=ArticlePage, instance=alias, revision=None, alias=True)
    return Republished(alias, created=True)


def origin_url(article: ArticlePage, request=None) -> str:
    """The full URL of the article a republished one follows, at its own site's address; "" for
    an article that is no alias. `alias_of` is joined when the page is served (`route_select_related`)."""
    if article.alias_of_id is None:
        return ""
    parts = article.alias_of.get_url_parts(request)
    if parts is None:
        return ""
    _, root_url, path = parts
    return (root_url or "") + (path or "")
