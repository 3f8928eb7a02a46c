"""Views: changes."""

from __future__ import annotations
