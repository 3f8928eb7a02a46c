"""What a register adapter raises when the register cannot answer (timeout, connection refused, 5xx)."""

from __future__ import annotations


class RegisterUnavailable(Exception):
    """The register did not answer; the caller decides whether to stop (a form) or go on (a control)."""


# A real adapter may let a socket timeout or a connection error through; callers treat them the same.
UNAVAILABLE: tuple[type[BaseException], ...] = (RegisterUnavailable, TimeoutError, ConnectionError)
