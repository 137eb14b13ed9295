from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save

from .services.normalization import normalize_instance

#: Apps whose models hold reader-facing text; their text is normalized on every save.
NORMALIZED_APPS = {"sections", "articles"}


def normalize_text_on_save(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or sender._meta.app_label not in NORMALIZED_APPS:
        return
    normalize_instance(instance)


def delete_republished(sender, instance, **kwargs) -> None:
    """An article deleted takes its republished copies with it (services.republish): Wagtail would
    keep each alias as a plain copy (its `alias_of` set to null), an article nobody edits any more."""
    from toasoan.cache import fragments

    from .models import ArticlePage

    if instance.pk is None or instance.alias_of_id is not None:
        return
    _, alias_paths = fragments.cached("restrictions", (), fragments._restricted_paths)
    if not alias_paths:  # no alias anywhere: a section of 14,000 articles deleted costs no query more
        return
    for alias in ArticlePage.objects.filter(alias_of_id=instance.pk):
        alias.delete()


def register() -> None:
    from .models import ArticlePage

    pre_save.connect(normalize_text_on_save, dispatch_uid="toasoan.articles.normalize_text")
    pre_delete.connect(
        delete_republished, sender=ArticlePage, dispatch_uid="toasoan.articles.delete_republished"
    )
