"""The body of a content page: the article's paragraphs, pictures and quotes, without the news
parts (a caption without its picture, embeds), which an introduction or a policy has no use for."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from toasoan.articles.blocks import ImageBlock, QuoteBlock

#: The article's paragraph features, named here so a change to the article's list needs no
#: migration of these pages.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"]


class ContentBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label=_("Đoạn văn"), template="components/blocks/paragraph.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
