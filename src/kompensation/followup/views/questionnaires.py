"""Views: questionnaires."""

from __future__ import annotations
