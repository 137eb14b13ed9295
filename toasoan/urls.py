from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from toasoan import views
from toasoan.discovery import urls as discovery_urls
from toasoan.discovery import views as discovery_views
from toasoan.nukeviet import views as nukeviet_views
from toasoan.sections import views as sections_views

# Error pages in Vietnamese that show nothing of the failure (toasoan/views.py, docs/security.md).
handler400 = "toasoan.views.bad_request"
handler403 = "toasoan.views.permission_denied"
handler404 = "toasoan.views.page_not_found"
handler500 = "toasoan.views.server_error"

urlpatterns = [
    # Two-factor pages sit under /admin/ (the admin's policy and cookies) but outside Wagtail's
    # own URLs, which would demand the verification they provide.
    path("admin/tai-khoan/", include("toasoan.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(discovery_urls)),
    path("", include("toasoan.search.urls")),
    path("binh-luan/", include("toasoan.comments.urls")),
    path("luot-xem/", include("toasoan.analytics.urls")),
    path("dong-su-kien/", include("toasoan.editorial.urls")),
    # A portal's colour (docs/portals.md): the address names it, so it is kept for good.
    re_path(
        r"^giao-dien/(?P<colour>[0-9a-f]{6})\.css$",
        sections_views.portal_stylesheet,
        name="portal_stylesheet",
    ),
    # A moved NukeViet portal's old addresses (docs/migration.md); no page here has these shapes.
    re_path(r"^(?:vi|index\.php)(?:/.*)?$", nukeviet_views.legacy, name="nukeviet_legacy"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Vietnamese pages keep their unprefixed URLs; their English translations are served under /en/.
# Wagtail's own patterns, with its page view routed from the home of the request's language.
urlpatterns += i18n_patterns(
    # `/en/sitemap.xml`: the English pages (the unprefixed one is discovery's, above).
    path("sitemap.xml", discovery_views.sitemap, name="localized_sitemap"),
    re_path(wagtail_urls.serve_pattern, views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
