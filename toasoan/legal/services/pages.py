"""What the registry's pages show: the list with its filters, the JSON listing, one document."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from toasoan.articles.services.listing import restricted
from toasoan.sections.addresses import absolute_url

from ..forms import FilterForm
from ..models import DocumentRelation, LegalDocumentPage, LegalIndexPage, Status
from . import drafts, files, listing, status

BADGES = {
    Status.IN_FORCE: "in-force",
    Status.NOT_YET: "not-yet",
    Status.EXPIRED: "expired",
    Status.REPLACED: "replaced",
    Status.PARTLY: "partly",
}


def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else ""


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get(listing.PAGE_PARAM, "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def filtered(index: LegalIndexPage, request: HttpRequest):
    """(form, the page of documents, the filters' query string without the page number)."""
    issuers, topics = listing.filter_choices()
    form = FilterForm(request.GET or None, issuers=issuers, topics=topics)
    filters = form.valid_filters() if request.GET else {}
    queryset = listing.apply_filters(listing.documents(index), filters)
    page = Paginator(queryset, listing.PAGE_SIZE).get_page(_page_number(request))
    kept = [
        (name, value)
        for name, value in request.GET.items()
        if name != listing.PAGE_PARAM and name in form.fields
    ]
    return form, page, urlencode(kept)


def decorate(document: LegalDocumentPage) -> LegalDocumentPage:
    """Status label and badge for templates, from the listing's `status` annotation."""
    document.status_label = status_label(document.status)
    document.status_badge = BADGES.get(document.status, "")
    for attachment in document.attachments.all():
        attachment.size_label = files.human_size(attachment.file_size)
    return document


def index_response(index: LegalIndexPage, request: HttpRequest) -> TemplateResponse:
    form, page, query_string = filtered(index, request)
    for document in page.object_list:
        decorate(document)
    return index.render(
        request,
        context_overrides={
            "form": form,
            "filter_messages": form.messages() if request.GET else [],
            "documents": page,
            "query_string": query_string,
            "page_param": listing.PAGE_PARAM,
            "filtered": bool(request.GET.keys() - {listing.PAGE_PARAM}),
            **drafts.index_context(index),
        },
    )


def document_url(request: HttpRequest, document: LegalDocumentPage) -> str:
    return absolute_url(request, document.get_url(request))


def files_json(request: HttpRequest, document: LegalDocumentPage) -> list[dict]:
    return [
        {
            "label": attachment.display_label,
            "type": attachment.file_type,
            "size": attachment.file_size,
            "url": absolute_url(request, attachment.document.url),
        }
        for attachment in document.attachments.all()
    ]


def _iso(day) -> str | None:
    return day.isoformat() if day else None


#: Vietnamese written as it is (not \u escapes), and said to be UTF-8 for clients that do not assume it.
JSON_OPTIONS = {"ensure_ascii": False}
JSON_TYPE = "application/json; charset=utf-8"


def json_response(index: LegalIndexPage, request: HttpRequest) -> JsonResponse:
    form, page, _query = filtered(index, request)
    if request.GET and form.messages():
        return JsonResponse(
            {"errors": form.messages()}, status=400, json_dumps_params=JSON_OPTIONS, content_type=JSON_TYPE
        )
    results = [
        {
            "number": document.number,
            "type": document.document_type,
            "issuer": document.issuer.name,
            "signer": document.signer,
            "issued": _iso(document.issued_date),
            "effective": _iso(document.effective_date or document.issued_date),
            "expires": _iso(document.expiry_date),
            "status": document.status,
            "summary": document.title,
            "url": document_url(request, document),
            "files": files_json(request, document),
        }
        for document in page.object_list
    ]
    return JsonResponse(
        {"count": page.paginator.count, "results": results},
        json_dumps_params=JSON_OPTIONS,
        content_type=JSON_TYPE,
    )


def document_context(document: LegalDocumentPage, request: HttpRequest) -> dict:
    """Files, relations both ways (live documents only) and the status today: four queries."""
    inverse = list(status.live_inverse_relations(document))
    outgoing = list(
        DocumentRelation.objects.filter(source=document, target__live=True)
        .exclude(restricted("target__path"))
        .select_related("target", "target__issuer")
        .order_by("sort_order", "pk")
    )
    attachments = list(listing.attachments_prefetch().queryset.filter(page=document))
    current = status.status_at(document, inverse=inverse)
    for attachment in attachments:
        attachment.size_label = files.human_size(attachment.file_size)
    return {
        "status": current,
        "status_label": str(current.label),
        "status_badge": BADGES[current],
        "attachments": attachments,
        "relations": outgoing,
        "inverse_relations": inverse,
        "index_page": document.get_parent(),
    }
