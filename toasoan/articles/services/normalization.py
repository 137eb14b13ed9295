"""Every text field is stored normalized (NFC, no lookalike Ð, no invisible characters)."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.fields import StreamField

from toasoan import vntext

TEXT_FIELDS = (models.CharField, models.TextField)


def _normalize_value(value: Any) -> Any:
    if isinstance(value, str):
        return vntext.normalize(value)
    if isinstance(value, list):
        return [_normalize_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _normalize_value(item) for key, item in value.items()}
    return value


def normalize_instance(instance: models.Model) -> None:
    """Normalize every char/text field and every string inside StreamFields, in place."""
    for field in instance._meta.concrete_fields:
        if field.choices or field.name in {"path", "url_path", "content_type"}:
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(field, StreamField):
            if value is not None and hasattr(value, "raw_data"):
                raw = _normalize_value(list(value.raw_data))
                if raw != list(value.raw_data):
                    setattr(instance, field.attname, raw)
        elif isinstance(field, TEXT_FIELDS) and isinstance(value, str):
            setattr(instance, field.attname, vntext.normalize(value))
