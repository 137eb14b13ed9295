"""Local development and `make demo`: debug on, a throwaway secret, SQLite by default."""

from .base import *
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# A dev-only key; production refuses to start without its own SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
