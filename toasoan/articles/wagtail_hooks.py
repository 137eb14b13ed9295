"""The authors' snippet, with a chooser searchable by name and pen name (admin_views)."""

from wagtail.snippets.models import register_snippet

from .admin_views import AuthorViewSet

register_snippet(AuthorViewSet)
