"""Digital Post adapter: a short message to a citizen, by CPR, in their Digital Post (e-Boks / mit.dk).

The offline implementation keeps what was sent in `OfflineDigitalPost.outbox` (like Django's mail.outbox)
and logs it, so demo and tests see every message; the real service replaces it by configuration
(`KOMPENSATION_DIGITAL_POST`, a dotted path to a class with `send`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigitalPostMessage:
    cpr: str
    subject: str
    body: str


class DigitalPost(Protocol):
    def send(self, message: DigitalPostMessage) -> None: ...


class OfflineDigitalPost:
    """Offline adapter: nothing leaves the machine; the message is kept in memory and logged."""

    outbox: ClassVar[list[DigitalPostMessage]] = []

    def send(self, message: DigitalPostMessage) -> None:
        self.outbox.append(message)
        # The CPR number is never logged in full: the birth date part only.
        logger.info("Digital Post (offline) til %s-xxxx: %s", message.cpr[:6], message.subject)


def digital_post() -> DigitalPost:
    path = getattr(
        settings, "KOMPENSATION_DIGITAL_POST", "kompensation.registers.digital_post.OfflineDigitalPost"
    )
    adapter: DigitalPost = import_string(path)()
    return adapter
