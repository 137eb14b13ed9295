"""The article body: what a Vietnamese portal article is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


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


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label=_("Đoạn văn"), template="components/blocks/paragraph.html"
    )
    image = ImageBlock()
    photo_note = PhotoNoteBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Nhúng (video, mạng xã hội)"), template="components/blocks/embed.html")
