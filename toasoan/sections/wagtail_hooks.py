from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def vietnamese_slug_js() -> str:
    return format_html('<script src="{}"></script>', static("sections/admin/vietnamese-slug.js"))
