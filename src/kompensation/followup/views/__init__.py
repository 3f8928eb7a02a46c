"""Thin views, one module per part of follow-up (see `services`)."""
