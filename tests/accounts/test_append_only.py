"""Case events and the access log cannot be changed or deleted, not even by SQL that bypasses the models."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from kompensation.accounts.models import AccessLog
from kompensation.accounts.services import access_log_record
from kompensation.cases.models import CaseEvent
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"),
]

REFUSED = "kan kun tilføjes rækker"


@pytest.fixture
def rows(opened_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    """One case event and one access-log row, with the table each lives in."""
    log = access_log_record(
        user=herning_caseworker,
        action=AccessLog.Action.VIEW,
        person_id=opened_case.person_id,
        case_id=opened_case.pk,
        object_repr="Sag",
    )
    event = opened_case.events.first()
    return {
        "cases_caseevent": (CaseEvent, event.pk, "type", event.type),
        "accounts_accesslog": (AccessLog, log.pk, "action", log.action),
    }


def _raw(sql: str, params: list[Any]) -> None:
    # atomic(): the refused statement rolls back to a savepoint, so the test's transaction lives on.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("table", ["cases_caseevent", "accounts_accesslog"])
def test_raw_update_and_delete_are_refused(rows: dict[str, Any], table: str) -> None:
    model, pk, column, value = rows[table]
    with pytest.raises(DatabaseError, match=REFUSED):
        _raw(f"UPDATE {table} SET {column} = %s WHERE id = %s", ["ændret", pk])  # noqa: S608
    with pytest.raises(DatabaseError, match=REFUSED):
        _raw(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
    assert model.objects.filter(pk=pk).values_list(column, flat=True).get() == value


@pytest.mark.parametrize("table", ["cases_caseevent", "accounts_accesslog"])
def test_queryset_update_and_delete_are_refused(rows: dict[str, Any], table: str) -> None:
    """`QuerySet.update()`/`.delete()` skip the models' save() and delete(); the trigger still holds."""
    model, pk, column, value = rows[table]
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        model.objects.filter(pk=pk).update(**{column: "ændret"})
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        model.objects.filter(pk=pk).delete()
    assert model.objects.filter(pk=pk).values_list(column, flat=True).get() == value


def test_inserts_still_work(rows: dict[str, Any], opened_case: Any) -> None:
    before = AccessLog.objects.count(), CaseEvent.objects.count()
    user = factories.caseworker("657")
    access_log_record(user=user, action=AccessLog.Action.HEALTH, person_id=opened_case.person_id)
    CaseEvent.objects.create(case=opened_case, type="case_opened", actor=user, at=opened_case.created_at)
    assert (AccessLog.objects.count(), CaseEvent.objects.count()) == (before[0] + 1, before[1] + 1)


def test_truncate_still_empties_the_tables(rows: dict[str, Any]) -> None:
    """Row triggers do not fire on TRUNCATE: the test runner's flush and a deliberate wipe still work."""
    # The rows were inserted in this same transaction: check their deferred foreign keys first, as a
    # commit would, since PostgreSQL will not truncate a table with checks still pending.
    _raw("SET CONSTRAINTS ALL IMMEDIATE", [])
    _raw("TRUNCATE accounts_accesslog, cases_caseevent", [])
    assert AccessLog.objects.count() == 0 and CaseEvent.objects.count() == 0


# serialized_rollback, like the other transactional test: the migrated rows (municipalities, content types)
# are restored before and the flush after leaves no re-created content types to collide with theirs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_transactional_teardown_flushes_despite_the_triggers(opened_case: Any) -> None:
    """This test commits rows; pytest-django then flushes (TRUNCATE) the tables, which must not fail."""
    assert CaseEvent.objects.filter(case=opened_case).exists()
