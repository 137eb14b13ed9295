"""Keep the search index in step with what readers can see, as it changes.

* an article saved live (created, published, edited and republished) → indexed from the
  instance; a draft revision saves only bookkeeping fields and is ignored;
* published (``page_published``) → indexed again from the database, where modelcluster has
  by then written the tags and authors;
* unpublished, expired, deleted → removed (the row also goes with the page: foreign key);
* moved, or a view restriction added/removed above it → its articles re-indexed (section
  filter, public or not);
* a section renamed → its articles re-indexed (the section title is searched).

"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import SearchDocument
from .services import indexing

#: Saving any of these can change what the index holds for an article.
INDEXED_FIELDS = frozenset(
    {"title", "lead", "body", "published_at", "live", "expired", "byline", "path", "depth", "authors", "tags"}
)


def _article_model():
    from toasoan.articles.models import ArticlePage

    return ArticlePage


def _is_article(instance) -> bool:
    return isinstance(instance, _article_model())


def article_saved(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or not _is_article(instance):
        return
    if update_fields is not None and not INDEXED_FIELDS.intersection(update_fields):
        return  # save_revision(): the live page's content did not change
    indexing.index_article(instance)


def page_was_published(sender, instance, **kwargs) -> None:
    if _is_article(instance):
        indexing.index_pages([instance.pk])
    elif instance.specific_class is not None and instance.specific_class.__name__ == "SectionPage":
        section_renamed(instance)


def section_renamed(section: Page) -> None:
    stale = list(
        SearchDocument.objects.filter(section_id=section.pk)
        .exclude(section_title=section.title)
        .values_list("pk", flat=True)
    )
    if stale:
        indexing.index_pages(stale)


def page_was_unpublished(sender, instance, **kwargs) -> None:
    if _is_article(instance):
        indexing.remove_pages([instance.pk])


def article_deleted(sender, instance, **kwargs) -> None:
    if _is_article(instance):
        indexing.remove_pages([instance.pk])


def page_moved(sender, instance, **kwargs) -> None:
    indexing.reindex_subtree(instance)


def restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.reindex_subtree(page)


def register() -> None:
    uid = "toasoan.search."
    article = _article_model()
    post_save.connect(article_saved, sender=article, dispatch_uid=uid + "article_saved")
    post_delete.connect(article_deleted, sender=article, dispatch_uid=uid + "article_deleted")
    page_published.connect(page_was_published, dispatch_uid=uid + "page_published")
    page_unpublished.connect(page_was_unpublished, dispatch_uid=uid + "page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid=uid + "page_moved")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=uid + "restriction_saved")
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid=uid + "restriction_deleted"
    )
