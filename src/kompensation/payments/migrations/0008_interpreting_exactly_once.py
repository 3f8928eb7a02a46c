from django.db import migrations

# Interpreting invoices cover periods that may overlap (two agencies, one month); what must never be paid
# twice is a session. So the period exclusion of migration 0002 now binds assistance requests only, and a
# paid session excludes any other paid session of the same interpreter that overlaps it in time — for any
# user, in any municipality. SQLite's triggers for both live in `payments.sqlite_guards`.
LIVE = "('submitted', 'approved', 'paid')"
POSTGRES = [
    "ALTER TABLE payments_paymentrequest DROP CONSTRAINT payment_request_no_overlap",
    "ALTER TABLE payments_paymentrequest ADD CONSTRAINT payment_request_no_overlap EXCLUDE USING gist "
    "(grant_id WITH =, daterange(period_start, period_end, '[]') WITH &&) "
    f"WHERE (status IN {LIVE} AND kind = 'assistance')",
    "ALTER TABLE payments_paidsession ADD CONSTRAINT paid_session_no_overlap EXCLUDE USING gist "
    "(interpreter_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)",
]
POSTGRES_REVERSE = [
    "ALTER TABLE payments_paidsession DROP CONSTRAINT paid_session_no_overlap",
    "ALTER TABLE payments_paymentrequest DROP CONSTRAINT payment_request_no_overlap",
    "ALTER TABLE payments_paymentrequest ADD CONSTRAINT payment_request_no_overlap EXCLUDE USING gist "
    "(grant_id WITH =, daterange(period_start, period_end, '[]') WITH &&) "
    f"WHERE (status IN {LIVE})",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("payments", "0007_interpreting")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
