"""bench/peer.py's settings: bench/settings.py (production's), plus a switch for "after a publish".

A request carrying `X-Peer-Cold` first does what a publish does to the fragments
(toasoan.cache.fragments), so it renders what the first reader after a publish renders:
`X-Peer-Cold: 1` moves the content generation, as a publish elsewhere on the site does (a page
that expired from the page cache meanwhile); `X-Peer-Cold: section` also moves the scope of the
page's section, as a publish in the same section does (the page was purged by it: its newer and
older lists changed). Nothing else reads the header; these settings are never deployed.
"""

from bench.settings import *  # noqa: F403

COLD_HEADER = "HTTP_X_PEER_COLD"


class AfterPublishMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        cold = request.META.get(COLD_HEADER)
        if cold:
            from toasoan.cache import fragments

            fragments.bump()
            if cold == "section":
                fragments.bump_scopes(fragments.children_scope(_parent_path(request.path)))
        return self.get_response(request)


_parents: dict[str, str] = {}


def _parent_path(path: str) -> str:
    """The tree path of the section of the page at `path` (looked up once per path)."""
    if path not in _parents:
        from wagtail.models import Page

        page = Page.objects.filter(url_path__endswith=path).order_by("depth").first()
        _parents[path] = page.path[: -Page.steplen] if page is not None else ""
    return _parents[path]


MIDDLEWARE = ["bench.peer_settings.AfterPublishMiddleware", *MIDDLEWARE]  # noqa: F405
