"""Tests: PostgreSQL by default (DATABASE_URL decides), fast hashing, files in a temp folder."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403
from .base import with_sqlite_options

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
DEBUG = False
DATABASES = {
    "default": with_sqlite_options(
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompensation")
        )
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kompensation-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = os.environ.get("AXES_ENABLED", "1") == "1"
ALLOWED_HOSTS = ["*"]
# Tasks run in the process, right when they are enqueued (after the commit that enqueues them).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
