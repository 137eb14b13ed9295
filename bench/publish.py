"""Publish articles during the soak, as an editor would: one JSON line per publish on stdout.

python bench/publish.py COUNT INTERVAL_SECONDS   (bench/run.py sets the environment)
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid

import django


def main() -> int:
    count, interval = int(sys.argv[1]), float(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.utils import timezone

    from toasoan.articles.models import ArticlePage
    from toasoan.sections.models import SectionPage

    sections = list(SectionPage.objects.live().filter(depth=3).order_by("path"))
    run = uuid.uuid4().hex[:6]
    for number in range(count):
        time.sleep(interval)
        section = sections[number % len(sections)]
        title = f"Tin soak {run} số {number + 1}"
        article = section.add_child(
            instance=ArticlePage(
                title=title,
                published_at=timezone.now(),
                lead="Bài đăng trong lúc đo tải.",
                body=[("paragraph", "<p>Nội dung bài đăng trong lúc đo tải.</p>")],
                live=False,
            )
        )
        started = time.time()
        article.save_revision().publish()
        print(
            json.dumps(
                {"title": title, "url": article.url, "published": time.time(), "took": time.time() - started}
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
