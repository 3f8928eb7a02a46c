"""Case events and the access log refuse UPDATE and DELETE in the database itself (PostgreSQL).

The models' `save()`/`delete()` already refuse, but a queryset `.update()`, a raw SQL statement or a
psql session would not pass through them. Row triggers do not fire on TRUNCATE, so test teardown and a
deliberate wipe of a whole database still work. SQLite (the demo) gets no triggers.
"""

from typing import Any

from django.db import migrations

TABLES = ("cases_caseevent", "accounts_accesslog")

FORWARD = """
CREATE OR REPLACE FUNCTION kompensation_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Tabellen % kan kun tilføjes rækker; rækker kan hverken ændres eller slettes.',
        TG_TABLE_NAME;
END;
$$;
""" + "".join(
    f"""
CREATE TRIGGER {table}_append_only
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION kompensation_append_only();
"""
    for table in TABLES
)

REVERSE = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS kompensation_append_only();\n"
)


def _on_postgresql(sql: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            # params=None: the SQL holds plpgsql's own % placeholders, not the driver's.
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_municipalities"),
        ("cases", "0002_initial"),
    ]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(REVERSE))]
