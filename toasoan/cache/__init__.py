"""Caches that know no app of the portal: the page cache (whole anonymous responses), fragments
(parts of pages kept until the content changes), the file cache backend, and the content-changed
events every writer sends. Content, features and delivery import from here; this imports none of
them (docs/architecture.md)."""
