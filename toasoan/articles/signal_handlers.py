from __future__ import annotations

from django.db.models.signals import pre_save

from .services.normalization import normalize_instance

#: Apps whose models hold reader-facing text; their text is normalized on every save.
NORMALIZED_APPS = {"sections", "articles"}


def normalize_text_on_save(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or sender._meta.app_label not in NORMALIZED_APPS:
        return
    normalize_instance(instance)


def register() -> None:
    pre_save.connect(normalize_text_on_save, dispatch_uid="toasoan.articles.normalize_text")
