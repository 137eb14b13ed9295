"""Signals of the importer.

``articles_imported`` is sent once per batch of articles created in bulk, after the batch's
transaction has committed, with ``pages`` (the new ArticlePage objects, live).  A bulk
write sends no ``page_published`` per page (that would cost each receiver's per-page work,
tens of milliseconds, times tens of thousands of pages); receivers that keep something in
step with published pages (a search index, a cache) connect here to do it once per batch.
"""

from django.dispatch import Signal

articles_imported = Signal()
