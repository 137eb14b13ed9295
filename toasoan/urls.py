from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from toasoan.discovery import urls as discovery_urls

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
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
