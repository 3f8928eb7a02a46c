"""Views: renewals."""

from __future__ import annotations
