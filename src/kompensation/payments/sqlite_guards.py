"""SQLite's half of «no two live requests paid by period (every kind but interpreting) for one grant cover the
same day» and «no two paid sessions of one interpreter overlap».

PostgreSQL keeps its exclusion constraint (migration 0002) through any later schema change. SQLite has no
exclusion constraints, so triggers stand in — and Django rebuilds an SQLite table for many schema changes,
dropping its triggers. They are therefore (re)created after every migrate, idempotently.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

_CHECK = (
    "SELECT RAISE(ABORT, 'payment_request_no_overlap') "
    "WHERE NEW.status IN ('submitted', 'approved', 'paid') AND NEW.kind <> 'interpreting' AND EXISTS ("
    "SELECT 1 FROM payments_paymentrequest o WHERE o.grant_id = NEW.grant_id AND o.id != NEW.id "
    "AND o.status IN ('submitted', 'approved', 'paid') AND o.kind <> 'interpreting' "
    "AND o.period_start <= NEW.period_end AND o.period_end >= NEW.period_start)"
)
_SESSION_CHECK = (
    "SELECT RAISE(ABORT, 'paid_session_no_overlap') WHERE EXISTS ("
    "SELECT 1 FROM payments_paidsession o WHERE o.interpreter_id = NEW.interpreter_id AND o.id != NEW.id "
    "AND o.starts_at < NEW.ends_at AND o.ends_at > NEW.starts_at)"
)
# Earlier versions of the request triggers checked every kind; they are replaced, not kept beside.
_DROP_OLD = [
    "DROP TRIGGER IF EXISTS payment_request_no_overlap_insert",
    "DROP TRIGGER IF EXISTS payment_request_no_overlap_update",
]
TRIGGERS = [
    *_DROP_OLD,
    "CREATE TRIGGER IF NOT EXISTS payment_request_no_overlap_insert "
    f"BEFORE INSERT ON payments_paymentrequest BEGIN {_CHECK}; END",
    "CREATE TRIGGER IF NOT EXISTS payment_request_no_overlap_update "
    f"BEFORE UPDATE ON payments_paymentrequest BEGIN {_CHECK}; END",
    "CREATE TRIGGER IF NOT EXISTS paid_session_no_overlap_insert "
    f"BEFORE INSERT ON payments_paidsession BEGIN {_SESSION_CHECK}; END",
    "CREATE TRIGGER IF NOT EXISTS paid_session_no_overlap_update "
    f"BEFORE UPDATE ON payments_paidsession BEGIN {_SESSION_CHECK}; END",
]


def ensure_sqlite_triggers(*, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in TRIGGERS:
            cursor.execute(statement)
