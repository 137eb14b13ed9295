"""Purges on every change readers see: publish (also a schedule going live: Wagtail and the
editorial worker send `page_published`), unpublish, move, delete, and privacy (a view restriction
saved or deleted, which Wagtail's privacy dialog does without publishing).

Publish, unpublish and move compute what to purge after the commit, from the page as it is then
and as it was before (`pre_save` and `pre_page_move` remember the old place, time and tags, so
the lists the article left are purged too). Delete computes it before the rows go, while the
article's place and tags can still be read.
"""

from __future__ import annotations

from asgiref.local import Local
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from toasoan.cache import events, fragments

from .services import purge as purges

#: Fields whose old value names pages the article no longer appears on.
REMEMBERED = ("path", "depth", "url_path", "published_at", "live")
_moves = Local()


def remember_before(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Before an article's row is written, keep where and when it was, and its tags."""
    if raw or not instance.pk:
        return
    if update_fields is not None and not {"published_at", "slug", "url_path", "live"} & set(update_fields):
        return  # a draft revision's bookkeeping save: nothing readers see moves
    from toasoan.articles.models import ArticlePage, ArticleTag

    old = ArticlePage.objects.filter(pk=instance.pk).values(*REMEMBERED).first()
    if old is None or not old["live"]:
        return
    old.pop("live")
    tags = ArticleTag.objects.filter(content_object_id=instance.pk).values_list("tag__slug", flat=True)
    old["tag_slugs"] = list(tags)
    instance._delivery_before = old


def on_published(sender, instance, **kwargs) -> None:
    before = getattr(instance, "_delivery_before", None)
    instance._delivery_before = None
    purges.schedule(lambda: purges.published_purge(instance, before=before))


def on_unpublished(sender, instance, **kwargs) -> None:
    purges.schedule(lambda: purges.page_purge(instance))


def on_restriction_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """Privacy added, changed or removed: the next anonymous request must see it at once."""
    if raw:
        return
    page_id = instance.page_id
    purges.schedule(lambda: purges.privacy_purge(page_id))


def on_pre_move(sender, instance, **kwargs) -> None:
    moves = getattr(_moves, "before", None)
    if moves is None:
        moves = _moves.before = {}
    specific = instance.specific
    before = {name: getattr(specific, name, None) for name in REMEMBERED if name != "live"}
    if hasattr(specific, "tags"):
        before["tag_slugs"] = list(specific.tags.values_list("slug", flat=True))
    moves[instance.pk] = before


def on_post_move(sender, instance, **kwargs) -> None:
    before = (getattr(_moves, "before", None) or {}).pop(instance.pk, None)
    page = instance.specific
    if not page.live:
        return
    purges.schedule(lambda: purges.page_purge(page, before=before))


def on_pre_delete(sender, instance, **kwargs) -> None:
    if type(instance) is Page or not isinstance(instance, Page) or not instance.live:
        return  # the page's own type sends this signal too; drafts were never shown
    purges.schedule(purges.page_purge(instance))


#: Page fields a save may write alone without changing what readers see (drafts, edit locks).
BOOKKEEPING = frozenset(
    {"draft_title", "has_unpublished_changes", "latest_revision", "latest_revision_created_at", "locked",
     "locked_at", "locked_by"}
)  # fmt: skip


def on_content_saved(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    """A page, site, view restriction, tag or author written or deleted: a new content
    generation (fragments)."""
    if raw:
        return
    if update_fields is not None and set(update_fields) <= BOOKKEEPING:
        return
    if _structural(instance):
        fragments.bump_structure()
    else:
        fragments.bump()
        fragments.bump_scopes(*_scopes(instance))


def _scopes(instance) -> tuple[str, ...]:
    """The fragment scopes an article, a tag or an author shows in (fragments.cached `scopes`)."""
    from toasoan.articles.models import ArticleTag

    if isinstance(instance, Page):  # its section's lists, its own tags and authors, its translations
        scopes = (fragments.children_scope(instance.path[: -Page.steplen]),) if instance.path else ()
        return (*scopes, fragments.translations_scope(instance.translation_key))
    if isinstance(instance, ArticleTag):
        # One article's tag row (written with the article, which sets itself on it): only that
        # article shows it, so every article's tags need not be read again after each publish.
        article_field = ArticleTag._meta.get_field("content_object")
        article = (
            article_field.get_cached_value(instance, None) if article_field.is_cached(instance) else None
        )
        if getattr(article, "translation_key", None) is not None:
            return (fragments.translations_scope(article.translation_key),)
    return (fragments.TAXONOMY_SCOPE,)


def _structural(instance) -> bool:
    """Pages other than articles (home, sections), the Site, view restrictions and aliases shape
    every page (fragments.STRUCTURE_FRAGMENTS); an article, a tag or an author shows only where
    it is listed."""
    from toasoan.articles.models import Agency, ArticlePage, ArticleTag, Author, Tag

    if isinstance(instance, ArticlePage):
        return instance.alias_of_id is not None
    return not isinstance(instance, (Tag, ArticleTag, Author, Agency))


def on_content_changed(sender, kind: str, **details) -> None:
    """What the apps say changed besides Wagtail's pages (toasoan.cache.events)."""
    if kind == events.COMMENTS:
        purge = purges.Purge(content=False)
        for page in details.get("pages", ()):
            purge.merge(purges.article_page_purge(page))
    elif kind == events.CONTENT:
        purge = purges.content_purge(details.get("paths", ()), details.get("page_ids", ()))
    else:
        purge = purges.everything_purge()
    purges.execute(purge)  # sent after the commit (toasoan.cache.events)


def register() -> None:
    from toasoan.articles.models import ArticlePage

    pre_save.connect(remember_before, sender=ArticlePage, dispatch_uid="delivery.remember_before")
    page_published.connect(on_published, dispatch_uid="delivery.published")
    page_unpublished.connect(on_unpublished, dispatch_uid="delivery.unpublished")
    pre_page_move.connect(on_pre_move, dispatch_uid="delivery.pre_move")
    post_page_move.connect(on_post_move, dispatch_uid="delivery.post_move")
    pre_delete.connect(on_pre_delete, dispatch_uid="delivery.pre_delete")
    events.content_changed.connect(on_content_changed, dispatch_uid="delivery.content_changed")
    post_save.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="delivery.privacy_saved"
    )
    post_delete.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="delivery.privacy_deleted"
    )
    # By sender: a receiver for every model would cost each save a call and every bulk delete
    # its fast path.
    from wagtail.models import get_page_models

    from toasoan.articles.models import Agency, ArticleTag, Author, Tag

    for model in (*get_page_models(), Site, PageViewRestriction, Tag, ArticleTag, Author, Agency):
        label = model._meta.label_lower
        post_save.connect(on_content_saved, sender=model, dispatch_uid=f"delivery.content_saved.{label}")
        post_delete.connect(on_content_saved, sender=model, dispatch_uid=f"delivery.content_deleted.{label}")
