"""Local demo: SQLite, a secret key generated once into var/ (never committed).

The demo shows what the product shows: DEBUG is off, so a missing page is the project's own 404 page and
an error its own 500 page, never Django's debug pages. `DJANGO_DEBUG=1 make demo` switches debug on for a
developer. WhiteNoise serves the static files straight from the apps (no collectstatic needed).
"""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)  # STATIC_ROOT; WhiteNoise warns when it is missing
_key_file = VAR_DIR / "secret_key"
if not _key_file.exists():
    _key_file.write_text(secrets.token_urlsafe(50))
SECRET_KEY = _key_file.read_text().strip()
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Tasks run in the process, right when they are enqueued (after the commit that enqueues them).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
