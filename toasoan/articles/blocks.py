"""The article body: what a Vietnamese portal article is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]
#: An article's text may also link a file of the documents library (Wagtail's serve view).
ARTICLE_PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"]

#: The registry's document page, named by its label: content never imports a feature.
LEGAL_DOCUMENT_PAGE = "legal.LegalDocumentPage"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    alt = blocks.CharBlock(
        label=_("Mô tả ảnh (alt)"),
        required=False,
        max_length=300,
        help_text=_("Cho người đọc không nhìn thấy ảnh; để trống sẽ dùng chú thích."),
    )
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("Nguồn ảnh / tác giả ảnh"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "components/blocks/image.html"


class PhotoNoteBlock(blocks.StructBlock):
    """A caption without its image: imports of old portals often keep only the caption line."""

    caption = blocks.CharBlock(label=_("Chú thích"), max_length=500)
    credit = blocks.CharBlock(label=_("Nguồn ảnh"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Chú thích ảnh (không có ảnh)")
        template = "components/blocks/photo_note.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Người phát biểu"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "components/blocks/quote.html"


class RegistryDocumentChooserBlock(blocks.PageChooserBlock):
    """A document of the registry. All the chosen ones of a body come in one query (after the one
    for view restrictions, with their files in a prefetch): only live, public ones; a draft or
    restricted one is left out."""

    def bulk_to_python(self, values):
        wanted = {value for value in values if value is not None}
        found = {}
        if wanted:
            model = self.target_model
            queryset = model.objects.live().public().filter(pk__in=wanted)
            prefetch = getattr(model, "chooser_prefetch", ())
            found = {page.pk: page for page in queryset.prefetch_related(*prefetch)}
        return [found.get(value) for value in values]


def file_size(document) -> int | None:
    """The size Wagtail stored at upload, else the storage's (a file imported by a script has
    none stored); never `get_file_size()`, which saves the document during a render."""
    if document.file_size:
        return document.file_size
    try:
        return document.file.size
    except OSError:
        return None


class FileBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tệp"))
    label = blocks.CharBlock(
        label=_("Nhãn"), required=False, max_length=200, help_text=_("Để trống sẽ dùng tên tệp.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Tệp")


class RelatedDocumentsBlock(blocks.StructBlock):
    """Văn bản liên quan: pages of the registry and/or files of the documents library."""

    heading = blocks.CharBlock(
        label=_("Tiêu đề"), required=False, max_length=120, help_text=_("Để trống: “Văn bản liên quan”.")
    )
    pages = blocks.ListBlock(
        RegistryDocumentChooserBlock(page_type=LEGAL_DOCUMENT_PAGE, label=_("Văn bản")),
        label=_("Văn bản trong danh mục"),
        default=[],
    )
    files = blocks.ListBlock(FileBlock(), label=_("Tệp đính kèm"), default=[])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # A chosen document since unpublished, restricted or deleted comes back as None.
        context["chosen_pages"] = [page for page in value["pages"] if page is not None]
        context["chosen_files"] = [
            {
                "url": item["document"].url,
                "label": item["label"] or item["document"].title,
                "type": item["document"].file_extension.upper(),
                "size": file_size(item["document"]),
            }
            for item in value["files"]
            if item["document"] is not None
        ]
        return context

    class Meta:
        icon = "doc-full-inverse"
        label = _("Văn bản liên quan")
        template = "components/blocks/related_documents.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=ARTICLE_PARAGRAPH_FEATURES, label=_("Đoạn văn"), template="components/blocks/paragraph.html"
    )
    image = ImageBlock()
    photo_note = PhotoNoteBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Nhúng (video, mạng xã hội)"), template="components/blocks/embed.html")
    documents = RelatedDocumentsBlock()
