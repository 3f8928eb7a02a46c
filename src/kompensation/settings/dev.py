"""Local demo: SQLite, debug on, a secret key generated once into var/ (never committed)."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
VAR_DIR.mkdir(parents=True, exist_ok=True)
_key_file = VAR_DIR / "secret_key"
if not _key_file.exists():
    _key_file.write_text(secrets.token_urlsafe(50))
SECRET_KEY = _key_file.read_text().strip()
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Tasks run in the process, right when they are enqueued (after the commit that enqueues them).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
