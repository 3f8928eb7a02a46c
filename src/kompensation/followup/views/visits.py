"""Views: visits."""

from __future__ import annotations
