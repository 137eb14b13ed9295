from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_views import POLICY, LinkGroupViewSet
from .models import LinkGroup

# Before the viewset, which would otherwise make a plain model policy of its own.
register_permission_policy(LinkGroup, POLICY, exact_class=True)
register_snippet(LinkGroupViewSet)
