from django.db import migrations

# A month of a BPA or cash-allowance plan, and an aid's price, is paid once: the period exclusion that binds
# assistance requests binds every kind paid by period, that is every kind but interpreting (whose sessions
# have their own exclusion, migration 0008). SQLite's trigger lives in `payments.sqlite_guards`.
LIVE = "('submitted', 'approved', 'paid')"


def _exclusion(where: str) -> list[str]:
    return [
        "ALTER TABLE payments_paymentrequest DROP CONSTRAINT payment_request_no_overlap",
        "ALTER TABLE payments_paymentrequest ADD CONSTRAINT payment_request_no_overlap EXCLUDE USING gist "
        "(grant_id WITH =, daterange(period_start, period_end, '[]') WITH &&) "
        f"WHERE (status IN {LIVE} AND {where})",
    ]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("payments", "0010_social_payees")]

    operations = [
        migrations.RunPython(
            _run(_exclusion("kind <> 'interpreting'")), _run(_exclusion("kind = 'assistance'"))
        )
    ]
