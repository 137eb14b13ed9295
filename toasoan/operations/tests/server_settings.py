"""Production settings for the app servers the operations tests start, with one difference: static
files come from the apps' folders (no collectstatic in tests, so no manifest to look names up in)."""

from toasoan.settings.production import *  # noqa: F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
