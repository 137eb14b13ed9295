"""The kinds of check the checklist names (`kind` in checklist.toml), each a typed function.

Other apps' content is found by model label (`django.apps.apps.get_model`), never imported: the
report reads whatever the portal has installed, and an absent app is a clear "không đạt". Pages
count only when live and public; requests go to the portal in-process, at the configured Site's
address (never a request's Host).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode, urlsplit

from defusedxml import ElementTree
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q
from django.test import Client
from django.utils import timezone

from toasoan import vntext
from toasoan.operations.services import backup

logger = logging.getLogger(__name__)

#: Addresses of a development machine: HTTPS does not apply there.
DEVELOPMENT_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
OPEN_STATUSES = ("moi", "dang_xu_ly")
ANSWERED = "da_tra_loi"


class Status(StrEnum):
    PASSED = "dat"
    FAILED = "khong_dat"
    NOT_APPLICABLE = "khong_ap_dung"

    @property
    def label(self) -> str:
        return {"dat": "đạt", "khong_dat": "không đạt", "khong_ap_dung": "không áp dụng"}[self.value]


@dataclass(frozen=True)
class Result:
    status: Status
    detail: str


def passed(detail: str) -> Result:
    return Result(Status.PASSED, detail)


def failed(detail: str) -> Result:
    return Result(Status.FAILED, detail)


@dataclass
class Portal:
    """The portal being checked: its Site, the Site's address, and a client that asks it."""

    site: Any
    now: datetime = field(default_factory=timezone.now)
    _client: Client | None = None

    @property
    def address(self) -> str:
        return self.site.root_url

    @property
    def root(self):
        return self.site.root_page

    def get(self, path: str):
        """GET `path` from the portal as a reader at the Site's address would."""
        if self._client is None:
            parts = urlsplit(self.address)
            self._client = Client(
                headers={"host": parts.netloc}, raise_request_exception=False, enforce_csrf_checks=True
            )
            self._secure = parts.scheme == "https"
        return self._client.get(path, secure=self._secure)

    def pages(self, model):
        """Live, public pages of `model` in this portal."""
        return model.objects.live().public().descendant_of(self.root, inclusive=True)


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _is_page(model) -> bool:
    page = apps.get_model("wagtailcore.Page")
    return issubclass(model, page)


def _path(portal: Portal, page) -> str:
    return page.relative_url(portal.site) or page.url_path


def check_page(portal: Portal, params: dict[str, Any]) -> Result:
    """A live public page of `model` exists, with at least `min_children` items under it."""
    model = _model(params["model"])
    if model is None:
        missing = params.get("missing") or f"chưa cài chức năng {params['model']}"
        return failed(missing[:1].upper() + missing[1:] + ".")
    page = portal.pages(model).order_by("path").first()
    name = str(model._meta.verbose_name)
    if page is None:
        return failed(f"Chưa có trang “{name}” đang đăng công khai.")
    minimum = int(params.get("min_children", 0))
    count = _children(portal, page, model, params.get("children"))
    if count < minimum:
        return failed(f"Trang “{page.title}” có {count} mục, cần ít nhất {minimum}.")
    return passed(f"Trang “{page.title}” ({_path(portal, page)}), {count} mục.")


def _children(portal: Portal, page, model, label: str | None) -> int:
    if not label:
        return page.get_children().live().public().count()
    child = _model(label)
    if child is None:
        return 0
    if _is_page(child):
        return child.objects.live().public().descendant_of(page).count()
    # Items kept as rows (an inline list): those whose key points at the page.
    for relation in child._meta.get_fields():
        target = getattr(relation, "related_model", None)
        if relation.many_to_one and target is not None and issubclass(model, target):
            return child.objects.filter(**{relation.name: page.pk}).count()
    return child.objects.count()


def check_content_role(portal: Portal, params: dict[str, Any]) -> Result:
    """A live public content page with this `role`, with some text."""
    model = _model(params.get("model", "sections.ContentPage"))
    role = params["role"]
    if model is None:
        return failed("Chưa có loại trang nội dung.")
    try:
        field_ = model._meta.get_field("role")
    except FieldDoesNotExist:
        return failed("Trang nội dung chưa có trường “Vai trò của trang”.")
    label = dict(field_.choices).get(role, role)
    page = portal.pages(model).filter(role=role).order_by("path").first()
    if page is None:
        return failed(f"Chưa có trang nội dung đang đăng công khai với vai trò “{label}”.")
    if not (len(page.body) or (page.lead or "").strip()):
        return failed(f"Trang “{page.title}” ({_path(portal, page)}) chưa có nội dung.")
    return passed(f"Trang “{page.title}” ({_path(portal, page)}).")


def check_english_pages(portal: Portal, params: dict[str, Any]) -> Result:
    """Live public pages whose locale is English (Wagtail's `Locale`)."""
    language = params.get("language", "en")
    minimum = int(params.get("min_pages", 1))
    locale = apps.get_model("wagtailcore.Locale").objects.filter(language_code__iexact=language).first()
    if locale is None:
        return failed(
            f"Chưa có trang tiếng Anh: cổng chưa có ngôn ngữ “{language}” (Locale) nên chưa đăng được "
            "trang nào bằng tiếng Anh."
        )
    page_model = apps.get_model("wagtailcore.Page")
    # The portal's English home is a translation of its home: its pages are this portal's.
    homes = page_model.objects.filter(translation_key=portal.root.translation_key, locale=locale)
    tree = Q(pk__in=[])
    for path in homes.values_list("path", flat=True):
        tree |= Q(path__startswith=path)
    count = page_model.objects.live().public().filter(tree, locale=locale).count()
    if count < minimum:
        return failed(f"Chưa có trang tiếng Anh đang đăng công khai (có {count}, cần ít nhất {minimum}).")
    return passed(f"{count} trang tiếng Anh đang đăng công khai.")


def _newest_article(portal: Portal, params: dict[str, Any]):
    model = _model(params.get("model", "articles.ArticlePage"))
    if model is None:
        return None
    return portal.pages(model).defer_streamfields().order_by("-first_published_at", "-pk").first()


def check_search(portal: Portal, params: dict[str, Any]) -> Result:
    """The site search answers, and finds the newest article by its title."""
    article = _newest_article(portal, params)
    if article is None:
        return failed("Chưa có bài viết đang đăng để thử tìm kiếm.")
    path = params.get("path", "/tim-kiem/")
    response = portal.get(f"{path}?{urlencode({'q': article.title})}")
    if response.status_code != 200:
        return failed(f"Trang tìm kiếm {path} trả lời mã {response.status_code}.")
    if _path(portal, article) not in response.content.decode("utf-8", "replace"):
        return failed(f"Tìm “{article.title}” không thấy bài viết đó.")
    return passed(f"Tìm “{article.title}” thấy bài viết ({path}).")


def _xml(response):
    # defusedxml (installed with Wagtail's image library): entities and DTDs refused, whatever answered.
    try:
        return ElementTree.fromstring(response.content)
    except ElementTree.ParseError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_rss(portal: Portal, params: dict[str, Any]) -> Result:
    """The RSS feed answers valid XML with at least `min_items` items."""
    path = params.get("path", "/rss/")
    response = portal.get(path)
    if response.status_code != 200:
        return failed(f"Tin RSS {path} trả lời mã {response.status_code}.")
    root = _xml(response)
    if root is None:
        return failed(f"Tin RSS {path} không phải XML hợp lệ.")
    items = sum(1 for element in root.iter() if _local(element.tag) == "item")
    minimum = int(params.get("min_items", 1))
    if items < minimum:
        return failed(f"Tin RSS {path} có {items} tin, cần ít nhất {minimum}.")
    return passed(f"Tin RSS {path}: XML hợp lệ, {items} tin.")


def check_sitemap(portal: Portal, params: dict[str, Any]) -> Result:
    """The sitemap answers valid XML with at least `min_entries` addresses."""
    path = params.get("path", "/sitemap.xml")
    response = portal.get(path)
    if response.status_code != 200:
        return failed(f"Sơ đồ trang {path} trả lời mã {response.status_code}.")
    root = _xml(response)
    if root is None:
        return failed(f"Sơ đồ trang {path} không phải XML hợp lệ.")
    entries = sum(1 for element in root.iter() if _local(element.tag) in {"url", "sitemap"})
    minimum = int(params.get("min_entries", 1))
    if entries < minimum:
        return failed(f"Sơ đồ trang {path} có {entries} địa chỉ, cần ít nhất {minimum}.")
    return passed(f"Sơ đồ trang {path}: XML hợp lệ, {entries} địa chỉ.")


def check_print_view(portal: Portal, params: dict[str, Any]) -> Result:
    """The newest article's print (and save) views answer."""
    article = _newest_article(portal, params)
    if article is None:
        return failed("Chưa có bài viết đang đăng để thử bản in.")
    base = _path(portal, article)
    answered = []
    for route in params.get("routes", ["in/"]):
        response = portal.get(base + route)
        if response.status_code != 200:
            return failed(f"{base}{route} trả lời mã {response.status_code}.")
        answered.append(base + route)
    return passed("Bản in, bản lưu: " + ", ".join(answered) + ".")


def check_https_hsts(portal: Portal, params: dict[str, Any]) -> Result:
    """The Site's configured address is https and HSTS is on; not applicable on a development address."""
    parts = urlsplit(portal.address)
    if (parts.hostname or "") in DEVELOPMENT_HOSTS:
        return Result(
            Status.NOT_APPLICABLE,
            f"Địa chỉ {portal.address} là địa chỉ máy phát triển; HTTPS được kiểm tra trên địa chỉ thật.",
        )
    if parts.scheme != "https":
        return failed(f"Địa chỉ của cổng là {portal.address}: chưa dùng HTTPS.")
    seconds = int(getattr(settings, "SECURE_HSTS_SECONDS", 0) or 0)
    if seconds <= 0:
        return failed("Cổng dùng HTTPS nhưng chưa bật HSTS (SECURE_HSTS_SECONDS = 0).")
    return passed(f"{portal.address}, HSTS {seconds // 86400} ngày.")


def check_backup(portal: Portal, params: dict[str, Any]) -> Result:
    """The newest complete backup in BACKUP_DIR is younger than `max_age_hours`."""
    folder = backup.backup_dir()
    found = backup.list_backups(folder)
    if not found:
        return failed(f"Chưa có bản sao lưu nào trong {folder} (chạy manage.py backup).")
    try:
        manifest = backup.Manifest.read(found[-1])
        taken = datetime.strptime(manifest.created_at, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except (backup.BackupError, ValueError) as error:
        return failed(f"Bản sao lưu mới nhất {found[-1].name} không đọc được: {error}.")
    hours = float(params.get("max_age_hours", 36))
    age = portal.now - taken
    when = vntext.format_datetime(taken)
    if age > timedelta(hours=hours):
        return failed(f"Bản sao lưu mới nhất lúc {when}, cũ hơn {hours:g} giờ.")
    return passed(f"Bản sao lưu mới nhất lúc {when} ({found[-1].name}).")


def check_question_delays(portal: Portal, params: dict[str, Any]) -> Result:
    """Answered questions: the share answered by their due day; open questions past due."""
    model = _model(params.get("model", "questions.Question"))
    if model is None:
        return failed("Chưa có chức năng hỏi đáp.")
    today = timezone.localdate(portal.now)
    # A question belongs to the portal whose question page received it.
    counts = model.objects.filter(index__path__startswith=portal.root.path).aggregate(
        answered=Count("pk", filter=Q(status=ANSWERED)),
        on_time=Count("pk", filter=Q(status=ANSWERED, answered_at__date__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
    )
    answered, on_time, overdue = counts["answered"], counts["on_time"], counts["overdue"]
    share = on_time / answered if answered else 1.0
    summary = (
        f"{on_time}/{answered} câu trả lời đúng hạn ({share:.0%}), {overdue} câu hỏi chưa trả lời đã quá hạn."
        if answered
        else f"Chưa có câu hỏi nào đã trả lời; {overdue} câu hỏi chưa trả lời đã quá hạn."
    )
    minimum = float(params.get("min_on_time_share", 0.8))
    if share < minimum or overdue > int(params.get("max_overdue", 0)):
        return failed(summary)
    return passed(summary)


KINDS: dict[str, Callable[[Portal, dict[str, Any]], Result]] = {
    "page": check_page,
    "content_role": check_content_role,
    "english_pages": check_english_pages,
    "search": check_search,
    "rss": check_rss,
    "sitemap": check_sitemap,
    "print_view": check_print_view,
    "https_hsts": check_https_hsts,
    "backup": check_backup,
    "question_delays": check_question_delays,
}
