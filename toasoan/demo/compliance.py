"""The demo's content pages say which required page each one is (`ContentPage.role`): the
compliance report finds them by role, since a slug can be renamed. Idempotent: a page already
carrying its role is left alone; one that lacks it gets a new published revision."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Page

from toasoan.sections.models import ContentPage, ContentRole

from . import pages

ROLES: dict[str, str] = {
    pages.INTRODUCTION.slug: ContentRole.INTRODUCTION,
    pages.DUTIES.slug: ContentRole.DUTIES,
    pages.CONTACT_SLUG: ContentRole.CONTACT,
    pages.POLICY_SLUG: ContentRole.PRIVACY,
    pages.ACCESSIBILITY_SLUG: ContentRole.ACCESSIBILITY,
}


def ensure_roles(home: Page, user: AbstractBaseUser | None) -> int:
    """Give the demo's content pages their roles; returns how many pages changed."""
    changed = 0
    for page in ContentPage.objects.child_of(home).filter(slug__in=ROLES):
        role = ROLES[page.slug]
        if page.role == role:
            continue
        page.role = role
        page.save_revision(user=user, log_action=True).publish(user=user)
        changed += 1
    return changed
