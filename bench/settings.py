"""Benchmark settings: production's, with the view beacon routed (bench/urls.py) whatever the
state of toasoan/urls.py. Everything else comes from the environment bench/run.py sets."""

from toasoan.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
