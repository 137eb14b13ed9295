"""bench/peer.py's settings: bench/settings.py (production's), plus a switch for "after a publish".

A request carrying `X-Peer-Cold` first bumps the content generation (toasoan.cache.fragments),
as every publish does, so it renders what the first reader after a publish renders. Nothing
else reads the header; these settings are never deployed.
"""

from bench.settings import *  # noqa: F403

COLD_HEADER = "HTTP_X_PEER_COLD"


class AfterPublishMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if COLD_HEADER in request.META:
            from toasoan.cache import fragments

            fragments.bump()
        return self.get_response(request)


MIDDLEWARE = ["bench.peer_settings.AfterPublishMiddleware", *MIDDLEWARE]  # noqa: F405
