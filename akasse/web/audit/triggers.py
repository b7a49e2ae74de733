"""Triggers that refuse UPDATE and DELETE of audit events in the database itself, so the log
stays append-only for anyone writing SQL, not only for the application's model."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"

_CREATE = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
        END $$
        """,
        f"""
        CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()
        """,
    ],
    "sqlite": [
        f"""
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END
        """,
        f"""
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END
        """,
    ],
}
_DROP = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
        "DROP FUNCTION IF EXISTS audit_append_only()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"],
}


def create(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _CREATE)


def drop(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _DROP)


def _run(connection: BaseDatabaseWrapper, statements: dict[str, list[str]]) -> None:
    if connection.vendor not in statements:
        raise NotImplementedError(f"no append-only triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements[connection.vendor]:
            cursor.execute(sql)
